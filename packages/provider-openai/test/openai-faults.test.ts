import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProviderError, type ProviderEnvironment } from '@quorum/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openaiProvider } from '../src/index.js';
import { fixtureJson } from './fixtures.js';
import { generateRequest } from '@quorum/conformance';
import { startOpenAITestServer, type OpenAITestServer } from './openai-test-server.js';

const KEY = 'sk-test-faults-0123456789';
const CANARY = 'sk-canary-0123456789abcdef';

const environment: ProviderEnvironment = { env: {}, projectDir: '/tmp/quorum-test' };

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => {
      throw new Error('generate resolved, but it should have rejected');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('openai provider: HTTP faults', () => {
  let server: OpenAITestServer;

  beforeEach(async () => {
    server = await startOpenAITestServer({ apiKey: KEY });
  });
  afterEach(async () => {
    await server.close();
  });

  const create = (settings: Record<string, unknown> = {}) => openaiProvider.create({ apiKey: KEY, baseURL: server.baseURL, ...settings }, environment);

  it('maps 429 with retry-after to rate_limit with the wait, after exactly one request', async () => {
    server.reply({ status: 429, json: fixtureJson('error-rate-limit'), headers: { 'retry-after': '2', 'x-ratelimit-remaining-tokens': '588' } });
    const error = await failure(create().generate(generateRequest()));
    expect(error).toMatchObject({ provider: 'openai', kind: 'rate_limit', status: 429, retryAfterMs: 2000 });
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^openai: rate limited \(HTTP 429\): "Rate limit reached for gpt-4o-mini/);
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    [500, 'error-server'],
    [503, 'error-overloaded'],
  ])('maps %i to server after exactly one request', async (status, fixture) => {
    server.reply({ status, json: fixtureJson(fixture) });
    const error = await failure(create().generate(generateRequest()));
    expect(error).toMatchObject({ kind: 'server', status, retryAfterMs: undefined });
    expect(error.message).toMatch(new RegExp(`^openai: server error \\(HTTP ${status}\\): "`));
    expect(server.requests).toHaveLength(1);
  });

  it('maps 400 to bad_request, quoting the API message', async () => {
    server.reply({ status: 400, json: fixtureJson('error-invalid-schema') });
    const error = await failure(create().generate(generateRequest()));
    expect(error).toMatchObject({ kind: 'bad_request', status: 400 });
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("Invalid schema for response_format 'quorum_response'");
  });

  it('gets the server\'s own 400 for a schema name the API refuses', async () => {
    const error = await failure(create().generate(generateRequest({ responseSchemaName: 'quorum response!' })));
    expect(error).toMatchObject({ kind: 'bad_request', status: 400 });
    expect(error.message).toContain("Invalid 'response_format.json_schema.name'");
  });

  it('maps 404 to not_found with a hint about the model and base URL', async () => {
    server.reply({ status: 404, json: fixtureJson('error-model-not-found') });
    const error = await failure(create().generate(generateRequest({ model: 'gpt-9-imaginary' })));
    expect(error).toMatchObject({ kind: 'not_found', status: 404 });
    expect(error.message).toBe(
      `openai: not found (HTTP 404): "The model \`gpt-9-imaginary\` does not exist or you do not have access to it."; check the model name and the base URL ${server.baseURL}`,
    );
  });

  it('maps a wrong path to not_found', async () => {
    const provider = openaiProvider.create({ apiKey: KEY, baseURL: server.baseURL.replace('/v1', '/v2') }, environment);
    const error = await failure(provider.generate(generateRequest()));
    expect(error).toMatchObject({ kind: 'not_found', status: 404 });
  });

  it('maps 422 to unprocessable', async () => {
    server.reply({ status: 422, json: fixtureJson('error-unprocessable') });
    const error = await failure(create().generate(generateRequest()));
    expect(error).toMatchObject({ kind: 'unprocessable', status: 422 });
  });

  it('maps 401 to auth and names where the key came from', async () => {
    const fromSettings = await failure(openaiProvider.create({ apiKey: 'sk-wrong-key-000000', baseURL: server.baseURL }, environment).generate(generateRequest()));
    expect(fromSettings).toMatchObject({ kind: 'auth', status: 401 });
    expect(fromSettings.message).toMatch(/^openai: authentication failed \(HTTP 401\): "Incorrect API key provided: \*\*\*\. .*"; check providers\.openai\.apiKey$/);

    const fromEnvironment = await failure(
      openaiProvider.create({ baseURL: server.baseURL }, { ...environment, env: { OPENAI_API_KEY: 'sk-wrong-key-000000' } }).generate(generateRequest()),
    );
    expect(fromEnvironment.message).toMatch(/; check OPENAI_API_KEY$/);
  });

  it('maps a 200 whose JSON body does not parse to malformed', async () => {
    server.reply({ text: '{"id": "chatcmpl-1", "object": "chat.completion", "choices": [' });
    const error = await failure(create().generate(generateRequest()));
    expect(error).toMatchObject({ kind: 'malformed', message: 'openai: the response body is not valid JSON' });
  });

  it('maps a 200 HTML page (a proxy, not the API) to malformed without repeating it', async () => {
    server.reply({ text: '<html><body><h1>502 Bad Gateway</h1><p>secret internal hostname</p></body></html>', headers: { 'content-type': 'text/html' } });
    const error = await failure(create().generate(generateRequest()));
    expect(error.kind).toBe('malformed');
    expect(error.message).not.toContain('internal hostname');
  });

  it('maps a JSON body of the wrong shape to malformed', async () => {
    server.reply({ json: { id: 'cmpl-1', object: 'text_completion', choices: [{ text: 'hello', index: 0 }] } });
    const error = await failure(create().generate(generateRequest()));
    expect(error.kind).toBe('malformed');
    expect(error.message).toMatch(/not a chat\.completion/);
  });

  it('maps a 500 whose body is not JSON to server, without quoting the body', async () => {
    server.reply({ status: 500, text: 'upstream connect error or disconnect/reset before headers. reset reason: overflow', headers: { 'content-type': 'text/plain' } });
    const error = await failure(create().generate(generateRequest()));
    expect(error).toMatchObject({ kind: 'server', status: 500, message: 'openai: server error (HTTP 500)' });
  });

  describe('a server that never answers', () => {
    it('rejects with timeout promptly when AbortSignal.timeout fires', async () => {
      server.reply({ hang: true });
      const started = performance.now();
      const error = await failure(create().generate(generateRequest({ signal: AbortSignal.timeout(50) })));
      expect(error).toMatchObject({ kind: 'timeout', status: undefined });
      expect(error.retryable).toBe(true);
      expect(performance.now() - started).toBeLessThan(2000);
      expect(server.requests).toHaveLength(1);
    });

    it('rejects with cancelled promptly when the controller aborts', async () => {
      server.reply({ hang: true });
      const controller = new AbortController();
      const pending = create().generate(generateRequest({ signal: controller.signal }));
      await server.received(1);
      const started = performance.now();
      controller.abort();
      const error = await failure(pending);
      expect(error).toMatchObject({ kind: 'cancelled', message: 'openai: the request was cancelled' });
      expect(error.retryable).toBe(false);
      expect(performance.now() - started).toBeLessThan(1000);
    });

    it('sends nothing when the signal is already aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      const error = await failure(create().generate(generateRequest({ signal: controller.signal })));
      expect(error.kind).toBe('cancelled');
      expect(server.requests).toHaveLength(0);
    });
  });

  describe('the canary key', () => {
    it('never appears in a 401 message or in the serialized error, even when the body echoes it', async () => {
      const provider = openaiProvider.create({ apiKey: CANARY, baseURL: server.baseURL }, environment);
      const error = await failure(provider.generate(generateRequest()));
      expect(error.kind).toBe('auth');
      // The server did echo it: the provider removed it.
      expect(server.requests[0]!.headers['authorization']).toBe(`Bearer ${CANARY}`);
      for (const text of [error.message, error.detail, JSON.stringify(error), String(error), error.stack ?? '']) {
        expect(text).not.toContain(CANARY);
        expect(text).not.toContain('sk-canary');
      }
    });

    it('never appears in any fault, including a 429 whose message quotes it', async () => {
      const provider = openaiProvider.create({ apiKey: CANARY, baseURL: server.baseURL }, { ...environment, env: { OPENAI_API_KEY: CANARY } });
      const canaryServer = await startOpenAITestServer({ apiKey: CANARY });
      try {
        const canaryProvider = openaiProvider.create({ apiKey: CANARY, baseURL: canaryServer.baseURL }, environment);
        canaryServer.reply(
          { status: 429, json: { error: { message: `Rate limit reached for key ${CANARY} (${CANARY.slice(0, 12)}…)`, type: 'requests', param: null, code: 'rate_limit_exceeded' } }, headers: { 'retry-after': '1' } },
          { status: 400, json: { error: { message: `${'x'.repeat(190)}${CANARY}`, type: 'invalid_request_error', param: null, code: null } } },
          { status: 500, text: `internal error for ${CANARY}`, headers: { 'content-type': 'text/plain' } },
          { text: `not json ${CANARY}` },
        );
        const errors = [
          await failure(canaryProvider.generate(generateRequest())),
          await failure(canaryProvider.generate(generateRequest())),
          await failure(canaryProvider.generate(generateRequest())),
          await failure(canaryProvider.generate(generateRequest())),
          await failure(provider.generate(generateRequest())),
        ];
        expect(errors.map((error) => error.kind)).toEqual(['rate_limit', 'bad_request', 'server', 'malformed', 'auth']);
        for (const error of errors) {
          expect(error.message).not.toContain('sk-canary');
          expect(JSON.stringify(error)).not.toContain('sk-canary');
        }
        // The 400 message is cut to 200 characters and does not end in a piece of the key.
        expect(errors[1]!.message.length).toBeLessThan(300);
      } finally {
        await canaryServer.close();
      }
    });
  });
});

describe('openai provider: connection faults', () => {
  it('maps a refused connection to network, naming the address and the code', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const provider = openaiProvider.create({ apiKey: KEY, baseURL: `http://127.0.0.1:${port}/v1` }, environment);
    const error = await failure(provider.generate(generateRequest()));
    expect(error).toMatchObject({ kind: 'network', status: undefined });
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(`openai: could not reach http://127.0.0.1:${port}/v1 (ECONNREFUSED); check the network and providers.openai.baseURL or OPENAI_BASE_URL`);
  });
});
