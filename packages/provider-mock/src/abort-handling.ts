import { ProviderError, abortKind } from '@quorum/core';

/**
 * The error for an aborted signal: kind `timeout` when the engine's per-attempt timeout
 * fired (`AbortSignal.timeout` aborts with a DOMException named `TimeoutError`), kind
 * `cancelled` for anything else (the run was stopped).
 */
export function abortError(provider: string, signal: AbortSignal): ProviderError {
  const reason: unknown = signal.reason;
  return abortKind(reason) === 'timeout'
    ? new ProviderError(provider, 'timeout', 'the request timed out before the simulated reply was ready', { cause: reason })
    : new ProviderError(provider, 'cancelled', 'the request was cancelled', { cause: reason });
}

/** Rejects at once when the signal has already aborted. */
export function throwIfAborted(provider: string, signal: AbortSignal): void {
  if (signal.aborted) throw abortError(provider, signal);
}

/** Waits `milliseconds` with a timer, rejecting promptly (and clearing the timer) when the signal aborts. */
export function abortableDelay(provider: string, milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(abortError(provider, signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(provider, signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Never resolves; rejects when the signal aborts (a request that hangs until its timeout). */
export function untilAborted(provider: string, signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal.aborted) {
      reject(abortError(provider, signal));
      return;
    }
    signal.addEventListener('abort', () => reject(abortError(provider, signal)), { once: true });
  });
}
