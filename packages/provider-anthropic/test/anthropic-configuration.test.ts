import { ConfigError, type ProviderEnvironment, type QuorumPluginV1 } from '@quorum/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import anthropicDefault, { ANTHROPIC_DEFAULT_MAX_OUTPUT_TOKENS, ANTHROPIC_DEFAULT_MODEL, anthropicOptionsSchema, anthropicPlugin, anthropicProvider } from '../src/index.js';
import { startAnthropicTestServer, type AnthropicTestServer } from './anthropic-test-server.js';
import { generateRequest } from '@quorum/conformance';

const CANARY = 'sk-canary-0123456789abcdef';

function environment(env: Record<string, string | undefined>): ProviderEnvironment {
  return { env, projectDir: '/tmp/quorum-test' };
}

function sentKey(server: AnthropicTestServer): string | undefined {
  const headers = server.requests[0]?.headers;
  const value = headers?.['x-api-key'] ?? headers?.['authorization'];
  return typeof value === 'string' ? value.replace(/^Bearer /, '') : undefined;
}

describe('anthropic plugin', () => {
  it('is the default export and contributes the anthropic provider', () => {
    const plugin: QuorumPluginV1 = anthropicDefault;
    expect(plugin).toBe(anthropicPlugin);
    expect(plugin).toMatchObject({ specificationVersion: 'v1', meta: { name: 'quorum-provider-anthropic', version: '0.1.0' } });
    expect(plugin.providers).toEqual([anthropicProvider]);
    expect(anthropicProvider).toMatchObject({ specificationVersion: 'v1', name: 'anthropic' });
  });

  it('declares a closed options schema with the defaults', () => {
    expect(anthropicOptionsSchema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      properties: {
        apiKey: { type: 'string' },
        baseURL: { type: 'string' },
        headers: { type: 'object', additionalProperties: { type: 'string' } },
        model: { type: 'string', default: 'claude-sonnet-4-6' },
        stream: { type: 'boolean', default: false },
        maxOutputTokens: { type: 'integer', minimum: 1, default: 4096 },
      },
    });
    expect(anthropicOptionsSchema['properties']).not.toHaveProperty('organization');
    expect(anthropicProvider.optionsSchema).toBe(anthropicOptionsSchema);
    expect([ANTHROPIC_DEFAULT_MODEL, ANTHROPIC_DEFAULT_MAX_OUTPUT_TOKENS]).toEqual(['claude-sonnet-4-6', 4096]);
  });
});

describe('anthropic configured()', () => {
  it('is configured by a key in the settings or ANTHROPIC_API_KEY', () => {
    expect(anthropicProvider.configured({ apiKey: CANARY }, environment({})).ok).toBe(true);
    expect(anthropicProvider.configured({}, environment({ ANTHROPIC_API_KEY: CANARY })).ok).toBe(true);
  });

  it('is not configured by a base URL alone, and says what is missing', () => {
    const result = anthropicProvider.configured({ baseURL: 'http://127.0.0.1:9' }, environment({ ANTHROPIC_API_KEY: ' ', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' }));
    expect(result).toEqual({ ok: false, reason: 'ANTHROPIC_API_KEY is not set and providers.anthropic has no apiKey' });
  });

  it('never puts the key in its reason', () => {
    for (const result of [anthropicProvider.configured({ apiKey: CANARY }, environment({})), anthropicProvider.configured({}, environment({ ANTHROPIC_API_KEY: CANARY }))]) {
      expect(result.reason).not.toContain(CANARY);
    }
  });

  it('reads only the given environment, never process.env', () => {
    const saved = process.env['ANTHROPIC_API_KEY'];
    process.env['ANTHROPIC_API_KEY'] = CANARY;
    try {
      expect(anthropicProvider.configured({}, environment({})).ok).toBe(false);
      expect(() => anthropicProvider.create({}, environment({}))).toThrow(ConfigError);
    } finally {
      if (saved === undefined) delete process.env['ANTHROPIC_API_KEY'];
      else process.env['ANTHROPIC_API_KEY'] = saved;
    }
  });
});

describe('anthropic create(): settings over environment', () => {
  let server: AnthropicTestServer;
  let other: AnthropicTestServer;

  beforeEach(async () => {
    server = await startAnthropicTestServer({ apiKey: 'sk-ant-from-settings-5678' });
    other = await startAnthropicTestServer({ apiKey: 'sk-ant-from-environment-1234' });
  });
  afterEach(async () => {
    await server.close();
    await other.close();
  });

  it('takes the key and base URL from ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL', async () => {
    const provider = anthropicProvider.create({ model: 'claude-sonnet-4-6' }, environment({ ANTHROPIC_API_KEY: 'sk-ant-from-environment-1234', ANTHROPIC_BASE_URL: other.baseURL }));
    await provider.generate(generateRequest());
    expect(other.requests).toHaveLength(1);
    expect(sentKey(other)).toBe('sk-ant-from-environment-1234');
  });

  it('prefers the settings key and base URL to the environment', async () => {
    const provider = anthropicProvider.create(
      { apiKey: 'sk-ant-from-settings-5678', baseURL: server.baseURL, model: 'claude-sonnet-4-6' },
      environment({ ANTHROPIC_API_KEY: 'sk-ant-from-environment-1234', ANTHROPIC_BASE_URL: other.baseURL }),
    );
    await provider.generate(generateRequest());
    expect(other.requests).toHaveLength(0);
    expect(sentKey(server)).toBe('sk-ant-from-settings-5678');
  });

  it('refuses settings of the wrong type with a ConfigError that does not repeat the value', () => {
    expect(() => anthropicProvider.create({ apiKey: ['sk-ant-x'] }, environment({}))).toThrow('providers.anthropic.apiKey must be a string, not a list');
    expect(() => anthropicProvider.create({ apiKey: CANARY, maxOutputTokens: 2.5 }, environment({}))).toThrow('providers.anthropic.maxOutputTokens must be a whole number of at least 1, not a fractional number');
    expect(() => anthropicProvider.create({ apiKey: CANARY, organization: 'org' }, environment({}))).toThrow(/providers\.anthropic\.organization is not a setting/);
    expect(() => anthropicProvider.create({ apiKey: CANARY, baseURL: 'ftp://example.test' }, environment({}))).toThrow('providers.anthropic.baseURL must be an http or https URL, not ftp');
  });

  it('explains what to set when there is no key', () => {
    expect(() => anthropicProvider.create({}, environment({ ANTHROPIC_BASE_URL: other.baseURL }))).toThrow(
      'anthropic: ANTHROPIC_API_KEY is not set and providers.anthropic has no apiKey; set ANTHROPIC_API_KEY in the environment',
    );
  });
});
