import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { toAnthropicProviderError, type AnthropicErrorContext } from './anthropic-error.js';

const context = (signal: AbortSignal = new AbortController().signal): AnthropicErrorContext => ({
  baseURL: 'https://user:password@gateway.example.test/anthropic?token=1',
  keySource: 'environment',
  secrets: ['sk-canary-0123456789abcdef'],
  signal,
});

describe('toAnthropicProviderError', () => {
  it('maps the SDK connection timeout to timeout', () => {
    expect(toAnthropicProviderError(new Anthropic.APIConnectionTimeoutError(), context())).toMatchObject({
      kind: 'timeout',
      message: "anthropic: no answer from https://gateway.example.test/anthropic before the SDK's own time limit",
    });
  });

  it('names the server without its credentials or query', () => {
    const error = toAnthropicProviderError(new Anthropic.APIConnectionError({ message: 'Connection error.' }), context());
    expect(error.kind).toBe('network');
    expect(error.message).not.toContain('password');
    expect(error.message).not.toContain('token=');
  });

  it('maps by status through providerErrorKindOfStatus, reading retry-after-ms too', () => {
    const headers = new Headers({ 'retry-after-ms': '1500' });
    const cases: [number, string][] = [
      [403, 'auth'],
      [408, 'timeout'],
      [413, 'bad_request'],
      [429, 'rate_limit'],
      [529, 'server'],
    ];
    for (const [status, kind] of cases) {
      const error = toAnthropicProviderError(Anthropic.APIError.generate(status, { type: 'error', error: { type: 'x', message: 'nope' } }, undefined, headers), context());
      expect(error).toMatchObject({ kind, status, retryAfterMs: 1500 });
    }
  });

  it('maps error events inside a stream by their type', () => {
    // An error event's body, as the SDK's stream hands it over (`APIError` without a status).
    type ErrorType = ConstructorParameters<typeof Anthropic.APIError>[4];
    const event = (type: string) => new Anthropic.APIError(undefined, { type: 'error', error: { type, message: 'm' } }, undefined, undefined, type as ErrorType);
    expect(toAnthropicProviderError(event('rate_limit_error'), context()).kind).toBe('rate_limit');
    expect(toAnthropicProviderError(event('overloaded_error'), context()).kind).toBe('server');
    expect(toAnthropicProviderError(event('invalid_request_error'), context()).kind).toBe('bad_request');
    expect(toAnthropicProviderError(event('something_new_error'), context()).kind).toBe('server');
  });

  it('turns an abort into timeout or cancelled by the signal reason, whatever the SDK threw', () => {
    const timedOut = new AbortController();
    timedOut.abort(new DOMException('The operation timed out.', 'TimeoutError'));
    expect(toAnthropicProviderError(new Anthropic.APIUserAbortError(), context(timedOut.signal)).kind).toBe('timeout');
    expect(toAnthropicProviderError(new TypeError('terminated'), context(timedOut.signal)).kind).toBe('timeout');
    const cancelled = new AbortController();
    cancelled.abort();
    expect(toAnthropicProviderError(new Anthropic.APIUserAbortError(), context(cancelled.signal)).kind).toBe('cancelled');
  });

  it('does not keep the SDK error (whose message may hold the key) as the cause', () => {
    const sdkError = Anthropic.APIError.generate(401, { type: 'error', error: { type: 'authentication_error', message: 'bad key sk-canary-0123456789abcdef' } }, undefined, new Headers());
    const error = toAnthropicProviderError(sdkError, context());
    expect(error.cause).toBeUndefined();
    expect(error.message).toBe('anthropic: authentication failed (HTTP 401): "bad key ***"; check ANTHROPIC_API_KEY');
  });
});
