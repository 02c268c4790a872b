import { createSimulatedProvider } from '@quorum/provider-mock';
import type { ProviderFactoryV1 } from '@quorum/core';
import { parseDiscussion } from '@quorum/format';
import { describe, expect, it } from 'vitest';
import { eventsOfType, setup } from './test-helpers/harness.js';

const simulated: ProviderFactoryV1 = {
  specificationVersion: 'v1',
  name: 'mock',
  description: 'simulated personas',
  configured: () => ({ ok: true, reason: '' }),
  create: () => createSimulatedProvider({ seed: 'bundled' }),
};

const TEMPLATES = ['feature', 'code-review', 'adr', 'brainstorm', 'design-debate', 'delivery-pipeline'];

describe('every bundled template runs to a final phase with the simulated personas', () => {
  it.each(TEMPLATES)('%s', async (template) => {
    const { run, storage, events } = await setup({ template, answer: () => ({ comment: 'unused' }), factories: [simulated], router: { defaultModel: 'mock' } });
    const result = await run();
    expect(result.outcome, result.message).toBe('finished');
    const discussion = parseDiscussion(storage.text('d.md'));
    expect(discussion.sections.some((s) => s.kind === 'events' && s.events.some((e) => e.kind === 'participant-failed'))).toBe(false);
    expect(eventsOfType(events, 'run-finish')[0]?.status).toBe(result.status);
    // Running again changes nothing: the discussion is over.
    const before = storage.text('d.md');
    expect((await run()).rounds).toBe(0);
    expect(storage.text('d.md')).toBe(before);
  });

  it('gives byte-identical files for the same discussion, whatever the concurrency and timing', async () => {
    const texts: string[] = [];
    for (const [concurrency, latencyMs] of [[1, 0], [8, [0, 5]]] as const) {
      const factory: ProviderFactoryV1 = { ...simulated, create: () => createSimulatedProvider({ seed: 'same', latencyMs: latencyMs as number | [number, number] }) };
      const { run, storage } = await setup({ template: 'feature', answer: () => ({ comment: 'unused' }), factories: [factory], router: { defaultModel: 'mock' } });
      await run({ concurrency });
      texts.push(storage.text('d.md'));
    }
    expect(texts[1]).toBe(texts[0]);
  });
});
