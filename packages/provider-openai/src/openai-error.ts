import { ProviderError, describeBaseURL, parseRetryAfter, providerAbortError, providerErrorKindOfStatus, quoteApiMessage, systemErrorCode } from '@quorum/core';
import OpenAI from 'openai';

/** What an error message may mention, and what it must hide. */
export interface OpenAIErrorContext {
  /** The base URL requests went to, for connection errors. */
  readonly baseURL: string;
  /** Where the key came from, for the hint after a 401. */
  readonly keySource: 'settings' | 'environment' | 'placeholder';
  /** Strings that must never appear in a message: the key, secret-looking header values. */
  readonly secrets: readonly string[];
  /** The request's abort signal: an abort is `timeout` or `cancelled`, whatever the SDK threw. */
  readonly signal: AbortSignal;
}

const PROVIDER = 'openai';

/**
 * Turns whatever the SDK threw into a {@link ProviderError}: the HTTP status decides the
 * kind (`providerErrorKindOfStatus`), `retry-after` gives `retryAfterMs`, an abort through
 * the request's signal is `timeout` (a `TimeoutError` reason) or `cancelled`, a failed
 * connection is `network` and a body that is not JSON is `malformed`. The message is one
 * sentence; it quotes at most the API's own error message, redacted and truncated.
 */
export function toOpenAIProviderError(error: unknown, context: OpenAIErrorContext): ProviderError {
  if (error instanceof ProviderError) return error;
  if (context.signal.aborted) return abortError(context.signal);
  if (error instanceof OpenAI.APIUserAbortError) return new ProviderError(PROVIDER, 'cancelled', 'the request was cancelled');
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new ProviderError(PROVIDER, 'timeout', `no answer from ${describeBaseURL(context.baseURL)} before the SDK's own time limit`);
  }
  if (error instanceof OpenAI.APIConnectionError) {
    const code = systemErrorCode(error);
    return new ProviderError(
      PROVIDER,
      'network',
      `could not reach ${describeBaseURL(context.baseURL)}${code === undefined ? '' : ` (${code})`}; check the network and providers.openai.baseURL or OPENAI_BASE_URL`,
      { cause: error.cause },
    );
  }
  if (error instanceof OpenAI.APIError) {
    if (error.status === undefined) {
      // An error event inside a stream: the API reports it in the body, without a status.
      const apiMessage = quoteApiMessage(messageOf(error.error), context.secrets);
      return new ProviderError(PROVIDER, 'server', `the stream reported an error${apiMessage}`);
    }
    return statusError(error.status, error.headers, messageOf(error.error), context);
  }
  if (error instanceof SyntaxError) return malformed('the response body is not valid JSON');
  if (error instanceof OpenAI.OpenAIError) {
    return new ProviderError(PROVIDER, 'bad_request', `the SDK refused the request${quoteApiMessage(error.message, context.secrets)}`);
  }
  const name = error instanceof Error ? error.name : typeof error;
  return new ProviderError(PROVIDER, 'network', `the request failed unexpectedly (${name})`);
}

/** A {@link ProviderError} of kind `malformed`: the reply is not what the API promises. */
export function malformed(what: string): ProviderError {
  return new ProviderError(PROVIDER, 'malformed', what);
}

/** The error for a request stopped by its signal. */
export function abortError(signal: AbortSignal): ProviderError {
  return providerAbortError(PROVIDER, signal);
}

function statusError(status: number, headers: Headers | undefined, apiMessage: string | undefined, context: OpenAIErrorContext): ProviderError {
  const kind = providerErrorKindOfStatus(status);
  const quoted = quoteApiMessage(apiMessage, context.secrets);
  const hint = hintFor(status, context);
  return new ProviderError(PROVIDER, kind, `${describeStatus(status)} (HTTP ${status})${quoted}${hint}`, {
    status,
    retryAfterMs: parseRetryAfter(headers),
  });
}

function describeStatus(status: number): string {
  if (status === 429) return 'rate limited';
  if (status === 401) return 'authentication failed';
  if (status === 403) return 'permission denied';
  if (status === 404) return 'not found';
  if (status === 400) return 'the API rejected the request';
  if (status === 422) return 'the API could not process the request';
  if (status === 408) return 'the API timed out';
  if (status >= 500) return 'server error';
  return 'the request failed';
}

function hintFor(status: number, context: OpenAIErrorContext): string {
  if (status === 401) {
    if (context.keySource === 'settings') return '; check providers.openai.apiKey';
    if (context.keySource === 'environment') return '; check OPENAI_API_KEY';
    return `; the server at ${describeBaseURL(context.baseURL)} wants a key: set OPENAI_API_KEY or providers.openai.apiKey`;
  }
  if (status === 403) return '; check that the key may use this model';
  if (status === 404) return `; check the model name and the base URL ${describeBaseURL(context.baseURL)}`;
  return '';
}

function messageOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const message = (body as { message?: unknown }).message;
  return typeof message === 'string' ? message : undefined;
}
