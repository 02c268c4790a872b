import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '@quorum/core';
import { CALLOUT_PART, generateRequest, STABLE_PART, SYSTEM_PROMPT } from '@quorum/conformance';
import { startOpenAITestServer, type OpenAITestServer } from '../../../../packages/provider-openai/test/openai-test-server.js';
import plugin, { createCompatibleProviderFactory, toChatCompletionBody } from '../src/index.js';
import { resolveConnection } from '../src/compatible-settings.js';
import { completion } from './chat-completion.js';

const KEY = 'sk-local-0123456789abcdef';
const environment = { env: { LOCAL_LLM_KEY: KEY }, projectDir: '/tmp/project' };
const factory = createCompatibleProviderFactory();
let server: OpenAITestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(apiKey: string | null = KEY) {
  server = await startOpenAITestServer({ apiKey });
  const settings = { baseURL: server.baseURL, apiKeyEnv: 'LOCAL_LLM_KEY', headers: { 'X-Team': 'quorum' }, models: ['llama-3.1-8b-instruct', 'qwen2.5-7b'], structuredOutput: 'json_schema' };
  return { server, settings, provider: factory.create(settings, environment) };
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('the openai-compatible provider, with the real openai SDK against a local server', () => {
  it('sends the persona, the transcript, the strict schema, the headers and the key from the named variable', async () => {
    const { server, provider } = await start();
    server.reply({ json: completion('{"comment":"Looks sound.","vote":"READY"}', 'qwen2.5-7b') });
    const result = await provider.generate(generateRequest({ model: 'qwen2.5-7b', temperature: 0.2 }));
    expect(result).toEqual({ text: '{"comment":"Looks sound.","vote":"READY"}', usage: { inputTokens: 1200, outputTokens: 40, cachedInputTokens: 1024 }, model: 'qwen2.5-7b' });
    const [request] = server.requests;
    expect(request!.path).toBe('/v1/chat/completions');
    expect(request!.headers['authorization']).toBe(`Bearer ${KEY}`);
    expect(request!.headers['x-team']).toBe('quorum');
    expect(request!.body).toMatchObject({
      model: 'qwen2.5-7b',
      temperature: 0.2,
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: `${STABLE_PART}\n\n${CALLOUT_PART}` },
      ],
      response_format: { type: 'json_schema', json_schema: { name: 'quorum_response', strict: true } },
    });
    expect(provider.defaultModel).toBe('llama-3.1-8b-instruct');
  });

  it('uses the first listed model when a request names none, and refuses unlisted models without a call', async () => {
    const { server, provider } = await start();
    server.reply({ json: completion('{"comment":"ok","vote":null}') });
    await provider.generate(generateRequest());
    expect(server.requests[0]!.body!['model']).toBe('llama-3.1-8b-instruct');
    const error = await failure(provider.generate(generateRequest({ model: 'gpt-4o' })));
    expect(error.kind).toBe('not_found');
    expect(error.message).toBe(
      `openai-compatible: the server at ${server.baseURL} is not configured to serve "gpt-4o"; use one of llama-3.1-8b-instruct, qwen2.5-7b or add it to providers.openai-compatible.models`,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('maps HTTP failures to error kinds, honours retry-after, and never repeats the key', async () => {
    const { server, settings } = await start();
    const refused = factory.create(settings, { ...environment, env: { LOCAL_LLM_KEY: 'sk-wrong-key-0123456789' } });
    const auth = await failure(refused.generate(generateRequest()));
    expect(auth.kind).toBe('auth');
    expect(auth.status).toBe(401);
    expect(auth.message).not.toContain('sk-wrong-key-0123456789');
    expect(auth.message).toContain('check the key in LOCAL_LLM_KEY');

    server.reply({ status: 429, json: { error: { message: 'slow down', type: 'rate_limit' } }, headers: { 'retry-after': '2' } });
    const limited = await failure(factory.create(settings, environment).generate(generateRequest()));
    expect([limited.kind, limited.retryAfterMs, limited.retryable]).toEqual(['rate_limit', 2000, true]);

    server.reply({ status: 503, json: { error: { message: 'loading model' } } });
    expect((await failure(factory.create(settings, environment).generate(generateRequest()))).kind).toBe('server');

    server.reply({ text: '{"id": "chatcmpl-1", "choices": [' });
    expect((await failure(factory.create(settings, environment).generate(generateRequest()))).kind).toBe('malformed');

    server.reply({ json: completion('') });
    expect((await failure(factory.create(settings, environment).generate(generateRequest()))).kind).toBe('malformed');
  });

  it('stops a hanging request when its signal aborts: timeout for the time limit, cancelled otherwise', async () => {
    const { server, provider } = await start();
    server.reply({ hang: true }, { hang: true });
    const timeout = await failure(provider.generate(generateRequest({ signal: AbortSignal.timeout(100) })));
    expect(timeout.kind).toBe('timeout');
    const controller = new AbortController();
    const pending = provider.generate(generateRequest({ signal: controller.signal }));
    await server.received(2);
    controller.abort();
    expect((await failure(pending)).kind).toBe('cancelled');
  });

  it('reports a server that is not running as a network error naming the URL', async () => {
    const { server: stopped, settings } = await start();
    await stopped.close();
    server = undefined;
    const error = await failure(factory.create(settings, environment).generate(generateRequest()));
    expect(error.kind).toBe('network');
    expect(error.message).toContain(`could not reach ${stopped.baseURL}`);
  });

  it('sends JSON mode or no response format when the server supports no schemas', () => {
    const connection = resolveConnection('local', { baseURL: 'http://127.0.0.1:1/v1', models: ['m'], structuredOutput: 'json_object' }, { env: {}, projectDir: '/' });
    expect(toChatCompletionBody(generateRequest(), connection).response_format).toEqual({ type: 'json_object' });
    expect(toChatCompletionBody(generateRequest(), { ...connection, structuredOutput: 'none' })).not.toHaveProperty('response_format');
  });
});

describe('its settings', () => {
  it('is configured only with a base URL, models, and the named key variable set, saying why not without the key', () => {
    const settings = { baseURL: 'http://127.0.0.1:8000/v1', models: ['m'], apiKeyEnv: 'LOCAL_LLM_KEY' };
    expect(factory.configured(settings, environment)).toEqual({ ok: true, reason: 'http://127.0.0.1:8000/v1 serves m' });
    const missing = factory.configured(settings, { env: {}, projectDir: '/' });
    expect(missing).toEqual({ ok: false, reason: 'providers.openai-compatible: the environment variable LOCAL_LLM_KEY (apiKeyEnv) is not set; export it with the server\'s API key' });
    expect(factory.configured({ baseURL: 'ftp://x/v1', models: ['m'] }, environment).reason).toBe('providers.openai-compatible.baseURL must be an http or https URL, not ftp');
    expect(factory.configured({ baseURL: 'http://x/v1', models: ['m'], model: 'n' }, environment).reason).toBe(
      'providers.openai-compatible.model "n" is not in providers.openai-compatible.models (m); add it there or pick one of them',
    );
  });

  it('registers the provider under the name the plugin option gives', async () => {
    expect((await plugin.setup!({ name: 'vllm' })).providers!.map((p) => p.name)).toEqual(['vllm']);
    expect((await plugin.setup!({ name: 'openai-compatible' })).providers!.map((p) => p.name)).toEqual(['openai-compatible']);
  });
});
