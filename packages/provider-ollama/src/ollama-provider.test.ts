import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { ConfigError, ProviderError, type ProviderEnvironment } from '@quorum/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pluginDefault, { OLLAMA_PACKAGE_VERSION, ollamaPlugin, ollamaProvider, ollamaOptionsSchema, readOllamaSettings } from './index.js';
import { fixture, startFakeOllama, type FakeOllamaServer } from './test-helpers/fake-ollama-server.js';
import { generateRequest, replySchema } from '@quorum/conformance';

const CANARY = 'sk-canary-7f3a9c0e';

let server: FakeOllamaServer;

beforeEach(async () => {
  server = await startFakeOllama();
});

afterEach(async () => {
  await server.close();
});

function environment(env: Record<string, string | undefined> = {}): ProviderEnvironment {
  return { env, projectDir: '/project' };
}

function provider(settings: Record<string, unknown> = {}, env: Record<string, string | undefined> = { OLLAMA_HOST: server.url }) {
  return ollamaProvider.create(settings, environment(env));
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error('expected the call to fail');
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 2));
  expect(condition()).toBe(true);
}

const SUCCESS_CONTENT = (JSON.parse(fixture('chat-success.json')) as { message: { content: string } }).message.content;

describe('ollamaProvider.generate, JSON replies', () => {
  it('sends one /api/chat request shaped as Ollama expects and returns the reply and its usage', async () => {
    const request = generateRequest({
      messages: [
        { role: 'user', content: [{ text: 'Discussion so far.', cacheBreakpoint: true }, { text: 'Your turn.' }] },
        { role: 'assistant', content: [{ text: 'not json' }] },
        { role: 'user', content: [{ text: 'That was not valid JSON; answer again.' }] },
      ],
      temperature: 0.4,
      maxOutputTokens: 600,
    });
    const result = await provider({ keepAlive: '10m', numCtx: 8192 }).generate(request);

    expect(result).toEqual({
      text: SUCCESS_CONTENT,
      model: 'llama3.2',
      usage: { inputTokens: 412, outputTokens: 38, cachedInputTokens: 0 },
    });
    expect(server.requests).toHaveLength(1);
    const sent = server.requests[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/api/chat');
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.json).toEqual({
      model: 'llama3.2',
      messages: [
        { role: 'system', content: request.system },
        { role: 'user', content: 'Discussion so far.\n\nYour turn.' },
        { role: 'assistant', content: 'not json' },
        { role: 'user', content: 'That was not valid JSON; answer again.' },
      ],
      format: replySchema,
      stream: false,
      options: { temperature: 0.4, num_predict: 600, num_ctx: 8192 },
      keep_alive: '10m',
    });
  });

  it('leaves out options that are not set and uses the settings model when the request names none', async () => {
    const result = await provider({ model: 'qwen2.5:7b' }).generate(generateRequest());
    expect(server.requests[0]!.json).toMatchObject({ model: 'qwen2.5:7b', options: {} });
    expect(server.requests[0]!.json).not.toHaveProperty('keep_alive');
    // The fixture answers as llama3.2; the result reports the model the API names.
    expect(result.model).toBe('llama3.2');
    expect(provider().defaultModel).toBe('llama3.2');
  });

  it('asks for the model the request names', async () => {
    await provider().generate(generateRequest({ model: 'qwen2.5:7b' }));
    expect(server.requests[0]!.json?.['model']).toBe('qwen2.5:7b');
  });

  it('counts no input tokens when Ollama leaves prompt_eval_count out (a fully cached prompt)', async () => {
    server.next({ kind: 'json', status: 200, fixture: 'chat-cached-prompt.json' });
    const result = await provider().generate(generateRequest());
    expect(result.usage).toEqual({ inputTokens: 0, outputTokens: 38, cachedInputTokens: 0 });
  });

  it('leaves out the system message when the system text is empty', async () => {
    await provider().generate(generateRequest({ system: '' }));
    expect((server.requests[0]!.json?.['messages'] as { role: string }[]).map((message) => message.role)).toEqual(['user']);
  });
});

