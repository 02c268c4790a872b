import type { GenerateRequestV1, ProviderV1 } from '@quorum/core';
import { describe, expect, it } from 'vitest';
import { ResilientCaller } from './resilience.js';

const settings = { timeoutMs: 60_000, retries: 0, backoffMs: 1, maxBackoffMs: 1, breakerFailures: 5, breakerCooldownMs: 1_000 };

function listeningProvider(signals: AbortSignal[]): ProviderV1 {
  return {
    specificationVersion: 'v1',
    name: 'test',
    defaultModel: 'm',
    async generate(request: GenerateRequestV1) {
      signals.push(request.signal);
      // As an SDK's fetch does.
      request.signal.addEventListener('abort', () => {});
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { text: '{}', model: 'm', usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0 } };
    },
  } as unknown as ProviderV1;
}

const request = { system: '', messages: [], responseSchema: {}, responseSchemaName: 'r', model: 'm' } as unknown as Omit<GenerateRequestV1, 'signal'>;

describe('ResilientCaller', () => {
  it('gives a round of many participants one time limit, without a listener-leak warning or a timer left behind', async () => {
    const caller = new ResilientCaller(settings, { onBreak: () => {}, random: () => 0.5 });
    const signals: AbortSignal[] = [];
    const provider = listeningProvider(signals);
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    try {
      const run = new AbortController().signal;
      await Promise.all(Array.from({ length: 12 }, () => caller.call({ id: 'test:m', provider, model: 'm' }, request, run)));
      // A later attempt starts a time limit of its own.
      await caller.call({ id: 'test:m', provider, model: 'm' }, request, run);
      await new Promise((resolve) => setImmediate(resolve));
      expect(new Set(signals.slice(0, 12)).size).toBe(1);
      expect(signals[12]).not.toBe(signals[0]);
      expect(warnings).toEqual([]);
      expect(timers()).toBe(before);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('aborts every attempt of the group when the run is stopped', async () => {
    const caller = new ResilientCaller(settings, { onBreak: () => {}, random: () => 0.5 });
    const run = new AbortController();
    const signals: AbortSignal[] = [];
    const calls = Array.from({ length: 3 }, () => caller.call({ id: 'test:m', provider: listeningProvider(signals), model: 'm' }, request, run.signal).catch((error: unknown) => error));
    run.abort(new Error('stop'));
    await Promise.all(calls);
    expect(signals.every((signal) => signal.aborted)).toBe(true);
  });
});
