import { QuorumError, brandError, hasErrorBrand } from './errors.js';
import type { JsonSchema } from './json-schema.js';
import type { PersonaV1 } from './persona.js';
import { redactSecrets } from './redact-secrets.js';

/**
 * LLM providers. A provider plugin contributes a {@link ProviderFactoryV1}; the host creates
 * one {@link ProviderV1} per run from the factory with the settings under
 * `providers.<name>` in config (checked against `optionsSchema`) and the environment.
 *
 * A model is named `provider:model` (`anthropic:claude-sonnet-5`, `ollama:llama3.2`); a bare
 * provider name (`openai`) means that provider's default model.
 *
 * Providers do one attempt per call: the engine owns retries, backoff, fallbacks and circuit
 * breakers, so SDK-level retries must be switched off (`maxRetries: 0`).
 */
export interface ProviderFactoryV1 {
  readonly specificationVersion: 'v1';
  /** The name in model ids and config: `openai`. Lowercase letters, digits and `-`. */
  readonly name: string;
  readonly description: string;
  /** JSON Schema of the settings under `providers.<name>` in config. Defaults are filled by the host. */
  readonly optionsSchema?: JsonSchema;
  /**
   * Whether the provider can be used as configured, without any network call: an API key or
   * host in the settings or the environment. A provider hint whose provider is not
   * configured falls through to the next choice, with `reason` in the notice. Never put the
   * key itself in `reason`.
   */
  configured(settings: Readonly<Record<string, unknown>>, environment: ProviderEnvironment): { readonly ok: boolean; readonly reason: string };
  create(settings: Readonly<Record<string, unknown>>, environment: ProviderEnvironment): ProviderV1;
}

/** What a provider may read from its surroundings; tests pass their own. */
export interface ProviderEnvironment {
  /** Environment variables (`OPENAI_API_KEY`, `OLLAMA_HOST`…). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The project directory, absolute (for relative paths in settings, e.g. a cassette). */
  readonly projectDir: string;
}

/** One provider instance: answers generation requests, one attempt per call. */
export interface ProviderV1 {
  readonly specificationVersion: 'v1';
  readonly name: string;
  /** The model used when a request names none. */
  readonly defaultModel: string;
  /**
   * Asks the model once. Resolves with the raw reply text (expected to be JSON matching
   * `request.responseSchema`; the engine validates it) and the usage. Rejects with a
   * {@link ProviderError} whose `kind` says whether a retry can help. Must stop promptly
   * and reject with kind `cancelled` or `timeout` when `request.signal` aborts.
   */
  generate(request: GenerateRequestV1): Promise<GenerateResultV1>;
}

/** A piece of a message. */
export interface MessagePartV1 {
  readonly text: string;
  /**
   * Marks the end of a prefix that stays the same on the next turns (persona, phase and the
   * transcript so far). Providers with explicit prompt caching (Anthropic's
   * `cache_control`) mark it; others ignore it, their caching being automatic on prefixes.
   */
  readonly cacheBreakpoint?: boolean;
}

export interface MessageV1 {
  readonly role: 'user' | 'assistant';
  readonly content: readonly MessagePartV1[];
}

export interface GenerateRequestV1 {
  /** The model without the provider prefix; empty for the provider's default. */
  readonly model: string;
  /** The persona and the rules of answering: identical on every call for one persona. */
  readonly system: string;
  /**
   * The conversation: normally one user message (phase, transcript, callout, stable part
   * first); after an invalid reply, that reply as `assistant` and a user message with the
   * validation error (the one repair attempt).
   */
  readonly messages: readonly MessageV1[];
  /** JSON Schema the reply must follow (`schemas/response.schema.json`). */
  readonly responseSchema: JsonSchema;
  /** A short name for the schema, where the API wants one (`quorum_response`). */
  readonly responseSchemaName: string;
  readonly temperature?: number | undefined;
  readonly maxOutputTokens?: number | undefined;
  /** Aborts on the per-attempt timeout or when the run is cancelled. */
  readonly signal: AbortSignal;
  /**
   * What the request is about, for providers that do not call a model: the mock provider's
   * simulated personas and cassettes. Real providers ignore it.
   */
  readonly turn: TurnDescriptionV1;
}

/** The structured description of one participant's turn that the prompt was built from. */
export interface TurnDescriptionV1 {
  /** The discussion's id in its storage (`add-rate-limiting.md`). */
  readonly discussion: string;
  readonly title: string;
  /** The discussion's context (its Markdown preamble). */
  readonly context: string;
  readonly persona: PersonaV1;
  readonly phase: {
    readonly id: string;
    readonly title: string;
    readonly goal: string;
    readonly instructions: string;
    /** Whether votes count in this phase. */
    readonly voting: boolean;
  };
  /** Round number over the whole discussion in this phase (1-based). */
  readonly round: number;
  readonly maxRounds: number;
  /** All participants of the phase (aliases), this persona included. */
  readonly participants: readonly string[];
  /** The comments so far, oldest first, as the prompt shows them. */
  readonly comments: readonly { readonly author: string; readonly text: string; readonly vote: string | null }[];
  /** Open questions addressed to this persona (or to everyone): id (`Q3`) and text. */
  readonly openQuestions: readonly { readonly id: string; readonly author: string; readonly text: string }[];
  /** The callout for this turn, if any (`--callout`, the phase's callout, a hint near the run's turn limit). */
  readonly callout: string | null;
  /** How the host wants every participant to argue in this run (a debate's intensity), if anything. */
  readonly guidance?: string | null | undefined;
}

