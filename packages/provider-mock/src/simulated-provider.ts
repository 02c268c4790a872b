import { InvalidInputError, ProviderError, type GenerateRequestV1, type GenerateResultV1, type ProviderV1 } from '@quorum/core';
import { abortableDelay, throwIfAborted, untilAborted } from './abort-handling.js';
import { estimateUsage } from './estimate-usage.js';
import { FAULT_KINDS, FaultPlan, type FaultOptions } from './fault-plan.js';
import { requestKey } from './request-key.js';
import { createRandom } from './seeded-random.js';
import { simulateReply } from './simulated-reply.js';

/** The provider name every mock provider reports (in errors and model ids). */
export const MOCK_PROVIDER_NAME = 'mock';
/** The model the simulated provider reports when the request names none. */
export const SIMULATED_MODEL = 'simulated';
/** Default of {@link SimulatedOptions.finalDesignAfterRounds}. */
export const DEFAULT_FINAL_DESIGN_AFTER_ROUNDS = 3;
/** Default of {@link FaultOptions.retryAfterMs}. */
export const DEFAULT_RETRY_AFTER_MS = 1000;

/** Options of {@link createSimulatedProvider}; the same as the `providers.mock` settings of simulated mode. */
export interface SimulatedOptions {
  /** Mixed into every random draw (replies, latencies, faults). Default `''`. */
  readonly seed?: string;
  /** Delay before each reply in milliseconds, or `[min, max]` drawn per request. Default 0 (no timers at all). */
  readonly latencyMs?: number | readonly [number, number];
  /** Fault injection; off by default. */
  readonly faults?: FaultOptions;
  /** From this round of a phase whose instructions ask for a FINAL DESIGN block, voting personas write it. Default 3. */
  readonly finalDesignAfterRounds?: number;
}

/** What a reply that is not JSON looks like: prose and a brace cut off mid-string. */
export function malformedReplyText(comment: string): string {
  const start = JSON.stringify(comment.slice(0, 40)).slice(0, -1);
  return `Here is my reply as JSON: {"comment": ${start}`;
}

/** A reply that is JSON but breaks the response schema in both fields. */
export const SCHEMA_VIOLATING_REPLY_TEXT = '{"comment": 42, "vote": "MAYBE"}';

/**
 * The simulated-persona provider: every reply is made up from the turn description by
 * {@link simulateReply}, deterministically from (seed, discussion, persona, phase, round).
 * With `latencyMs` it waits (honouring `request.signal`); with `faults.rate` it fails some
 * attempts the way real providers do (429, 503, hangs, broken JSON, schema violations),
 * never more than three attempts of one request in a row. Attempts are counted per request
 * key in this instance.
 */
export function createSimulatedProvider(options: SimulatedOptions = {}): ProviderV1 {
  const seed = options.seed ?? '';
  const latency = checkLatency(options.latencyMs ?? 0);
  const faults = options.faults ?? {};
  checkFaults(faults);
  const retryAfterMs = faults.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
  const finalDesignAfterRounds = options.finalDesignAfterRounds ?? DEFAULT_FINAL_DESIGN_AFTER_ROUNDS;
  if (!Number.isInteger(finalDesignAfterRounds) || finalDesignAfterRounds < 1) {
    throw new InvalidInputError(`finalDesignAfterRounds must be a whole number of at least 1, not ${String(finalDesignAfterRounds)}`);
  }
  const plan = new FaultPlan(seed, faults);
  const name = MOCK_PROVIDER_NAME;

  return {
    specificationVersion: 'v1',
    name,
    defaultModel: SIMULATED_MODEL,
    async generate(request: GenerateRequestV1): Promise<GenerateResultV1> {
      throwIfAborted(name, request.signal);
      const key = requestKey(request.turn);
      const fault = plan.next(key);
      const delay = drawLatency(seed, key, latency);
      if (delay > 0) await abortableDelay(name, delay, request.signal);
      if (fault === 'rate_limit') {
        throw new ProviderError(name, 'rate_limit', `simulated rate limit (HTTP 429); retry after ${retryAfterMs} ms`, { status: 429, retryAfterMs });
      }
      if (fault === 'server') throw new ProviderError(name, 'server', 'simulated server error (HTTP 503)', { status: 503 });
      if (fault === 'timeout') return untilAborted(name, request.signal);
      const reply = simulateReply(request.turn, { seed, finalDesignAfterRounds });
      const text =
        fault === 'malformed' ? malformedReplyText(reply.comment)
        : fault === 'schema' ? SCHEMA_VIOLATING_REPLY_TEXT
        : JSON.stringify({ comment: reply.comment, vote: reply.vote });
      return { text, usage: estimateUsage(request, text), model: request.model || SIMULATED_MODEL };
    },
  };
}

/** The delay for a request: the fixed value, or a draw from `[min, max]` that depends only on seed and key. */
export function drawLatency(seed: string, key: string, latency: number | readonly [number, number]): number {
  if (typeof latency === 'number') return latency;
  const [min, max] = latency;
  if (max <= min) return min;
  return Math.round(min + createRandom('latency', seed, key).next() * (max - min));
}

function checkLatency(latency: number | readonly [number, number]): number | readonly [number, number] {
  const valid = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value) && value >= 0;
  if (typeof latency === 'number' ? valid(latency) : Array.isArray(latency) && latency.length === 2 && latency.every(valid) && latency[0] <= latency[1]) {
    return latency;
  }
  throw new InvalidInputError(`latencyMs must be a number of milliseconds of at least 0 or a [min, max] pair with min <= max, not ${JSON.stringify(latency)}`);
}

function checkFaults(faults: FaultOptions): void {
  const rate = faults.rate ?? 0;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
    throw new InvalidInputError(`faults.rate must be a number from 0 to 1, not ${JSON.stringify(rate)}`);
  }
  for (const kind of faults.kinds ?? []) {
    if (!(FAULT_KINDS as readonly string[]).includes(kind)) {
      throw new InvalidInputError(`faults.kinds has "${String(kind)}", which is not a fault kind; use ${FAULT_KINDS.join(', ')}`);
    }
  }
  const retryAfterMs = faults.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
  if (typeof retryAfterMs !== 'number' || !Number.isFinite(retryAfterMs) || retryAfterMs < 0) {
    throw new InvalidInputError(`faults.retryAfterMs must be a number of milliseconds of at least 0, not ${JSON.stringify(retryAfterMs)}`);
  }
}
