import { readFile } from 'node:fs/promises';
import { ConfigError } from '@quorum/core';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, configSchema } from './config-schema.js';
import { resolveConfig } from './resolve-config.js';
import { schemaFileText, schemaFiles } from './schema-files.js';

const DEFAULTS = {
  discussions: { dir: 'discussions' },
  plugins: [],
  storage: { backend: 'file', options: {} },
  voting: { strategy: 'threshold', options: {} },
  templates: { dirs: [] },
  participants: ['architect', 'security', 'pragmatist'],
  voters: {},
  personas: { dirs: [] },
  providers: { fallback: [] },
  engine: {
    concurrency: 8,
    timeoutMs: 120_000,
    retries: 3,
    backoffMs: 1_000,
    maxBackoffMs: 30_000,
    breakerFailures: 5,
    breakerCooldownMs: 30_000,
    eventLog: false,
  },
  budget: {},
  pricing: {},
};

describe('configSchema', () => {
  it('schemas/config.schema.json is what the code generates', async () => {
    const checkedIn = await readFile(new URL('../../../schemas/config.schema.json', import.meta.url), 'utf8').catch(
      () => '(missing)',
    );
    expect(checkedIn, 'schemas/config.schema.json is stale; run npm run schemas').toBe(
      schemaFileText(configJsonSchema),
    );
    expect(schemaFiles).toEqual([{ file: 'config.schema.json', schema: configJsonSchema }]);
  });

  it('gives the same defaults through zod and through the JSON Schema', () => {
    expect(resolveConfig({})).toEqual(DEFAULTS);
    expect(configSchema.parse({})).toEqual(DEFAULTS);
    expect(resolveConfig({ voting: { options: { threshold: 0.7 } } }).voting).toEqual({
      strategy: 'threshold',
      options: { threshold: 0.7 },
    });
  });

  it('accepts every field', () => {
    const config = {
      $schema: '../schemas/config.schema.json',
      discussions: { dir: 'docs/discussions' },
      plugins: ['quorum-plugin-risk', ['./plugins/weights.mjs', { scale: 2 }]],
      storage: { backend: 'file', options: { lockTimeoutMs: 500 } },
      voting: { strategy: 'majority', options: {} },
      templates: { dirs: ['templates', '../shared/templates'] },
      participants: ['architect', 'cost_cutter'],
      voters: { Rob: { human: true, weight: 2, aliases: ['rob'] }, 'AI-Scribe': { background: true } },
      author: 'Rob',
      personas: { dirs: ['personas-extra'] },
      providers: {
        default: 'anthropic:claude-sonnet-5',
        fallback: ['openai:gpt-4o-mini', 'ollama'],
        openai: { baseURL: 'http://127.0.0.1:8080/v1' },
      },
      engine: {
        concurrency: 2,
        timeoutMs: 5_000,
        retries: 1,
        backoffMs: 10,
        maxBackoffMs: 100,
        breakerFailures: 3,
        breakerCooldownMs: 1_000,
        eventLog: true,
      },
      budget: { maxCost: 2.5 },
      pricing: { 'openai:gpt-4o': { input: 2.5, output: 10, cachedInput: 1.25 } },
    };
    expect(resolveConfig(config)).toEqual(config);
  });

  it('rejects unknown keys with "did you mean"', () => {
    expect(() => resolveConfig({ dicussions: {} })).toThrow(
      new ConfigError('dicussions is not a known key (did you mean "discussions"?)'),
    );
    expect(() => resolveConfig({ voters: { Rob: { wieght: 2 } } })).toThrow(
      'voters.Rob.wieght is not a known key (did you mean "weight"?)',
    );
  });

  it('rejects values of the wrong kind', () => {
    expect(() => resolveConfig(null)).toThrow('config must be an object');
    expect(() => resolveConfig({ voters: { Rob: { weight: 0 } } })).toThrow('voters.Rob.weight must be greater than 0');
    expect(() => resolveConfig({ plugins: [['./a.mjs']] })).toThrow('plugins[0] must have at least 2 items');
    expect(() => resolveConfig({ participants: ['AI Architect'] })).toThrow('participants[0] must match the pattern');
    expect(() => resolveConfig({ voters: { '': { human: true } } })).toThrow(
      new ConfigError('voters has an invalid key ""'),
    );
  });
});
