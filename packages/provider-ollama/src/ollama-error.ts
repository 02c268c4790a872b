import { ProviderError, abortKind, parseRetryAfter, providerErrorKindOfStatus } from '@quorum/core';

/** The provider name in every error message. */
const PROVIDER = 'ollama';

/** What was going on when a call failed, to word the error. */
export interface OllamaFailureContext {
  /** The signal of the call, to tell a timeout from a cancellation. */
  readonly signal: AbortSignal;
  /** The server's URL, without credentials. */
  readonly host: string;
  readonly model: string;
  /** The last HTTP response of the call, for `retry-after`. */
  readonly response: Response | undefined;
}

/** Messages the `ollama` client throws itself when a reply does not follow the protocol. */
const CLIENT_PROTOCOL_MESSAGES = new Set(['Did not receive done or success response in stream.', 'Missing body']);

/**
 * Turns whatever the `ollama` client or `fetch` threw into a {@link ProviderError} whose kind
 * tells the engine what to do next. Messages name the host and the model, never headers.
 */
export function toOllamaProviderError(error: unknown, context: OllamaFailureContext): ProviderError {
  if (error instanceof ProviderError) return error;
  if (context.signal.aborted) return abortError(context.signal.reason, error);

  const status = responseStatus(error);
  if (status !== undefined) return statusError(status, errorMessage(error), context, error);

  const code = networkCode(error);
  if (code !== undefined) {
    const advice =
      code === 'ECONNREFUSED'
        ? 'start Ollama (`ollama serve`) or set OLLAMA_HOST or providers.ollama.host to where it runs'
        : 'check OLLAMA_HOST or providers.ollama.host and that the server is reachable';
    return new ProviderError(PROVIDER, 'network', `cannot reach Ollama at ${context.host} (${code}); ${advice}`, { cause: error });
  }

  if (error instanceof SyntaxError || (error instanceof Error && CLIENT_PROTOCOL_MESSAGES.has(error.message))) {
    return new ProviderError(PROVIDER, 'malformed', `Ollama at ${context.host} sent a reply that is not valid Ollama JSON (${clip(errorMessage(error))})`, {
      cause: error,
    });
  }
  if (error instanceof Error && error.name === 'Error') {
    // The client rethrows an `{"error": "…"}` line of a stream as a plain Error.
    return new ProviderError(PROVIDER, 'server', `Ollama reported an error while answering with ${context.model}: ${clip(error.message)}`, {
      cause: error,
    });
  }
  return new ProviderError(PROVIDER, 'network', `the call to Ollama at ${context.host} failed: ${clip(errorMessage(error))}`, { cause: error });
}

/** The error for a call whose signal aborted: `timeout` for `AbortSignal.timeout`, else `cancelled`. */
export function abortError(reason: unknown, cause?: unknown): ProviderError {
  if (abortKind(reason) === 'timeout') {
    return new ProviderError(PROVIDER, 'timeout', 'Ollama did not answer within the time limit; raise engine.timeoutMs or use a smaller model', {
      cause: cause ?? reason,
    });
  }
  return new ProviderError(PROVIDER, 'cancelled', 'the call to Ollama was cancelled', { cause: cause ?? reason });
}

function statusError(status: number, serverMessage: string, context: OllamaFailureContext, cause: unknown): ProviderError {
  const options = { status, cause, retryAfterMs: status === 429 || status === 503 ? parseRetryAfter(context.response?.headers) : undefined };
  const missingModel = /model ["']([^"']+)["'] not found/i.exec(serverMessage);
  if (status === 404 && missingModel !== null) {
    const name = missingModel[1] ?? context.model;
    return new ProviderError(PROVIDER, 'not_found', `the model "${name}" is not installed in Ollama at ${context.host}; run \`ollama pull ${name}\``, options);
  }
  const kind = providerErrorKindOfStatus(status);
  return new ProviderError(PROVIDER, kind, `Ollama at ${context.host} answered ${status} for ${context.model}: ${clip(serverMessage)}`, options);
}

/** The HTTP status of the client's `ResponseError` (not exported by the client, so read by shape). */
function responseStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { status_code?: unknown }).status_code;
  return typeof status === 'number' ? status : undefined;
}

/** The system error code (`ECONNREFUSED`) somewhere in the cause chain of a failed `fetch`. */
function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      current = errors[0];
      continue;
    }
    current = (current as { cause?: unknown }).cause;
  }
  if (error instanceof TypeError && /fetch failed|terminated/i.test(error.message)) return 'fetch failed';
  return undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One line of at most 200 characters, for server-provided text. */
function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
