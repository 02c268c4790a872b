import type { MessageV1, ProviderEnvironment } from '@quorum/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anthropicProvider } from '../src/index.js';
import { startAnthropicTestServer, type AnthropicTestServer } from './anthropic-test-server.js';
import { fixtureEvents, fixtureJson } from './fixtures.js';
import { CALLOUT_PART, generateRequest, replySchema, STABLE_PART, SYSTEM_PROMPT } from '@quorum/conformance';

const KEY = 'sk-ant-test-provider-0123456789';
const environment: ProviderEnvironment = { env: {}, projectDir: '/tmp/quorum-test' };

const recordedInput = (fixtureJson('message-tool-use') as { content: { input: unknown }[] }).content[0]!.input;

interface SentBlock {
  readonly type: string;
  readonly text: string;
  readonly cache_control?: { readonly type: string };
}

/** Texts of the blocks that carry cache_control, system first, in request order. */
function markedTexts(body: Record<string, unknown> | undefined): string[] {
  const system = (body?.['system'] ?? []) as SentBlock[];
  const messages = (body?.['messages'] ?? []) as { content: SentBlock[] }[];
  return [...system, ...messages.flatMap((message) => message.content)].filter((block) => block.cache_control !== undefined).map((block) => block.text);
}

describe('anthropic provider against a local Messages API server', () => {
  let server: AnthropicTestServer;

  beforeEach(async () => {
    server = await startAnthropicTestServer({ apiKey: KEY });
  });
  afterEach(async () => {
    await server.close();
  });

  // The SDK warns on every call that the default model, claude-sonnet-4-5, is deprecated;
  // the tests name a current model except where the default itself is under test.
  const create = (settings: Record<string, unknown> = {}) =>
    anthropicProvider.create({ apiKey: KEY, baseURL: server.baseURL, model: 'claude-sonnet-4-6', ...settings }, environment);

  it('sends one Messages request with the forced tool and cache breakpoints, and reads the tool input', async () => {
    const result = await create({ model: undefined }).generate(generateRequest({ temperature: 0.3 }));

    expect(result).toEqual({
      text: JSON.stringify(recordedInput),
      usage: { inputTokens: 14 + 312 + 1843, outputTokens: 97, cachedInputTokens: 1843 },
      model: 'claude-sonnet-4-5-20250929',
    });
    expect(JSON.parse(result.text)).toMatchObject({ vote: 'READY' });
    expect(server.requests).toHaveLength(1);
    const sent = server.requests[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers['authorization'] ?? sent.headers['x-api-key']).toMatch(new RegExp(`^(Bearer )?${KEY}$`));
    expect(sent.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(sent.headers['content-type']).toMatch(/^application\/json/);
    expect(sent.headers['x-stainless-retry-count']).toBe('0');
    expect(sent.body).toEqual({
      model: 'claude-sonnet-4-6',
      max_tokens: 4096,
      system: [{ type: 'text', text: SYSTEM_PROMPT, cache_control: { type: 'ephemeral' } }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: STABLE_PART, cache_control: { type: 'ephemeral' } },
            { type: 'text', text: CALLOUT_PART },
          ],
        },
      ],
      tools: [{ name: 'quorum_response', description: 'Record your reply in the discussion.', input_schema: replySchema }],
      tool_choice: { type: 'tool', name: 'quorum_response' },
      temperature: 0.3,
      stream: false,
    });
  });

  it('adds cache reads and cache writes to the input tokens and reports the reads as cached', async () => {
    const message = structuredClone(fixtureJson('message-tool-use')) as { usage: Record<string, number> };
    message.usage = { input_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 4000, output_tokens: 50 };
    server.reply({ json: message });
    const result = await create().generate(generateRequest());
    expect(result.usage).toEqual({ inputTokens: 4020, outputTokens: 50, cachedInputTokens: 4000 });
  });

  it('takes max_tokens from the request, then the settings, then 4096', async () => {
    await create().generate(generateRequest());
    await create({ maxOutputTokens: 1500 }).generate(generateRequest());
    await create({ maxOutputTokens: 1500 }).generate(generateRequest({ maxOutputTokens: 256 }));
    expect(server.requests.map((request) => request.body?.['max_tokens'])).toEqual([4096, 1500, 256]);
  });

  it('uses the request model over the settings model, and the settings model over the default', async () => {
    const provider = create({ model: 'claude-haiku-4-5' });
    expect(provider.defaultModel).toBe('claude-haiku-4-5');
    await provider.generate(generateRequest());
    await provider.generate(generateRequest({ model: 'claude-opus-4-1' }));
    expect(server.requests.map((request) => request.body?.['model'])).toEqual(['claude-haiku-4-5', 'claude-opus-4-1']);
    expect(anthropicProvider.create({ apiKey: KEY }, environment).defaultModel).toBe('claude-sonnet-4-6');
  });

  it('sends extra headers from the settings', async () => {
    await create({ headers: { 'anthropic-beta': 'context-1m-2025-08-07' } }).generate(generateRequest());
    expect(server.requests[0]!.headers['anthropic-beta']).toBe('context-1m-2025-08-07');
  });

  describe('cache breakpoints', () => {
    const manyBreakpoints: MessageV1[] = [
      { role: 'user', content: ['p1', 'p2', 'p3'].map((text) => ({ text, cacheBreakpoint: true })) },
      { role: 'assistant', content: [{ text: 'p4', cacheBreakpoint: true }] },
      { role: 'user', content: [{ text: 'p5', cacheBreakpoint: true }, { text: 'question' }] },
    ];

    it('keeps the system block and the latest three part breakpoints, which the API accepts', async () => {
      await create().generate(generateRequest({ messages: manyBreakpoints }));
      expect(markedTexts(server.requests[0]!.body)).toEqual([SYSTEM_PROMPT, 'p3', 'p4', 'p5']);
    });

    it('keeps the latest four part breakpoints when there is no system prompt', async () => {
      await create().generate(generateRequest({ system: '', messages: manyBreakpoints }));
      expect(server.requests[0]!.body).not.toHaveProperty('system');
      expect(markedTexts(server.requests[0]!.body)).toEqual(['p2', 'p3', 'p4', 'p5']);
    });

    it('marks nothing but the system block when no part asks for a breakpoint', async () => {
      await create().generate(generateRequest({ messages: [{ role: 'user', content: [{ text: 'only' }] }] }));
      expect(markedTexts(server.requests[0]!.body)).toEqual([SYSTEM_PROMPT]);
    });

    it('leaves out empty parts (the API refuses them) and moves their breakpoint to the block before', async () => {
      await create().generate(
        generateRequest({ messages: [{ role: 'user', content: [{ text: 'transcript' }, { text: '', cacheBreakpoint: true }, { text: 'callout' }] }] }),
      );
      const messages = server.requests[0]!.body?.['messages'] as { content: SentBlock[] }[];
      expect(messages[0]!.content.map((block) => block.text)).toEqual(['transcript', 'callout']);
      expect(markedTexts(server.requests[0]!.body)).toEqual([SYSTEM_PROMPT, 'transcript']);
    });
  });

  it('reports a reply without the tool call as malformed', async () => {
    server.reply({ json: fixtureJson('message-text-only') });
    await expect(create().generate(generateRequest())).rejects.toMatchObject({
      name: 'ProviderError',
      provider: 'anthropic',
      kind: 'malformed',
      message: 'anthropic: the reply has no quorum_response tool call (stop reason "end_turn")',
    });
  });

  describe('stream mode', () => {
    it('streams, assembles the tool input from its JSON deltas and reads usage from the events', async () => {
      const result = await create({ stream: true }).generate(generateRequest());
      expect(result).toEqual({
        text: JSON.stringify(recordedInput),
        usage: { inputTokens: 14 + 312 + 1843, outputTokens: 97, cachedInputTokens: 1843 },
        model: 'claude-sonnet-4-5-20250929',
      });
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]!.body).toMatchObject({ stream: true, tool_choice: { type: 'tool', name: 'quorum_response' } });
    });

    it('reports a stream that ends before message_stop as malformed', async () => {
      const events = fixtureEvents('message-tool-use');
      server.reply({ events: events.slice(0, 8) });
      await expect(create({ stream: true }).generate(generateRequest())).rejects.toMatchObject({ kind: 'malformed', message: expect.stringMatching(/no message_stop/) });
    });

    it('reports tool input that is not valid JSON as malformed', async () => {
      const events = fixtureEvents('message-tool-use');
      const broken = events.filter((event) => !event.includes('input_json_delta') || event.includes('"partial_json":""'));
      const delta = (partial: string): string =>
        `event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: partial } })}\n\n`;
      const stop = broken.findIndex((event) => event.startsWith('event: content_block_stop'));
      server.reply({ events: [...broken.slice(0, stop), delta('{"comment": "cut off'), ...broken.slice(stop)] });
      await expect(create({ stream: true }).generate(generateRequest())).rejects.toMatchObject({ kind: 'malformed', message: expect.stringMatching(/not valid JSON/) });
    });

    it('maps an overloaded_error event in the stream to server', async () => {
      const events = fixtureEvents('message-tool-use');
      server.reply({ events: [...events.slice(0, 5), `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })}\n\n`] });
      await expect(create({ stream: true }).generate(generateRequest())).rejects.toMatchObject({
        kind: 'server',
        status: undefined,
        message: 'anthropic: the stream reported overloaded_error: "Overloaded"',
      });
    });

    it('rejects as cancelled when aborted in the middle of a stream, not with half a reply', async () => {
      const events = fixtureEvents('message-tool-use');
      server.reply({ events: events.slice(0, 6), hang: true });
      const controller = new AbortController();
      const pending = create({ stream: true }).generate(generateRequest({ signal: controller.signal }));
      await server.received(1);
      setTimeout(() => controller.abort(), 20);
      await expect(pending).rejects.toMatchObject({ kind: 'cancelled' });
    });
  });
});
