import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { toOpenAIProviderError, type OpenAIErrorContext } from './openai-error.js';

const context = (signal: AbortSignal = new AbortController().signal): OpenAIErrorContext => ({
  baseURL: 'https://user:password@api.example.test/v1/?token=1',
  keySource: 'environment',
  secrets: ['sk-canary-0123456789abcdef'],
  signal,
});

describe('toOpenAIProviderError', () => {
  it('maps the SDK connection timeout to timeout', () => {
    expect(toOpenAIProviderError(new OpenAI.APIConnectionTimeoutError(), context())).toMatchObject({
      kind: 'timeout',
      message: "openai: no answer from https://api.example.test/v1 before the SDK's own time limit",
    });
  });

  it('names the server without its credentials or query', () => {
    const error = toOpenAIProviderError(new OpenAI.APIConnectionError({ message: 'Connection error.' }), context());
    expect(error.kind).toBe('network');
    expect(error.message).not.toContain('password');
    expect(error.message).not.toContain('token=');
  });

  it('maps by status through providerErrorKindOfStatus, reading retry-after-ms too', () => {
    const headers = new Headers({ 'retry-after-ms': '1500' });
    const cases: [number, string][] = [
      [403, 'auth'],
      [408, 'timeout'],
      [409, 'bad_request'],
      [429, 'rate_limit'],
      [502, 'server'],
    ];
    for (const [status, kind] of cases) {
      const error = toOpenAIProviderError(OpenAI.APIError.generate(status, { error: { message: 'nope' } }, undefined, headers), context());
      expect(error).toMatchObject({ kind, status, retryAfterMs: 1500 });
    }
  });

  it('turns an abort into timeout or cancelled by the signal reason, whatever the SDK threw', () => {
    const timedOut = new AbortController();
    timedOut.abort(new DOMException('The operation timed out.', 'TimeoutError'));
    expect(toOpenAIProviderError(new OpenAI.APIUserAbortError(), context(timedOut.signal)).kind).toBe('timeout');
    expect(toOpenAIProviderError(new TypeError('terminated'), context(timedOut.signal)).kind).toBe('timeout');
    const cancelled = new AbortController();
    cancelled.abort();
    expect(toOpenAIProviderError(new OpenAI.APIUserAbortError(), context(cancelled.signal)).kind).toBe('cancelled');
  });

  it('does not keep the SDK error (whose message may hold the key) as the cause', () => {
    const sdkError = OpenAI.APIError.generate(401, { error: { message: 'bad key sk-canary-0123456789abcdef' } }, undefined, new Headers());
    const error = toOpenAIProviderError(sdkError, context());
    expect(error.cause).toBeUndefined();
    expect(error.message).toBe('openai: authentication failed (HTTP 401): "bad key ***"; check OPENAI_API_KEY');
  });
});