export interface GenerateResultV1 {
  /** The reply as text (JSON, when the provider enforces the schema). */
  readonly text: string;
  readonly usage: UsageV1;
  /** The model that answered, as the API reports it (without provider prefix). */
  readonly model: string;
}

/** Tokens used by one call. `cachedInputTokens` are part of `inputTokens`, read from a prompt cache. */
export interface UsageV1 {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cachedInputTokens: number;
}

/**
 * Why a call failed, which decides what the engine does next:
 * - retried with backoff: `rate_limit` (429, honouring `retryAfterMs`), `server` (5xx),
 *   `timeout`, `network`, `malformed` (a reply body that is not what the API promises);
 * - not retried, straight to the fallback chain: `bad_request` (400), `auth` (401/403),
 *   `not_found` (404), `unprocessable` (422), `unavailable` (not configured, circuit open);
 * - `cancelled`: the run was stopped; nothing else is tried.
 */
export type ProviderErrorKind =
  | 'rate_limit'
  | 'server'
  | 'timeout'
  | 'network'
  | 'malformed'
  | 'bad_request'
  | 'auth'
  | 'not_found'
  | 'unprocessable'
  | 'unavailable'
  | 'cancelled';

const RETRYABLE: ReadonlySet<ProviderErrorKind> = new Set(['rate_limit', 'server', 'timeout', 'network', 'malformed']);

/** The error every provider rejects with. Its message must never contain a key or a prompt. */
const PROVIDER_ERROR = Symbol.for('@quorum/core:ProviderError');

export class ProviderError extends QuorumError {
  /**
   * `error instanceof ProviderError` holds for a ProviderError made by any copy of this
   * package (a provider plugin installed with its own copy), so its kind still decides retries
   * and fallbacks.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return this === ProviderError ? hasErrorBrand(value, PROVIDER_ERROR) : Function.prototype[Symbol.hasInstance].call(this, value);
  }

  readonly provider: string;
  readonly kind: ProviderErrorKind;
  /** HTTP status, when there was a response. */
  readonly status: number | undefined;
  /** From a `retry-after` (or `retry-after-ms`) header. */
  readonly retryAfterMs: number | undefined;

  constructor(
    provider: string,
    kind: ProviderErrorKind,
    message: string,
    options: { status?: number | undefined; retryAfterMs?: number | undefined; cause?: unknown } = {},
  ) {
    super('PROVIDER', 1, `${provider}: ${message}`, { cause: options.cause });
    this.provider = provider;
    this.kind = kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    brandError(this, PROVIDER_ERROR);
  }

  /** Whether another attempt at the same provider can help. */
  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

/**
 * What an aborted request's signal means: `timeout` when the engine's per-attempt limit fired
 * (`AbortSignal.timeout` aborts with a DOMException named `TimeoutError`), `cancelled` for
 * anything else (the run was stopped). Every provider words its own message around it.
 */
export function abortKind(reason: unknown): 'timeout' | 'cancelled' {
  return typeof reason === 'object' && reason !== null && (reason as { name?: unknown }).name === 'TimeoutError' ? 'timeout' : 'cancelled';
}

/** The error kind an HTTP status stands for. */
export function providerErrorKindOfStatus(status: number): ProviderErrorKind {
  if (status === 429) return 'rate_limit';
  if (status === 400) return 'bad_request';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status === 422) return 'unprocessable';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server';
  return 'bad_request';
}

/**
 * Milliseconds to wait from `retry-after-ms` or `retry-after` (seconds or an HTTP date), or
 * undefined when neither is usable.
 */
export function parseRetryAfter(headers: { get(name: string): string | null } | undefined, now = Date.now()): number | undefined {
  if (headers === undefined) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\d+(?:\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms));
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  if (/^\d+(?:\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Splits `provider:model` (the model may itself contain `:`, as in `ollama:llama3.2:8b`). */
export function parseModelId(id: string): { readonly provider: string; readonly model: string } {
  const colon = id.indexOf(':');
  return colon === -1 ? { provider: id.trim(), model: '' } : { provider: id.slice(0, colon).trim(), model: id.slice(colon + 1).trim() };
}

export const PROVIDER_SPECIFICATION_VERSION = 'v1' as const;

/**
 * The error for a request stopped by its signal: `timeout` when the signal's reason is a
 * `TimeoutError` (a per-attempt time limit), `cancelled` otherwise (the run was stopped).
 */
export function providerAbortError(provider: string, signal: AbortSignal): ProviderError {
  const reason: unknown = signal.reason;
  if (abortKind(reason) === 'timeout') {
    return new ProviderError(provider, 'timeout', 'no reply within the time limit; the request was aborted', { cause: reason });
  }
  return new ProviderError(provider, 'cancelled', 'the request was cancelled', { cause: reason });
}

/** `: "the API's message"`, with secrets removed and truncated, or nothing, for an error sentence. */
export function quoteApiMessage(message: string | undefined, secrets: readonly string[]): string {
  if (message === undefined) return '';
  const safe = redactSecrets(message, secrets);
  return safe === '' ? '' : `: "${safe}"`;
}

/** A base URL as an error may show it: without credentials, query or fragment. */
export function describeBaseURL(baseURL: string): string {
  try {
    const url = new URL(baseURL);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return 'the configured base URL';
  }
}

/** The operating system's error code (`ECONNREFUSED`…) somewhere down an error's cause chain. */
export function systemErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
