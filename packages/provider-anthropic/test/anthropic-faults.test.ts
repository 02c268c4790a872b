import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProviderError, type ProviderEnvironment } from '@quorum/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anthropicProvider } from '../src/index.js';
import { startAnthropicTestServer, type AnthropicTestServer } from './anthropic-test-server.js';
import { fixtureJson } from './fixtures.js';
import { generateRequest } from '@quorum/conformance';

const KEY = 'sk-ant-test-faults-0123456789';
const CANARY = 'sk-canary-0123456789abcdef';
const MODEL = 'claude-sonnet-4-6';

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

describe('anthropic provider: HTTP faults', () => {
  let server: AnthropicTestServer;

  beforeEach(async () => {
    server = await startAnthropicTestServer({ apiKey: KEY });
  });
  afterEach(async () => {
    await server.close();
  });

  const create = (settings: Record<string, unknown> = {}) => anthropicProvider.create({ apiKey: KEY, baseURL: server.baseURL, model: MODEL, ...settings }, environment);

  it('maps 429 with retry-after to rate_limit with the wait, after exactly one request', async () => {
    server.reply({
      status: 429,
      json: fixtureJson('error-rate-limit'),
      headers: { 'retry-after': '2', 'anthropic-ratelimit-input-tokens-remaining': '0', 'anthropic-ratelimit-input-tokens-reset': '2025-11-21T13:20:02Z' },
    });
    const error = await failure(create().generate(generateRequest()));
    expect(error).toMatchObject({ provider: 'anthropic', kind: 'rate_limit', status: 429, retryAfterMs: 2000 });
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^anthropic: rate limited \(HTTP 429\): "This request would exceed the rate limit/);
    expect(error.message.length).toBeLessThan(300);
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    [500, 'error-api', 'server error'],
    [503, 'error-api', 'server error'],
    [529, 'error-overloaded', 'the API is overloaded'],
  ])('maps %i to server after exactly one request', async (status, fixture, words) => {
    server.reply({ status, json: fixtureJson(fixture) });
    const error = await failure(create().generate(generateRequest()));
    expect(error).toMatchObject({ kind: 'server', status });
    expect(error.message).toMatch(new RegExp(`^anthropic: ${words} \\(HTTP ${status}\\): "`));
    expect(server.requests).toHaveLength(1);
  });

  it('maps 400 to bad_request, quoting the API message', async () => {
    server.reply({ status: 400, json: fixtureJson('error-invalid-request') });
    const error = await failure(create().generate(generateRequest()));
    expect(error).toMatchObject({ kind: 'bad_request', status: 400 });
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('cache_control cannot be set for empty text blocks');
  });

  it("gets the server's own 400 for a request the API would refuse", async () => {
    const error = await failure(create().generate(generateRequest({ temperature: 1.5 })));
    expect(error).toMatchObject({ kind: 'bad_request', status: 400, message: 'anthropic: the API rejected the request (HTTP 400): "temperature: Input should be less than or equal to 1"' });
  });

  it('maps 404 to not_found with a hint about the model and base URL', async () => {
    server.reply({ status: 404, json: fixtureJson('error-not-found') });
    const error = await failure(create().generate(generateRequest({ model: 'claude-imaginary-9' })));
    expect(error).toMatchObject({ kind: 'not_found', status: 404 });
    expect(error.message).toBe(`anthropic: not found (HTTP 404): "model: claude-imaginary-9"; check the model name and the base URL ${server.baseURL}`);
  });

  it('maps a base URL that already ends in /v1 (so the path is wrong) to not_found', async () => {
    const error = await failure(create({ baseURL: `${server.baseURL}/v1` }).generate(generateRequest()));
    expect(error).toMatchObject({ kind: 'not_found', status: 404 });
  });

  it('maps 422 to unprocessable', async () => {
    server.reply({ status: 422, json: fixtureJson('error-unprocessable') });
    const error = await failure(create().generate(generateRequest()));
    expect(error).toMatchObject({ kind: 'unprocessable', status: 422 });
  });

  it('maps 401 to auth and names where the key came from', async () => {
    const fromEnvironment = await failure(
      anthropicProvider.create({ baseURL: server.baseURL, model: MODEL }, { ...environment, env: { ANTHROPIC_API_KEY: 'sk-ant-wrong-000000' } }).generate(generateRequest()),
    );
    expect(fromEnvironment).toMatchObject({ kind: 'auth', status: 401 });
    expect(fromEnvironment.message).toBe('anthropic: authentication failed (HTTP 401): "invalid x-api-key: ***"; check ANTHROPIC_API_KEY');
    const fromSettings = await failure(create({ apiKey: 'sk-ant-wrong-000000' }).generate(generateRequest()));
    expect(fromSettings.message).toMatch(/; check providers\.anthropic\.apiKey$/);
  });

  it('maps a 200 whose JSON body does not parse to malformed', async () => {
    server.reply({ text: '{"id": "msg_01", "type": "message", "content": [' });
    const error = await failure(create().generate(generateRequest()));
    expect(error).toMatchObject({ kind: 'malformed', message: 'anthropic: the response body is not valid JSON' });
  });

  it('maps a 200 HTML page (a proxy, not the API) to malformed without repeating it', async () => {
    server.reply({ text: '<html><body>Gateway page for internal-host-7</body></html>', headers: { 'content-type': 'text/html' } });
    const error = await failure(create().generate(generateRequest()));
    expect(error.kind).toBe('malformed');
    expect(error.message).not.toContain('internal-host-7');
  });

  it('maps a JSON body of the wrong shape to malformed', async () => {
    server.reply({ json: { completion: ' Hello', stop_reason: 'stop_sequence', model: 'claude-2.1' } });
    const error = await failure(create().generate(generateRequest()));
    expect(error.kind).toBe('malformed');
    expect(error.message).toMatch(/not a message/);
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
      expect(error).toMatchObject({ kind: 'cancelled', message: 'anthropic: the request was cancelled' });
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
      const error = await failure(create({ apiKey: CANARY }).generate(generateRequest()));
      expect(error.kind).toBe('auth');
      // The server did receive it, and echoed it: the provider removed it.
      const sent = server.requests[0]!.headers;
      expect([sent['x-api-key'], sent['authorization']]).toContainEqual(expect.stringContaining(CANARY));
      for (const text of [error.message, error.detail, JSON.stringify(error), String(error), error.stack ?? '']) {
        expect(text).not.toContain(CANARY);
        expect(text).not.toContain('sk-canary');
      }
    });

    it('never appears in any fault, including messages that quote it', async () => {
      const canaryServer = await startAnthropicTestServer({ apiKey: CANARY });
      try {
        const provider = anthropicProvider.create({ apiKey: CANARY, baseURL: canaryServer.baseURL, model: MODEL }, environment);
        const error = (type: string, message: string) => ({ type: 'error', error: { type, message } });
        canaryServer.reply(
          { status: 429, json: error('rate_limit_error', `Rate limited for key ${CANARY}`), headers: { 'retry-after': '1' } },
          { status: 400, json: error('invalid_request_error', `${'x'.repeat(190)}${CANARY}`) },
          { status: 529, json: error('overloaded_error', `Overloaded while serving ${CANARY}`) },
          { status: 500, text: `internal error for ${CANARY}`, headers: { 'content-type': 'text/plain' } },
          { text: `not json ${CANARY}` },
          { events: [`event: error\ndata: ${JSON.stringify(error('api_error', `stream failed for ${CANARY}`))}\n\n`] },
        );
        const errors: ProviderError[] = [];
        for (let attempt = 0; attempt < 6; attempt += 1) {
          const streaming = attempt === 5;
          const target = streaming ? anthropicProvider.create({ apiKey: CANARY, baseURL: canaryServer.baseURL, model: MODEL, stream: true }, environment) : provider;
          errors.push(await failure(target.generate(generateRequest())));
        }
        expect(errors.map((caught) => caught.kind)).toEqual(['rate_limit', 'bad_request', 'server', 'server', 'malformed', 'server']);
        for (const caught of errors) {
          expect(caught.message).not.toContain('sk-canary');
          expect(JSON.stringify(caught)).not.toContain('sk-canary');
        }
      } finally {
        await canaryServer.close();
      }
    });
  });
});

describe('anthropic provider: connection faults', () => {
  it('maps a refused connection to network, naming the address and the code', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const provider = anthropicProvider.create({ apiKey: KEY, baseURL: `http://127.0.0.1:${port}`, model: MODEL }, environment);
    const error = await failure(provider.generate(generateRequest()));
    expect(error).toMatchObject({ kind: 'network', status: undefined });
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(`anthropic: could not reach http://127.0.0.1:${port} (ECONNREFUSED); check the network and providers.anthropic.baseURL or ANTHROPIC_BASE_URL`);
  });
});
