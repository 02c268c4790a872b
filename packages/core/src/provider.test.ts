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

describe('errors from another copy of @quorum/core', () => {
  it('are recognised by instanceof, so a plugin with its own copy still gets retries and fallbacks', async () => {
    // A second evaluation of the modules: what a plugin installed with its own copy has.
    const another = (file: string) => import(/* @vite-ignore */ `${file}?another-copy`);
    const copy = (await another('./provider.js')) as typeof import('./provider.js');
    const errors = (await another('./errors.js')) as typeof import('./errors.js');
    const { ProviderError } = await import('./provider.js');
    const { NotFoundError, QuorumError } = await import('./errors.js');
    expect(copy.ProviderError).not.toBe(ProviderError);
    const foreign = new copy.ProviderError('plugin', 'auth', 'the key was refused');
    expect(foreign instanceof ProviderError).toBe(true);
    expect(foreign instanceof QuorumError).toBe(true);
    expect(new errors.NotFoundError('gone') instanceof QuorumError).toBe(true);
    // Subclasses keep the ordinary check, and other errors are not taken for Quorum's.
    expect(new errors.NotFoundError('gone') instanceof NotFoundError).toBe(false);
    expect(new NotFoundError('gone') instanceof ProviderError).toBe(false);
    expect(new Error('plain') instanceof QuorumError).toBe(false);
    expect({ kind: 'auth' } instanceof ProviderError).toBe(false);
  });
});
