import { ProviderError, responseSchema } from '@quorum/core';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAXIMUM_CONSECUTIVE_FAULTS, type FaultKind } from './fault-plan.js';
import { requestKey } from './request-key.js';
import { createSimulatedProvider, drawLatency, SIMULATED_MODEL } from './simulated-provider.js';
import { CONSENSUS_VOTE, makeRequest, makeTurn, PERSONAS, personaOf } from './test-helpers/turns.js';

afterEach(() => {
  vi.useRealTimers();
});

function parsedReply(text: string) {
  return responseSchema.safeParse(JSON.parse(text));
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

describe('createSimulatedProvider', () => {
  it('identifies itself as the mock provider with the simulated model', () => {
    const provider = createSimulatedProvider();
    expect(provider).toMatchObject({ specificationVersion: 'v1', name: 'mock', defaultModel: SIMULATED_MODEL });
  });

  it('replies with JSON that follows the response schema, for every persona and phase', async () => {
    const provider = createSimulatedProvider({ seed: 'schema' });
    for (const persona of Object.values(PERSONAS)) {
      for (const phase of [makeTurn().phase, CONSENSUS_VOTE]) {
        for (const round of [1, 2, 3]) {
          const result = await provider.generate(makeRequest(makeTurn({ persona, phase, round })));
          const parsed = parsedReply(result.text);
          expect(parsed.success, result.text).toBe(true);
        }
      }
    }
  });

  it('gives byte-identical text and usage for the same request, across calls and instances', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(PERSONAS)),
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        fc.string({ maxLength: 12 }),
        async (alias, round, voting, seed) => {
          const request = makeRequest(makeTurn({ persona: personaOf(alias), round, phase: voting ? CONSENSUS_VOTE : makeTurn().phase }));
          const first = await createSimulatedProvider({ seed }).generate(request);
          const provider = createSimulatedProvider({ seed });
          await provider.generate(makeRequest(makeTurn({ round: round + 1 })));
          expect(await provider.generate(request)).toEqual(first);
          expect(await provider.generate(request)).toEqual(first);
        },
      ),
    );
  });

  it('estimates usage from the characters of the prompt and the reply', async () => {
    const turn = makeTurn({ round: 2 });
    const request = makeRequest(turn, {
      system: 'x'.repeat(10),
      messages: [
        { role: 'user', content: [{ text: 'a'.repeat(7), cacheBreakpoint: true }, { text: 'b'.repeat(5) }] },
        { role: 'assistant', content: [{ text: 'c'.repeat(4), cacheBreakpoint: true }] },
        { role: 'user', content: [{ text: 'd'.repeat(3) }] },
      ],
    });
    const result = await createSimulatedProvider().generate(request);
    expect(result.usage).toEqual({
      inputTokens: Math.ceil(29 / 4),
      cachedInputTokens: Math.ceil(26 / 4),
      outputTokens: Math.ceil(result.text.length / 4),
    });
    const first = await createSimulatedProvider().generate({ ...request, turn: { ...turn, round: 1 } });
    expect(first.usage.cachedInputTokens).toBe(0);
  });

  it('reports the requested model, or simulated', async () => {
    const provider = createSimulatedProvider();
    expect((await provider.generate(makeRequest())).model).toBe('simulated');
    expect((await provider.generate(makeRequest(makeTurn(), { model: 'big-brain' }))).model).toBe('big-brain');
  });

  it('rejects settings it cannot use with a sentence naming the setting', () => {
    expect(() => createSimulatedProvider({ latencyMs: -1 })).toThrow(/latencyMs must be/);
    expect(() => createSimulatedProvider({ latencyMs: [5, 1] })).toThrow(/min <= max/);
    expect(() => createSimulatedProvider({ faults: { rate: 2 } })).toThrow(/faults.rate must be a number from 0 to 1/);
    expect(() => createSimulatedProvider({ faults: { kinds: ['flood' as FaultKind] } })).toThrow(/"flood", which is not a fault kind/);
    expect(() => createSimulatedProvider({ finalDesignAfterRounds: 0 })).toThrow(/finalDesignAfterRounds/);
  });

  describe('latency', () => {
    it('touches no timer when the latency is 0', async () => {
      vi.useFakeTimers();
      const result = await createSimulatedProvider().generate(makeRequest());
      expect(result.text.length).toBeGreaterThan(0);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('waits the configured time before replying', async () => {
      vi.useFakeTimers();
      let done = false;
      const pending = createSimulatedProvider({ latencyMs: 500 })
        .generate(makeRequest())
        .then(() => {
          done = true;
        });
      await vi.advanceTimersByTimeAsync(499);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await pending;
      expect(done).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('draws a latency from [min, max] that depends only on the seed and the request', () => {
      const keys = Array.from({ length: 200 }, (_, index) => requestKey(makeTurn({ discussion: `d${index}` })));
      const draws = keys.map((key) => drawLatency('s', key, [200, 800]));
      expect(draws.every((value) => value >= 200 && value <= 800 && Number.isInteger(value))).toBe(true);
      expect(new Set(draws).size).toBeGreaterThan(100);
      expect(keys.map((key) => drawLatency('s', key, [200, 800]))).toEqual(draws);
      expect(drawLatency('s', keys[0] ?? '', 42)).toBe(42);
    });

    it('rejects promptly with timeout when the attempt times out, and cancelled when the run stops', async () => {
      vi.useFakeTimers();
      const provider = createSimulatedProvider({ latencyMs: [1000, 2000] });
      const timeout = new AbortController();
      const timedOut = rejection(provider.generate(makeRequest(makeTurn(), { signal: timeout.signal })));
      timeout.abort(new DOMException('The operation timed out.', 'TimeoutError'));
      expect((await timedOut).kind).toBe('timeout');

      const stop = new AbortController();
      const cancelled = rejection(provider.generate(makeRequest(makeTurn(), { signal: stop.signal })));
      stop.abort();
      expect((await cancelled).kind).toBe('cancelled');
      expect(vi.getTimerCount()).toBe(0);
    });

    it('rejects at once when the signal aborted before the call', async () => {
      const provider = createSimulatedProvider();
      const error = await rejection(provider.generate(makeRequest(makeTurn(), { signal: AbortSignal.abort() })));
      expect(error.kind).toBe('cancelled');
      const timedOut = await rejection(provider.generate(makeRequest(makeTurn(), { signal: AbortSignal.abort(new DOMException('late', 'TimeoutError')) })));
      expect(timedOut.kind).toBe('timeout');
    });
  });

  describe('faults', () => {
    const always = (kind: FaultKind) => createSimulatedProvider({ faults: { rate: 1, kinds: [kind], retryAfterMs: 2500 } });

    it('rate_limit: a retryable 429 with the configured retry-after', async () => {
      const error = await rejection(always('rate_limit').generate(makeRequest()));
      expect(error).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: 2500, retryable: true, provider: 'mock' });
    });

    it('server: a retryable 503', async () => {
      const error = await rejection(always('server').generate(makeRequest()));
      expect(error).toMatchObject({ kind: 'server', status: 503, retryable: true });
    });

    it('timeout: hangs until the signal aborts', async () => {
      const controller = new AbortController();
      let settled = false;
      const pending = rejection(always('timeout').generate(makeRequest(makeTurn(), { signal: controller.signal }))).finally(() => {
        settled = true;
      });
      await new Promise((resolve) => setImmediate(resolve));
      expect(settled).toBe(false);
      controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
      expect((await pending).kind).toBe('timeout');
    });

    it('malformed: text that is not JSON', async () => {
      const result = await always('malformed').generate(makeRequest());
      expect(() => JSON.parse(result.text) as unknown).toThrow();
      expect(result.usage.outputTokens).toBe(Math.ceil(result.text.length / 4));
    });

    it('schema: JSON that breaks the response schema', async () => {
      const result = await always('schema').generate(makeRequest());
      expect(parsedReply(result.text).success).toBe(false);
    });

    it('never fails more than three attempts of one request in a row', async () => {
      const provider = always('server');
      const outcomes: boolean[] = [];
      for (let attempt = 0; attempt < 8; attempt++) {
        outcomes.push(await provider.generate(makeRequest()).then(() => true, () => false));
      }
      expect(outcomes).toEqual([false, false, false, true, false, false, false, true]);
      expect(MAXIMUM_CONSECUTIVE_FAULTS).toBe(3);
    });

    it('fails about the configured share of attempts, each key on its own', async () => {
      const provider = createSimulatedProvider({ seed: 'rates', faults: { rate: 0.3, kinds: ['server', 'rate_limit'] } });
      const keys = 2000;
      let failed = 0;
      for (let index = 0; index < keys; index++) {
        const ok = await provider.generate(makeRequest(makeTurn({ discussion: `d${index}` }))).then(() => true, () => false);
        if (!ok) failed++;
      }
      expect(failed / keys).toBeGreaterThan(0.26);
      expect(failed / keys).toBeLessThan(0.34);
    });

    it('gives the same outcomes for the same seed whatever order the keys are asked in', async () => {
      const turns = Array.from({ length: 30 }, (_, index) => makeTurn({ discussion: `d${index}` }));
      const run = async (order: typeof turns) => {
        const provider = createSimulatedProvider({ seed: 'order', faults: { rate: 0.5, kinds: ['server', 'schema', 'malformed'] } });
        const outcomes = new Map<string, string[]>();
        for (let attempt = 0; attempt < 4; attempt++) {
          for (const turn of order) {
            const outcome = await provider.generate(makeRequest(turn)).then(
              (result) => (parsedReply(safeJson(result.text)).success ? 'ok' : 'invalid'),
              (error: ProviderError) => error.kind,
            );
            outcomes.set(turn.discussion, [...(outcomes.get(turn.discussion) ?? []), outcome]);
          }
        }
        return outcomes;
      };
      const forward = await run(turns);
      const backward = await run([...turns].reverse());
      expect(backward).toEqual(forward);
      expect(new Set([...forward.values()].flat())).toEqual(new Set(['ok', 'invalid', 'server']));
    });

    it('with rate 0.9 still lets every request through within four attempts', async () => {
      const provider = createSimulatedProvider({ seed: 'x', faults: { rate: 0.9, kinds: ['rate_limit', 'server', 'malformed', 'schema'] } });
      for (let index = 0; index < 100; index++) {
        const request = makeRequest(makeTurn({ discussion: `d${index}`, persona: personaOf('security') }));
        let run = 0;
        for (let attempt = 0; attempt < 12; attempt++) {
          const ok = await provider.generate(request).then(
            (result) => parsedReply(safeJson(result.text)).success,
            () => false,
          );
          run = ok ? 0 : run + 1;
          expect(run).toBeLessThanOrEqual(3);
        }
      }
    });
  });
});

function safeJson(text: string): string {
  try {
    JSON.parse(text);
    return text;
  } catch {
    return 'null';
  }
}
