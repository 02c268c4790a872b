import { createRandom } from './seeded-random.js';

/** The failures the simulated provider can inject. */
export const FAULT_KINDS = ['rate_limit', 'server', 'timeout', 'malformed', 'schema'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Fault injection settings (`providers.mock.faults`). */
export interface FaultOptions {
  /** Probability that an attempt fails, 0 to 1 (default 0). */
  readonly rate?: number;
  /** The kinds drawn from, equally likely (default: all of them). */
  readonly kinds?: readonly FaultKind[];
  /** `retryAfterMs` of a simulated 429 (default 1000). */
  readonly retryAfterMs?: number;
}

/** A key never fails more than this many attempts in a row, so a retrying engine gets through. */
export const MAXIMUM_CONSECUTIVE_FAULTS = 3;

interface KeyAttempts {
  attempts: number;
  consecutiveFaults: number;
}

/**
 * Decides, attempt by attempt, which requests fail and how. The draw for an attempt depends
 * only on the seed, the request key and the attempt number of that key in this plan (one
 * plan per provider instance), never on other keys or on time; after
 * {@link MAXIMUM_CONSECUTIVE_FAULTS} faults in a row the next attempt of that key succeeds.
 */
export class FaultPlan {
  readonly #seed: string;
  readonly #rate: number;
  readonly #kinds: readonly FaultKind[];
  readonly #keys = new Map<string, KeyAttempts>();

  constructor(seed: string, options: FaultOptions = {}) {
    this.#seed = seed;
    this.#rate = options.rate ?? 0;
    this.#kinds = options.kinds !== undefined && options.kinds.length > 0 ? options.kinds : FAULT_KINDS;
  }

  /** Counts one attempt of `key` and says how it fails, or undefined when it succeeds. */
  next(key: string): FaultKind | undefined {
    let state = this.#keys.get(key);
    if (state === undefined) {
      state = { attempts: 0, consecutiveFaults: 0 };
      this.#keys.set(key, state);
    }
    state.attempts += 1;
    if (this.#rate <= 0 || state.consecutiveFaults >= MAXIMUM_CONSECUTIVE_FAULTS) {
      state.consecutiveFaults = 0;
      return undefined;
    }
    const random = createRandom('fault', this.#seed, key, String(state.attempts));
    if (!random.chance(this.#rate)) {
      state.consecutiveFaults = 0;
      return undefined;
    }
    state.consecutiveFaults += 1;
    return random.pick(this.#kinds);
  }

  /** How many attempts of `key` this plan has counted. */
  attempts(key: string): number {
    return this.#keys.get(key)?.attempts ?? 0;
  }
}
