import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, InvalidInputError, type ProviderEnvironment } from '@quorum/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAULT_KINDS } from './fault-plan.js';
import { mockProvider } from './mock-provider.js';
import { mockOptionsSchema, parseMockSettings } from './mock-settings.js';
import { createRecorder } from './recorder.js';
import { createSimulatedProvider } from './simulated-provider.js';
import { makeRequest, makeTurn, personaOf } from './test-helpers/turns.js';

const CANARY = 'sk-canary-4b1d-0000-do-not-leak';
let directory: string;
let environment: ProviderEnvironment;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'quorum-mock-'));
  environment = { env: { OPENAI_API_KEY: CANARY, ANTHROPIC_API_KEY: CANARY }, projectDir: directory };
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('mockProvider', () => {
  it('is the always-configured mock factory', () => {
    expect(mockProvider).toMatchObject({ specificationVersion: 'v1', name: 'mock' });
    const configured = mockProvider.configured({}, { env: {}, projectDir: directory });
    expect(configured.ok).toBe(true);
    expect(configured.reason.length).toBeGreaterThan(0);
  });

  it('creates the simulated provider by default, the same as createSimulatedProvider with those settings', async () => {
    const provider = mockProvider.create({ seed: 'abc' }, environment);
    expect(provider.defaultModel).toBe('simulated');
    const request = makeRequest();
    expect(await provider.generate(request)).toEqual(await createSimulatedProvider({ seed: 'abc' }).generate(request));
    expect(await provider.generate(request)).not.toEqual(await mockProvider.create({}, environment).generate(request));
  });

  it('passes latency and faults to the simulated provider', async () => {
    const provider = mockProvider.create({ faults: { rate: 1, kinds: ['rate_limit'], retryAfterMs: 7 } }, environment);
    await expect(provider.generate(makeRequest())).rejects.toMatchObject({ kind: 'rate_limit', retryAfterMs: 7 });
  });

  it('replays a cassette relative to the project directory in scripted mode, read on the first call', async () => {
    const cassette = join(directory, 'cassettes', 'run.json');
    const provider = mockProvider.create({ mode: 'scripted', cassette: 'cassettes/run.json' }, environment);
    expect(provider.defaultModel).toBe('scripted');
    const recorded = createRecorder(cassette).wrap(mockProvider.create({}, environment));
    const original = await recorded.generate(makeRequest());
    expect(await provider.generate(makeRequest())).toEqual(original);
    await expect(provider.generate(makeRequest())).rejects.toMatchObject({ kind: 'unavailable' });
    const lenient = mockProvider.create({ mode: 'scripted', cassette: 'cassettes/run.json', strict: false, seed: 'z' }, environment);
    await lenient.generate(makeRequest());
    const miss = makeRequest(makeTurn({ persona: personaOf('security') }));
    expect(await lenient.generate(miss)).toEqual(await createSimulatedProvider({ seed: 'z' }).generate(miss));
    const text = await readFile(cassette, 'utf8');
    expect(text).not.toContain(CANARY);
  });

  it('reports a missing or invalid cassette as InvalidInputError naming the file, on the first call', async () => {
    const missing = mockProvider.create({ mode: 'scripted', cassette: 'nope.json' }, environment);
    const error: unknown = await missing.generate(makeRequest()).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toContain(join(directory, 'nope.json'));
    expect((error as Error).message).not.toContain(CANARY);
    await writeFile(join(directory, 'bad.json'), '{"version": 1, "entries": [{"reply": {}}]}');
    const invalid = mockProvider.create({ mode: 'scripted', cassette: 'bad.json' }, environment);
    await expect(invalid.generate(makeRequest())).rejects.toThrow(`${join(directory, 'bad.json')}: entries[0].reply.text must be a string`);
  });

  it('rejects settings it does not understand with the setting named', () => {
    expect(() => mockProvider.create({ mode: 'scripted' }, environment)).toThrow(new ConfigError('providers.mock.cassette is required when mode is scripted; name the cassette file, relative to the project'));
    expect(() => mockProvider.create({ latncyMs: 5 }, environment)).toThrow(/providers\.mock\.latncyMs is not a setting \(did you mean "latencyMs"\?\)/);
    expect(() => mockProvider.create({ mode: 'live' }, environment)).toThrow(/providers\.mock\.mode must be one of simulated, scripted/);
    expect(() => mockProvider.create({ faults: { rate: 1.5 } }, environment)).toThrow(/providers\.mock\.faults\.rate must be a number from 0 to 1/);
    expect(() => mockProvider.create({ faults: { kinds: ['server', 'timout'] } }, environment)).toThrow(/"timout", which is not a fault kind \(did you mean "timeout"\?\)/);
    expect(() => mockProvider.create({ faults: { kinds: [] } }, environment)).toThrow(/faults\.kinds must be a non-empty list/);
    expect(() => mockProvider.create({ latencyMs: [800, 200] }, environment)).toThrow(/providers\.mock\.latencyMs/);
    expect(() => mockProvider.create({ strict: 'yes' }, environment)).toThrow(/providers\.mock\.strict must be true or false/);
    expect(() => mockProvider.create({ finalDesignAfterRounds: 1.5 }, environment)).toThrow(/finalDesignAfterRounds must be a whole number/);
    expect(() => mockProvider.create({ seed: 3 }, environment)).toThrow(/providers\.mock\.seed must be a string/);
  });

  describe('optionsSchema', () => {
    const schema = mockOptionsSchema as { properties: Record<string, Record<string, unknown>>; additionalProperties: unknown };

    it('is closed and describes every setting', () => {
      expect(mockProvider.optionsSchema).toBe(mockOptionsSchema);
      expect(schema.additionalProperties).toBe(false);
      for (const property of Object.values(schema.properties)) expect(typeof property.description).toBe('string');
      const faults = schema.properties.faults as { properties: Record<string, Record<string, unknown>>; additionalProperties: unknown };
      expect(faults.additionalProperties).toBe(false);
      expect(faults.properties.kinds).toMatchObject({ items: { enum: [...FAULT_KINDS] } });
    });

    it('has the same settings and defaults as parseMockSettings', () => {
      const parsed = parseMockSettings({});
      const defaults = Object.fromEntries(
        Object.entries(schema.properties)
          .filter(([, property]) => 'default' in property)
          .map(([key, property]) => [key, property.default]),
      );
      const faults = schema.properties.faults as { properties: Record<string, { default: unknown }> };
      expect({ ...defaults, faults: Object.fromEntries(Object.entries(faults.properties).map(([key, property]) => [key, property.default])) }).toEqual({
        mode: parsed.mode,
        seed: parsed.seed,
        latencyMs: parsed.latencyMs,
        faults: parsed.faults,
        strict: parsed.strict,
        finalDesignAfterRounds: parsed.finalDesignAfterRounds,
      });
      expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(parsed).sort());
    });

    it('accepts the settings block from the README', () => {
      expect(parseMockSettings({ latencyMs: [200, 800], faults: { rate: 0.1 } })).toMatchObject({ latencyMs: [200, 800], faults: { rate: 0.1, kinds: [...FAULT_KINDS], retryAfterMs: 1000 } });
    });
  });
});