describe('ollamaProvider.generate, streamed replies', () => {
  it('joins the NDJSON chunks and takes the usage from the done chunk', async () => {
    const result = await provider({ stream: true }).generate(generateRequest());
    expect(result).toEqual({
      text: SUCCESS_CONTENT,
      model: 'llama3.2',
      usage: { inputTokens: 412, outputTokens: 37, cachedInputTokens: 0 },
    });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.json?.['stream']).toBe(true);
  });

  it('reports an error line in the stream as a server error', async () => {
    server.next({ kind: 'chunks', fixture: 'chat-stream-error.chunks.txt' });
    const error = await failure(provider({ stream: true }).generate(generateRequest()));
    expect(error.kind).toBe('server');
    expect(error.message).toContain('unexpected EOF');
    expect(error.retryable).toBe(true);
  });

  it('reports a stream that ends without its done chunk as malformed', async () => {
    server.next({ kind: 'chunks', fixture: 'chat-stream-cut.chunks.txt' });
    const error = await failure(provider({ stream: true }).generate(generateRequest()));
    expect(error.kind).toBe('malformed');
  });
});

describe('ollamaProvider.generate, failures', () => {
  it('says to pull a model Ollama does not have', async () => {
    const error = await failure(provider().generate(generateRequest({ model: 'llama9' })));
    expect(error.kind).toBe('not_found');
    expect(error.status).toBe(404);
    expect(error.message).toBe(`ollama: the model "llama9" is not installed in Ollama at ${server.url}; run \`ollama pull llama9\``);
    expect(error.retryable).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it('maps a 500 to a retryable server error with Ollama\'s message, after exactly one request', async () => {
    server.next({ kind: 'json', status: 500, fixture: 'server-error.json' });
    const error = await failure(provider().generate(generateRequest()));
    expect(error.kind).toBe('server');
    expect(error.status).toBe(500);
    expect(error.message).toBe(`ollama: Ollama at ${server.url} answered 500 for llama3.2: llama runner process has terminated: signal: killed`);
    expect(server.requests).toHaveLength(1);
  });

  it('maps Ollama\'s 503 "server busy" to a server error', async () => {
    server.next({ kind: 'json', status: 503, fixture: 'server-busy.json' });
    const error = await failure(provider().generate(generateRequest()));
    expect(error.kind).toBe('server');
    expect(error.retryAfterMs).toBeUndefined();
  });

  it('maps a 429 to rate_limit with the retry-after delay, after exactly one request', async () => {
    server.next({ kind: 'json', status: 429, fixture: 'rate-limit.json', headers: { 'Retry-After': '7' } });
    const error = await failure(provider().generate(generateRequest()));
    expect(error.kind).toBe('rate_limit');
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(7000);
    expect(server.requests).toHaveLength(1);
  });

  it('maps the 400 Ollama gives for a format that is not a schema to bad_request', async () => {
    const error = await failure(provider().generate(generateRequest({ responseSchema: { description: 'no type' } })));
    expect(error.kind).toBe('bad_request');
    expect(error.status).toBe(400);
    expect(error.message).toContain('invalid format: expected "json" or a valid JSON schema');
  });

  it('reports a body that is not JSON as malformed', async () => {
    server.next({ kind: 'raw', status: 200, fixture: 'chat-truncated.body.txt', contentType: 'application/json; charset=utf-8' });
    const error = await failure(provider().generate(generateRequest()));
    expect(error.kind).toBe('malformed');
    expect(error.retryable).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('reports an empty reply as malformed', async () => {
    server.next({ kind: 'json', status: 200, fixture: 'chat-empty-content.json' });
    const error = await failure(provider().generate(generateRequest()));
    expect(error.kind).toBe('malformed');
    expect(error.message).toBe(`ollama: Ollama at ${server.url} sent an empty reply for llama3.2`);
  });

  it('reports a refused connection as network, saying to start Ollama or set OLLAMA_HOST', async () => {
    const port = await closedPort();
    const error = await failure(provider({}, { OLLAMA_HOST: `127.0.0.1:${port}` }).generate(generateRequest()));
    expect(error.kind).toBe('network');
    expect(error.message).toBe(
      `ollama: cannot reach Ollama at http://127.0.0.1:${port} (ECONNREFUSED); start Ollama (\`ollama serve\`) or set OLLAMA_HOST or providers.ollama.host to where it runs`,
    );
  });

  it('rejects promptly with timeout when AbortSignal.timeout fires against a server that never answers', async () => {
    server.next({ kind: 'hang' });
    const started = performance.now();
    const error = await failure(provider().generate(generateRequest({ signal: AbortSignal.timeout(50) })));
    expect(error.kind).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(server.requests).toHaveLength(1);
  });

  it('times out in the middle of a stream too', async () => {
    server.next({ kind: 'chunks-then-hang', fixture: 'chat-stream.chunks.txt', count: 5 });
    const error = await failure(provider({ stream: true }).generate(generateRequest({ signal: AbortSignal.timeout(50) })));
    expect(error.kind).toBe('timeout');
  });

  it('rejects with cancelled when the run is stopped while Ollama is thinking', async () => {
    server.next({ kind: 'hang' });
    const controller = new AbortController();
    const pending = provider().generate(generateRequest({ signal: controller.signal }));
    await until(() => server.requests.length === 1);
    controller.abort();
    const error = await failure(pending);
    expect(error.kind).toBe('cancelled');
    expect(error.retryable).toBe(false);
  });

  it('rejects with cancelled in the middle of a stream', async () => {
    server.next({ kind: 'chunks-then-hang', fixture: 'chat-stream.chunks.txt', count: 3 });
    const controller = new AbortController();
    const pending = provider({ stream: true }).generate(generateRequest({ signal: controller.signal }));
    await until(() => server.requests.length === 1);
    controller.abort(new Error('run stopped'));
    expect((await failure(pending)).kind).toBe('cancelled');
  });

  it('sends nothing when the signal has already aborted', async () => {
    const error = await failure(provider().generate(generateRequest({ signal: AbortSignal.abort() })));
    expect(error.kind).toBe('cancelled');
    expect(server.requests).toHaveLength(0);
  });

  it('uses the signal of each call, not of an earlier one', async () => {
    const shared = provider();
    const first = new AbortController();
    await shared.generate(generateRequest({ signal: first.signal }));
    first.abort();
    const result = await shared.generate(generateRequest());
    expect(result.text).toBe(SUCCESS_CONTENT);
    expect(server.requests).toHaveLength(2);
  });
});

describe('ollamaProvider host and environment', () => {
  it('is not configured without a host setting or OLLAMA_HOST', () => {
    expect(ollamaProvider.configured({}, environment({}))).toEqual({
      ok: false,
      reason: 'OLLAMA_HOST is not set and providers.ollama has no host',
    });
    expect(ollamaProvider.configured({}, environment({ OLLAMA_HOST: '  ' })).ok).toBe(false);
    expect(ollamaProvider.configured({}, environment({ OLLAMA_HOST: '127.0.0.1:11434' })).ok).toBe(true);
    expect(ollamaProvider.configured({ host: 'gpu-box' }, environment({})).ok).toBe(true);
  });

  it('reads OLLAMA_HOST from the given environment, never from process.env', async () => {
    const saved = process.env['OLLAMA_HOST'];
    process.env['OLLAMA_HOST'] = server.url;
    try {
      expect(ollamaProvider.configured({}, environment({})).ok).toBe(false);
      const error = await failure(provider({}, {}).generate(generateRequest()));
      expect(error.kind).toBe('unavailable');
      expect(server.requests).toHaveLength(0);
    } finally {
      if (saved === undefined) delete process.env['OLLAMA_HOST'];
      else process.env['OLLAMA_HOST'] = saved;
    }
  });

  it.each([
    ['host:port', (port: number) => `127.0.0.1:${port}`],
    ['http://host:port', (port: number) => `http://127.0.0.1:${port}`],
    [':port', (port: number) => `:${port}`],
    ['0.0.0.0:port', (port: number) => `0.0.0.0:${port}`],
    ['a quoted value', (port: number) => ` "127.0.0.1:${port}" `],
  ])('reaches Ollama with OLLAMA_HOST written as %s', async (_form, write) => {
    const result = await provider({}, { OLLAMA_HOST: write(server.port) }).generate(generateRequest());
    expect(result.text).toBe(SUCCESS_CONTENT);
    expect(server.requests).toHaveLength(1);
  });

  it('prefers the host setting over OLLAMA_HOST', async () => {
    const port = await closedPort();
    const result = await provider({ host: server.url }, { OLLAMA_HOST: `127.0.0.1:${port}` }).generate(generateRequest());
    expect(result.text).toBe(SUCCESS_CONTENT);
  });

  it('fails at creation, with a ConfigError, when OLLAMA_HOST cannot be read', () => {
    expect(() => provider({}, { OLLAMA_HOST: '127.0.0.1:port' })).toThrow(ConfigError);
    expect(() => provider({ host: 'ftp://gpu-box' }, {})).toThrow('providers.ollama.host uses the scheme "ftp"');
  });
});

describe('ollamaProvider secrets', () => {
  it('sends configured headers but never puts them in an error message', async () => {
    const settings = { headers: { Authorization: `Bearer ${CANARY}` } };
    await provider(settings).generate(generateRequest());
    expect(server.requests[0]!.headers['authorization']).toBe(`Bearer ${CANARY}`);

    const errors: ProviderError[] = [];
    server.next({ kind: 'json', status: 500, fixture: 'server-error.json' });
    errors.push(await failure(provider(settings).generate(generateRequest())));
    errors.push(await failure(provider(settings).generate(generateRequest({ model: 'llama9' }))));
    server.next({ kind: 'hang' });
    errors.push(await failure(provider(settings).generate(generateRequest({ signal: AbortSignal.timeout(30) }))));
    const port = await closedPort();
    errors.push(await failure(provider(settings, { OLLAMA_HOST: `127.0.0.1:${port}` }).generate(generateRequest())));
    for (const error of errors) {
      expect(error.message).not.toContain(CANARY);
      expect(String(error.stack)).not.toContain(CANARY);
    }
  });

  it('sends the password of an OLLAMA_HOST with credentials as Basic authorization and never shows it', async () => {
    const env = { OLLAMA_HOST: `http://rob:${CANARY}@127.0.0.1:${server.port}` };
    await provider({}, env).generate(generateRequest());
    expect(server.requests[0]!.headers['authorization']).toBe(`Basic ${Buffer.from(`rob:${CANARY}`).toString('base64')}`);

    server.next({ kind: 'json', status: 500, fixture: 'server-error.json' });
    const error = await failure(provider({}, env).generate(generateRequest()));
    expect(error.message).not.toContain(CANARY);
    expect(error.message).toContain(`Ollama at http://127.0.0.1:${server.port} answered 500`);
  });
});

describe('ollama settings and plugin', () => {
  it('declares every setting it reads in a closed schema', () => {
    expect(ollamaOptionsSchema['additionalProperties']).toBe(false);
    expect(Object.keys(ollamaOptionsSchema['properties'] as object).sort()).toEqual(
      ['headers', 'host', 'keepAlive', 'model', 'numCtx', 'stream'].sort(),
    );
    expect(readOllamaSettings({})).toEqual({
      host: undefined,
      headers: {},
      model: 'llama3.2',
      stream: false,
      keepAlive: undefined,
      numCtx: undefined,
    });
  });

  it('rejects unknown and mistyped settings by name', () => {
    expect(() => readOllamaSettings({ modle: 'llama3.2' })).toThrow(
      new ConfigError('providers.ollama.modle is not a known setting (did you mean "model"?)'),
    );
    expect(() => readOllamaSettings({ numCtx: 2.5 })).toThrow('providers.ollama.numCtx must be a whole number of tokens, at least 1');
    expect(() => readOllamaSettings({ stream: 'yes' })).toThrow('providers.ollama.stream must be true or false');
    expect(() => readOllamaSettings({ headers: { 'X-Token': 1 } })).toThrow('providers.ollama.headers must map header names to string values');
  });

  it('is delivered as a plugin whose version matches package.json', () => {
    const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(OLLAMA_PACKAGE_VERSION).toBe(packageJson.version);
    expect(pluginDefault).toBe(ollamaPlugin);
    expect(ollamaPlugin).toMatchObject({ specificationVersion: 'v1', meta: { name: 'quorum-provider-ollama', version: '0.1.0' } });
    expect(ollamaPlugin.providers).toEqual([ollamaProvider]);
    expect(ollamaProvider).toMatchObject({ specificationVersion: 'v1', name: 'ollama' });
  });
});
