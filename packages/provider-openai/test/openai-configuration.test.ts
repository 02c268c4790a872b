import { ConfigError, type ProviderEnvironment, type QuorumPluginV1 } from '@quorum/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import openaiDefault, { OPENAI_DEFAULT_MODEL, openaiOptionsSchema, openaiPlugin, openaiProvider } from '../src/index.js';
import { generateRequest } from '@quorum/conformance';
import { startOpenAITestServer, type OpenAITestServer } from './openai-test-server.js';

const CANARY = 'sk-canary-0123456789abcdef';

function environment(env: Record<string, string | undefined>): ProviderEnvironment {
  return { env, projectDir: '/tmp/quorum-test' };
}

describe('openai plugin', () => {
  it('is the default export and contributes the openai provider', () => {
    const plugin: QuorumPluginV1 = openaiDefault;
    expect(plugin).toBe(openaiPlugin);
    expect(plugin).toMatchObject({ specificationVersion: 'v1', meta: { name: 'quorum-provider-openai', version: '0.1.0' } });
    expect(plugin.providers).toEqual([openaiProvider]);
    expect(openaiProvider).toMatchObject({ specificationVersion: 'v1', name: 'openai' });
  });

  it('declares a closed options schema with the defaults', () => {
    expect(openaiOptionsSchema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      properties: {
        apiKey: { type: 'string' },
        baseURL: { type: 'string' },
        organization: { type: 'string' },
        headers: { type: 'object', additionalProperties: { type: 'string' } },
        model: { type: 'string', default: 'gpt-4o-mini' },
        stream: { type: 'boolean', default: false },
        maxOutputTokens: { type: 'integer', minimum: 1 },
      },
    });
    expect(openaiProvider.optionsSchema).toBe(openaiOptionsSchema);
    expect(OPENAI_DEFAULT_MODEL).toBe('gpt-4o-mini');
  });
});

describe('openai configured()', () => {
  it('is configured by a key in the settings or OPENAI_API_KEY', () => {
    expect(openaiProvider.configured({ apiKey: CANARY }, environment({})).ok).toBe(true);
    expect(openaiProvider.configured({}, environment({ OPENAI_API_KEY: CANARY })).ok).toBe(true);
  });

  it('is configured by a base URL alone, in the settings or OPENAI_BASE_URL (local servers need no key)', () => {
    expect(openaiProvider.configured({ baseURL: 'http://127.0.0.1:8080/v1' }, environment({})).ok).toBe(true);
    expect(openaiProvider.configured({}, environment({ OPENAI_BASE_URL: 'http://127.0.0.1:8080/v1' })).ok).toBe(true);
  });

  it('says in words what is missing, treating empty variables as unset', () => {
    const result = openaiProvider.configured({}, environment({ OPENAI_API_KEY: '', OPENAI_BASE_URL: '  ' }));
    expect(result.ok).toBe(false);
    expect(result.reason).toContain('OPENAI_API_KEY is not set and providers.openai has no apiKey');
  });

  it('never puts the key in its reason', () => {
    for (const result of [openaiProvider.configured({ apiKey: CANARY }, environment({})), openaiProvider.configured({}, environment({ OPENAI_API_KEY: CANARY }))]) {
      expect(result.reason).not.toContain(CANARY);
    }
  });

  it('reads only the given environment, never process.env', () => {
    const saved = process.env['OPENAI_API_KEY'];
    process.env['OPENAI_API_KEY'] = CANARY;
    try {
      expect(openaiProvider.configured({}, environment({})).ok).toBe(false);
      expect(() => openaiProvider.create({}, environment({}))).toThrow(ConfigError);
    } finally {
      if (saved === undefined) delete process.env['OPENAI_API_KEY'];
      else process.env['OPENAI_API_KEY'] = saved;
    }
  });
});

describe('openai create(): settings over environment', () => {
  let server: OpenAITestServer;
  let other: OpenAITestServer;

  beforeEach(async () => {
    server = await startOpenAITestServer({ apiKey: null });
    other = await startOpenAITestServer({ apiKey: null });
  });
  afterEach(async () => {
    await server.close();
    await other.close();
  });

  it('takes the key and base URL from OPENAI_API_KEY and OPENAI_BASE_URL', async () => {
    const provider = openaiProvider.create({}, environment({ OPENAI_API_KEY: 'sk-from-environment-1234', OPENAI_BASE_URL: server.baseURL }));
    await provider.generate(generateRequest());
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers['authorization']).toBe('Bearer sk-from-environment-1234');
  });

  it('prefers the settings key and base URL to the environment', async () => {
    const provider = openaiProvider.create(
      { apiKey: 'sk-from-settings-5678', baseURL: server.baseURL },
      environment({ OPENAI_API_KEY: 'sk-from-environment-1234', OPENAI_BASE_URL: other.baseURL }),
    );
    await provider.generate(generateRequest());
    expect(other.requests).toHaveLength(0);
    expect(server.requests[0]!.headers['authorization']).toBe('Bearer sk-from-settings-5678');
  });

  it('sends OPENAI_ORG_ID from the environment unless the settings name an organization', async () => {
    await openaiProvider.create({ baseURL: server.baseURL }, environment({ OPENAI_ORG_ID: 'org-environment' })).generate(generateRequest());
    await openaiProvider.create({ baseURL: server.baseURL, organization: 'org-settings' }, environment({ OPENAI_ORG_ID: 'org-environment' })).generate(generateRequest());
    expect(server.requests.map((request) => request.headers['openai-organization'])).toEqual(['org-environment', 'org-settings']);
  });

  it('refuses settings of the wrong type with a ConfigError that does not repeat the value', () => {
    expect(() => openaiProvider.create({ apiKey: 12345, baseURL: server.baseURL }, environment({}))).toThrow('providers.openai.apiKey must be a string, not the number 12345');
    expect(() => openaiProvider.create({ apiKey: CANARY, stream: 'yes' }, environment({}))).toThrow('providers.openai.stream must be true or false, not a string');
    expect(() => openaiProvider.create({ apiKey: CANARY, maxOutputTokens: 0 }, environment({}))).toThrow(/maxOutputTokens must be a whole number of at least 1/);
    expect(() => openaiProvider.create({ apiKey: CANARY, headers: { 'x-a': 1 } }, environment({}))).toThrow('providers.openai.headers.x-a must be a string, not the number 1');
    expect(() => openaiProvider.create({ apiKey: CANARY, temperature: 1 }, environment({}))).toThrow(/providers\.openai\.temperature is not a setting/);
  });

  it('refuses a base URL that is not an http URL', () => {
    expect(() => openaiProvider.create({ apiKey: CANARY, baseURL: 'localhost:8080' }, environment({}))).toThrow(/providers\.openai\.baseURL must be an http or https URL/);
    expect(() => openaiProvider.create({ apiKey: CANARY }, environment({ OPENAI_BASE_URL: 'not a url' }))).toThrow(/^OPENAI_BASE_URL is not a URL/);
  });

  it('explains what to set when there is neither a key nor a base URL', () => {
    expect(() => openaiProvider.create({}, environment({}))).toThrow(
      'openai: OPENAI_API_KEY is not set and providers.openai has no apiKey; set it, or name an OpenAI-compatible server with providers.openai.baseURL',
    );
  });
});
