import { resolve } from 'node:path';
import type { GenerateRequestV1, GenerateResultV1, ProviderEnvironment, ProviderFactoryV1, ProviderV1 } from '@quorum/core';
import { mockOptionsSchema, parseMockSettings } from './mock-settings.js';
import { readCassette } from './read-cassette.js';
import { createScriptedProvider, SCRIPTED_MODEL } from './scripted-provider.js';
import { createSimulatedProvider, MOCK_PROVIDER_NAME, type SimulatedOptions } from './simulated-provider.js';

/**
 * The `mock` provider: needs no key and no network, so it is always configured. In
 * `simulated` mode (the default) personas are made up deterministically from each turn; in
 * `scripted` mode replies come from a cassette file (`settings.cassette`, relative to the
 * project directory), read on the first call. Settings are described by `optionsSchema`.
 */
export const mockProvider: ProviderFactoryV1 = {
  specificationVersion: 'v1',
  name: MOCK_PROVIDER_NAME,
  description: 'Deterministic simulated personas, or replies replayed from a recorded cassette; no key, no network.',
  optionsSchema: mockOptionsSchema,
  configured: () => ({ ok: true, reason: 'the mock provider needs no API key and no network' }),
  create(settings: Readonly<Record<string, unknown>>, environment: ProviderEnvironment): ProviderV1 {
    const parsed = parseMockSettings(settings);
    const simulated: SimulatedOptions = {
      seed: parsed.seed,
      latencyMs: parsed.latencyMs,
      faults: parsed.faults,
      finalDesignAfterRounds: parsed.finalDesignAfterRounds,
    };
    if (parsed.mode === 'simulated' || parsed.cassette === undefined) return createSimulatedProvider(simulated);
    const file = resolve(environment.projectDir, parsed.cassette);
    let scripted: Promise<ProviderV1> | undefined;
    return {
      specificationVersion: 'v1',
      name: MOCK_PROVIDER_NAME,
      defaultModel: SCRIPTED_MODEL,
      async generate(request: GenerateRequestV1): Promise<GenerateResultV1> {
        scripted ??= readCassette(file).then((cassette) => createScriptedProvider(cassette, { strict: parsed.strict, simulated }));
        return (await scripted).generate(request);
      },
    };
  },
};
