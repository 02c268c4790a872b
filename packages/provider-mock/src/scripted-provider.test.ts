import { ProviderError } from '@quorum/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cassette } from './cassette.js';
import { estimateUsage } from './estimate-usage.js';
import { createScriptedProvider } from './scripted-provider.js';
import { createSimulatedProvider } from './simulated-provider.js';
import { makeRequest, makeTurn, personaOf } from './test-helpers/turns.js';

const text = (comment: string) => JSON.stringify({ comment, vote: null });

describe('createScriptedProvider', () => {
  const cassette: Cassette = {
    version: 1,
    entries: [
      { persona: 'security', phase: 'initial_feedback', round: 1, reply: { text: text('security one'), usage: { inputTokens: 10, outputTokens: 5, cachedInputTokens: 0 }, model: 'recorded' } },
      { persona: 'security', round: 2, reply: { text: text('security two') } },
      { reply: { text: text('anyone first') } },
      { reply: { text: text('anyone second') } },
      { persona: 'security', phase: 'initial_feedback', round: 1, reply: { text: text('security again') } },
    ],
  };

  it('takes the first unused entry whose match fields all equal the request', async () => {
    const provider = createScriptedProvider(cassette);
    const security = personaOf('security');
    const first = await provider.generate(makeRequest(makeTurn({ persona: security })));
    expect(first).toEqual({ text: text('security one'), usage: { inputTokens: 10, outputTokens: 5, cachedInputTokens: 0 }, model: 'recorded' });
    expect((await provider.generate(makeRequest(makeTurn({ persona: security })))).text).toBe(text('anyone first'));
    expect((await provider.generate(makeRequest(makeTurn({ persona: security, round: 2, phase: { ...makeTurn().phase, id: 'other' } })))).text).toBe(text('security two'));
    expect((await provider.generate(makeRequest(makeTurn()))).text).toBe(text('anyone second'));
    expect((await provider.generate(makeRequest(makeTurn({ persona: security })))).text).toBe(text('security again'));
  });

  it('always takes the first unused matching entry, whatever order the requests come in', async () => {
    const field = <T,>(values: readonly T[]) => fc.option(fc.constantFrom(...values), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ persona: field(['security', 'architect']), round: field([1, 2]) }), { maxLength: 12 }),
        fc.array(fc.record({ persona: fc.constantFrom('security', 'architect'), round: fc.constantFrom(1, 2) }), { maxLength: 14 }),
        async (fields, requests) => {
          const entries = fields.map((match, i) => ({ ...(match.persona === undefined ? {} : { persona: match.persona }), ...(match.round === undefined ? {} : { round: match.round }), reply: { text: `entry ${i}` } }));
          const provider = createScriptedProvider({ version: 1, entries });
          const used = entries.map(() => false);
          for (const request of requests) {
            const expected = entries.findIndex((entry, i) => !used[i] && (entry.persona ?? request.persona) === request.persona && (entry.round ?? request.round) === request.round);
            const reply = provider.generate(makeRequest(makeTurn({ persona: personaOf(request.persona), round: request.round })));
            if (expected === -1) {
              await expect(reply).rejects.toThrow(ProviderError);
              continue;
            }
            used[expected] = true;
            expect((await reply).text).toBe(`entry ${expected}`);
          }
        },
      ),
    );
  });

  it('estimates the usage and reports the requested model when the entry has neither', async () => {
    const provider = createScriptedProvider({ version: 1, entries: [{ reply: { text: 'hello' } }, { reply: { text: 'again' } }] });
    const request = makeRequest(makeTurn(), { model: 'wanted' });
    const result = await provider.generate(request);
    expect(result).toEqual({ text: 'hello', usage: estimateUsage(request, 'hello'), model: 'wanted' });
    expect((await provider.generate(makeRequest())).model).toBe('scripted');
  });

  it('strict: a miss is an unavailable ProviderError that says how to fix it', async () => {
    const provider = createScriptedProvider({ version: 1, entries: [] });
    const error: unknown = await provider.generate(makeRequest(makeTurn({ round: 3 }))).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'unavailable', retryable: false });
    expect((error as Error).message).toBe('mock: the cassette has no reply for architect in initial_feedback round 3; record it again with --record');
  });

  it('non-strict: a miss gets the simulated reply', async () => {
    const provider = createScriptedProvider({ version: 1, entries: [{ persona: 'security', reply: { text: 'scripted' } }] }, { strict: false, simulated: { seed: 's' } });
    const request = makeRequest();
    expect(await provider.generate(request)).toEqual(await createSimulatedProvider({ seed: 's' }).generate(request));
    expect((await provider.generate(makeRequest(makeTurn({ persona: personaOf('security') })))).text).toBe('scripted');
  });

  it('rejects at once when the signal already aborted', async () => {
    const provider = createScriptedProvider({ version: 1, entries: [{ reply: { text: 'x' } }] });
    await expect(provider.generate(makeRequest(makeTurn(), { signal: AbortSignal.abort() }))).rejects.toMatchObject({ kind: 'cancelled' });
    expect((await provider.generate(makeRequest())).text).toBe('x');
  });
});
