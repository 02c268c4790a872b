import { describe, expect, it } from 'vitest';
import { abortKind, parseModelId, providerErrorKindOfStatus } from './provider.js';

describe('provider helpers', () => {
  it('tells an attempt timeout from a cancellation by the signal reason', () => {
    expect(abortKind(new DOMException('stopped', 'TimeoutError'))).toBe('timeout');
    const controller = new AbortController();
    controller.abort();
    expect(abortKind(controller.signal.reason)).toBe('cancelled');
    expect(abortKind(undefined)).toBe('cancelled');
  });

  it('maps statuses and splits model ids', () => {
    expect([429, 400, 401, 403, 404, 422, 503].map(providerErrorKindOfStatus)).toEqual(['rate_limit', 'bad_request', 'auth', 'auth', 'not_found', 'unprocessable', 'server']);
    expect(parseModelId('ollama:llama3.2:8b')).toEqual({ provider: 'ollama', model: 'llama3.2:8b' });
    expect(parseModelId('openai')).toEqual({ provider: 'openai', model: '' });
  });
});
