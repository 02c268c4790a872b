import type { ProviderEnvironment } from '@quorum/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openaiProvider } from '../src/index.js';
import { fixtureEvents, fixtureJson } from './fixtures.js';
import { CALLOUT_PART, generateRequest, replySchema, STABLE_PART, SYSTEM_PROMPT } from '@quorum/conformance';
import { startOpenAITestServer, type OpenAITestServer } from './openai-test-server.js';

const KEY = 'sk-test-provider-0123456789';

function environment(env: Record<string, string | undefined> = {}): ProviderEnvironment {
  return { env, projectDir: '/tmp/quorum-test' };
}

const recordedReply = (fixtureJson('chat-completion') as { choices: { message: { content: string } }[] }).choices[0]!.message.content;

describe('openai provider against a local chat completions server', () => {
  let server: OpenAITestServer;

  beforeEach(async () => {
    server = await startOpenAITestServer({ apiKey: KEY });
  });
  afterEach(async () => {
    await server.close();
  });

  it('sends one chat completion request in the API shape and reads text, usage and model', async () => {
    const provider = openaiProvider.create({ apiKey: KEY, baseURL: server.baseURL }, environment());
    const result = await provider.generate(generateRequest({ temperature: 0.4, maxOutputTokens: 800 }));

    expect(result).toEqual({
      text: recordedReply,
      usage: { inputTokens: 2312, outputTokens: 58, cachedInputTokens: 2048 },
      model: 'gpt-4o-mini-2024-07-18',
    });
    expect(JSON.parse(result.text)).toMatchObject({ vote: 'CHANGES' });
    expect(server.requests).toHaveLength(1);
    const sent = server.requests[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers['authorization']).toBe(`Bearer ${KEY}`);
    expect(sent.headers['content-type']).toMatch(/^application\/json/);
    expect(sent.headers['x-stainless-retry-count']).toBe('0');
    expect(sent.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: `${STABLE_PART}\n\n${CALLOUT_PART}` },
      ],
      response_format: { type: 'json_schema', json_schema: { name: 'quorum_response', schema: replySchema, strict: true } },
      temperature: 0.4,
      max_completion_tokens: 800,
      stream: false,
    });
  });

  it('uses the request model over the settings model, and the settings model over the default', async () => {
    const provider = openaiProvider.create({ apiKey: KEY, baseURL: server.baseURL, model: 'gpt-4.1-mini' }, environment());
    expect(provider.defaultModel).toBe('gpt-4.1-mini');
    await provider.generate(generateRequest());
    await provider.generate(generateRequest({ model: 'gpt-4o' }));
    expect(server.requests.map((request) => request.body?.['model'])).toEqual(['gpt-4.1-mini', 'gpt-4o']);
    expect(openaiProvider.create({ apiKey: KEY }, environment()).defaultModel).toBe('gpt-4o-mini');
  });

  it('leaves out temperature and the token limit when neither the request nor the settings give them', async () => {
    const provider = openaiProvider.create({ apiKey: KEY, baseURL: server.baseURL }, environment());
    await provider.generate(generateRequest());
    expect(server.requests[0]!.body).not.toHaveProperty('temperature');
    expect(server.requests[0]!.body).not.toHaveProperty('max_completion_tokens');
  });

  it('takes max_completion_tokens from the settings when the request sets none', async () => {
    const provider = openaiProvider.create({ apiKey: KEY, baseURL: server.baseURL, maxOutputTokens: 1200 }, environment());
    await provider.generate(generateRequest());
    await provider.generate(generateRequest({ maxOutputTokens: 300 }));
    expect(server.requests.map((request) => request.body?.['max_completion_tokens'])).toEqual([1200, 300]);
  });

  it('sends the repair conversation with the assistant turn, and the organization and extra headers', async () => {
    const provider = openaiProvider.create(
      { apiKey: KEY, baseURL: server.baseURL, organization: 'org-quorum', headers: { 'x-team': 'platform' } },
      environment(),
    );
    await provider.generate(
      generateRequest({
        messages: [
          { role: 'user', content: [{ text: 'first', cacheBreakpoint: true }, { text: 'second' }] },
          { role: 'assistant', content: [{ text: '{"comment": 3}' }] },
          { role: 'user', content: [{ text: 'Your reply did not match the schema: comment must be a string.' }] },
        ],
      }),
    );
    const sent = server.requests[0]!;
    expect(sent.headers['openai-organization']).toBe('org-quorum');
    expect(sent.headers['x-team']).toBe('platform');
    expect(sent.body?.['messages']).toEqual([
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: 'first\n\nsecond' },
      { role: 'assistant', content: '{"comment": 3}' },
      { role: 'user', content: 'Your reply did not match the schema: comment must be a string.' },
    ]);
  });

  it('treats a refusal as a malformed reply', async () => {
    server.reply({ json: fixtureJson('chat-completion-refusal') });
    const provider = openaiProvider.create({ apiKey: KEY, baseURL: server.baseURL }, environment());
    const error = await provider.generate(generateRequest()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ProviderError', provider: 'openai', kind: 'malformed' });
    expect(String((error as Error).message)).toMatch(/^openai: the model refused/);
    expect(String((error as Error).message)).not.toContain("I'm sorry");
  });

  it('treats empty content as a malformed reply', async () => {
    server.reply({ json: fixtureJson('chat-completion-content-filter') });
    const provider = openaiProvider.create({ apiKey: KEY, baseURL: server.baseURL }, environment());
    await expect(provider.generate(generateRequest())).rejects.toMatchObject({
      kind: 'malformed',
      message: 'openai: the reply is empty (finish_reason "content_filter")',
    });
  });

  describe('stream mode', () => {
    it('asks for a stream with usage, joins the deltas and reads usage from the last chunk', async () => {
      const provider = openaiProvider.create({ apiKey: KEY, baseURL: server.baseURL, stream: true }, environment());
      const result = await provider.generate(generateRequest());
      expect(result).toEqual({
        text: recordedReply,
        usage: { inputTokens: 2312, outputTokens: 58, cachedInputTokens: 2048 },
        model: 'gpt-4o-mini-2024-07-18',
      });
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    });

    it('reports a stream that ends before its finish chunk as malformed', async () => {
      const events = fixtureEvents('chat-completion');
      server.reply({ events: events.slice(0, 5) });
      const provider = openaiProvider.create({ apiKey: KEY, baseURL: server.baseURL, stream: true }, environment());
      await expect(provider.generate(generateRequest())).rejects.toMatchObject({ kind: 'malformed', message: expect.stringMatching(/stream ended before/) });
    });

    it('reports an error event inside the stream as a server error', async () => {
      const events = fixtureEvents('chat-completion');
      server.reply({
        events: [
          ...events.slice(0, 3),
          `data: ${JSON.stringify({ error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null } })}\n\n`,
        ],
      });
      const provider = openaiProvider.create({ apiKey: KEY, baseURL: server.baseURL, stream: true }, environment());
      await expect(provider.generate(generateRequest())).rejects.toMatchObject({ kind: 'server', message: expect.stringMatching(/^openai: the stream reported an error/) });
    });

    it('reports a chunk that is not JSON as malformed', async () => {
      const events = fixtureEvents('chat-completion');
      server.reply({ events: [...events.slice(0, 3), 'data: {"id": "chatcmpl-broken", "choi\n\n'] });
      const provider = openaiProvider.create({ apiKey: KEY, baseURL: server.baseURL, stream: true }, environment());
      await expect(provider.generate(generateRequest())).rejects.toMatchObject({ kind: 'malformed' });
    });

    it('rejects as cancelled when aborted in the middle of a stream, not with half a reply', async () => {
      const events = fixtureEvents('chat-completion');
      server.reply({ events: events.slice(0, 4), hang: true });
      const provider = openaiProvider.create({ apiKey: KEY, baseURL: server.baseURL, stream: true }, environment());
      const controller = new AbortController();
      const pending = provider.generate(generateRequest({ signal: controller.signal }));
      await server.received(1);
      setTimeout(() => controller.abort(), 20);
      await expect(pending).rejects.toMatchObject({ kind: 'cancelled' });
    });
  });
});

describe('openai provider against an OpenAI-compatible server under its own path', () => {
  it('posts to <baseURL>/chat/completions with a placeholder key when only a base URL is given', async () => {
    const server = await startOpenAITestServer({ apiKey: null, basePath: '/llm/openai/v1' });
    try {
      const provider = openaiProvider.create({}, environment({ OPENAI_BASE_URL: server.baseURL }));
      const result = await provider.generate(generateRequest({ model: 'llama-3.1-8b-instruct' }));
      expect(result.text).toBe(recordedReply);
      expect(server.requests[0]!.path).toBe('/llm/openai/v1/chat/completions');
      expect(server.requests[0]!.headers['authorization']).toBe('Bearer quorum-no-key');
      expect(server.requests[0]!.body?.['model']).toBe('llama-3.1-8b-instruct');
    } finally {
      await server.close();
    }
  });
});
