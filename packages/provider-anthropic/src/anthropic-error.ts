import { ProviderError, describeBaseURL, parseRetryAfter, providerAbortError, providerErrorKindOfStatus, quoteApiMessage, systemErrorCode, type ProviderErrorKind } from '@quorum/core';
import Anthropic from '@anthropic-ai/sdk';

/** What an error message may mention, and what it must hide. */
export interface AnthropicErrorContext {
  /** The base URL requests went to, for connection errors. */
  readonly baseURL: string;
  /** Where the key came from, for the hint after a 401. */
  readonly keySource: 'settings' | 'environment';
  /** Strings that must never appear in a message: the key, secret-looking header values. */
  readonly secrets: readonly string[];
  /** The request's abort signal: an abort is `timeout` or `cancelled`, whatever the SDK threw. */
  readonly signal: AbortSignal;
}

const PROVIDER = 'anthropic';

/** Error `type`s the API reports inside a stream (where there is no HTTP status), by kind. */
const KIND_OF_ERROR_TYPE: Readonly<Record<string, ProviderErrorKind>> = {
  invalid_request_error: 'bad_request',
  authentication_error: 'auth',
  permission_error: 'auth',
  billing_error: 'bad_request',
  not_found_error: 'not_found',
  request_too_large: 'bad_request',
  rate_limit_error: 'rate_limit',
  timeout_error: 'timeout',
  api_error: 'server',
  overloaded_error: 'server',
};

/**
 * Turns whatever the SDK threw into a {@link ProviderError}: the HTTP status decides the
 * kind (`providerErrorKindOfStatus`), `retry-after` gives `retryAfterMs`, an abort through
 * the request's signal is `timeout` (a `TimeoutError` reason) or `cancelled`, a failed
 * connection is `network` and a body that is not JSON is `malformed`. The message is one
 * sentence; it quotes at most the API's own error message, redacted and truncated.
 */
export function toAnthropicProviderError(error: unknown, context: AnthropicErrorContext): ProviderError {
  if (error instanceof ProviderError) return error;
  if (context.signal.aborted) return abortError(context.signal);
  if (error instanceof Anthropic.APIUserAbortError) return new ProviderError(PROVIDER, 'cancelled', 'the request was cancelled');
  if (error instanceof Anthropic.APIConnectionTimeoutError) {
    return new ProviderError(PROVIDER, 'timeout', `no answer from ${describeBaseURL(context.baseURL)} before the SDK's own time limit`);
  }
  if (error instanceof Anthropic.APIConnectionError) {
    const code = systemErrorCode(error);
    return new ProviderError(
      PROVIDER,
      'network',
      `could not reach ${describeBaseURL(context.baseURL)}${code === undefined ? '' : ` (${code})`}; check the network and providers.anthropic.baseURL or ANTHROPIC_BASE_URL`,
      { cause: error.cause },
    );
  }
  if (error instanceof Anthropic.APIError) {
    if (error.status === undefined) {
      // An `event: error` inside a stream: the API reports its type in the body, without a status.
      const type = error.type ?? 'unknown';
      const kind = KIND_OF_ERROR_TYPE[type] ?? 'server';
      return new ProviderError(PROVIDER, kind, `the stream reported ${type}${quoteApiMessage(error.apiMessage ?? undefined, context.secrets)}`);
    }
    return statusError(error.status, error.headers, error.apiMessage ?? undefined, context);
  }
  if (error instanceof SyntaxError) return malformed('the response body is not valid JSON');
  if (error instanceof Anthropic.AnthropicError) {
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

function statusError(status: number, headers: Headers | undefined, apiMessage: string | undefined, context: AnthropicErrorContext): ProviderError {
  const kind = providerErrorKindOfStatus(status);
  return new ProviderError(PROVIDER, kind, `${describeStatus(status)} (HTTP ${status})${quoteApiMessage(apiMessage, context.secrets)}${hintFor(status, context)}`, {
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
  if (status === 413) return 'the request is too large';
  if (status === 422) return 'the API could not process the request';
  if (status === 408) return 'the API timed out';
  if (status === 529) return 'the API is overloaded';
  if (status >= 500) return 'server error';
  return 'the request failed';
}

function hintFor(status: number, context: AnthropicErrorContext): string {
  if (status === 401) return context.keySource === 'settings' ? '; check providers.anthropic.apiKey' : '; check ANTHROPIC_API_KEY';
  if (status === 403) return '; check that the key may use this model';
  if (status === 404) return `; check the model name and the base URL ${describeBaseURL(context.baseURL)}`;
  return '';
}
