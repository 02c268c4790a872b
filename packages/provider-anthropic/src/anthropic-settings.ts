import { ConfigError, ProviderSettingsReader, checkHttpURL, nonEmptyText, type JsonSchema, type ProviderEnvironment } from '@quorum/core';

/** The model used when neither the request nor `providers.anthropic.model` names one. */
export const ANTHROPIC_DEFAULT_MODEL = 'claude-sonnet-4-6';

/** `max_tokens` when neither the request nor `providers.anthropic.maxOutputTokens` sets it (the API requires one). */
export const ANTHROPIC_DEFAULT_MAX_OUTPUT_TOKENS = 4096;

/** Where requests go when neither `providers.anthropic.baseURL` nor `ANTHROPIC_BASE_URL` says otherwise. */
export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';

/** The settings under `providers.anthropic` in config. */
export interface AnthropicSettings {
  /** Prefer `ANTHROPIC_API_KEY`: a key written in a config file tends to end up in version control. */
  readonly apiKey?: string | undefined;
  /** The API's address without `/v1` (`https://api.anthropic.com`), for a proxy or gateway. */
  readonly baseURL?: string | undefined;
  /** Extra HTTP headers on every request (`anthropic-beta`…). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** The default model; {@link ANTHROPIC_DEFAULT_MODEL} when not set. */
  readonly model?: string | undefined;
  /** Ask for a server-sent event stream instead of one JSON body. */
  readonly stream?: boolean | undefined;
  /** `max_tokens` when a request sets no limit itself; {@link ANTHROPIC_DEFAULT_MAX_OUTPUT_TOKENS} when not set. */
  readonly maxOutputTokens?: number | undefined;
}

/** JSON Schema of {@link AnthropicSettings}; the host checks `providers.anthropic` against it and fills the defaults. */
export const anthropicOptionsSchema: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Anthropic provider settings',
  description: 'Settings under providers.anthropic. The key and base URL may also come from ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL; settings win.',
  type: 'object',
  additionalProperties: false,
  properties: {
    apiKey: {
      type: 'string',
      minLength: 1,
      description: 'API key. Prefer the ANTHROPIC_API_KEY environment variable: a key in a config file ends up in version control.',
    },
    baseURL: {
      type: 'string',
      minLength: 1,
      description: 'Base URL of the Messages API, without /v1 (default https://api.anthropic.com, or ANTHROPIC_BASE_URL).',
    },
    headers: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'Extra HTTP headers sent with every request, for example anthropic-beta.',
    },
    model: { type: 'string', minLength: 1, default: ANTHROPIC_DEFAULT_MODEL, description: 'The model used when a persona or template names none.' },
    stream: { type: 'boolean', default: false, description: 'Receive the reply as a stream of server-sent events.' },
    maxOutputTokens: {
      type: 'integer',
      minimum: 1,
      default: ANTHROPIC_DEFAULT_MAX_OUTPUT_TOKENS,
      description: 'Sent as max_tokens (which the API requires) when a request sets no limit of its own.',
    },
  },
};

/** Everything the provider needs, settings and environment merged. */
export interface AnthropicConnection {
  readonly apiKey: string;
  /** Where the key came from, for the hint in an authentication error. */
  readonly keySource: 'settings' | 'environment';
  readonly baseURL: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly model: string;
  readonly stream: boolean;
  readonly maxOutputTokens: number;
}

/**
 * Reads `providers.anthropic` with the environment (`ANTHROPIC_API_KEY`,
 * `ANTHROPIC_BASE_URL`): settings win over the environment. Only the given environment is
 * read, never `process.env`. Throws a {@link ConfigError} for a setting of the wrong type
 * and when there is no key.
 */
export function resolveAnthropicConnection(settings: Readonly<Record<string, unknown>>, environment: ProviderEnvironment): AnthropicConnection {
  const read = readAnthropicSettings(settings);
  const environmentKey = nonEmptyText(environment.env['ANTHROPIC_API_KEY']);
  const apiKey = read.apiKey ?? environmentKey;
  if (apiKey === undefined) throw new ConfigError(`anthropic: ${missingKeyReason()}; set ANTHROPIC_API_KEY in the environment`);
  const baseURL = read.baseURL ?? nonEmptyText(environment.env['ANTHROPIC_BASE_URL']) ?? ANTHROPIC_DEFAULT_BASE_URL;
  checkHttpURL(baseURL, read.baseURL === undefined ? 'ANTHROPIC_BASE_URL' : 'providers.anthropic.baseURL', 'http(s)://host[:port], for example https://api.anthropic.com');
  return {
    apiKey,
    keySource: read.apiKey !== undefined ? 'settings' : 'environment',
    baseURL,
    headers: read.headers ?? {},
    model: read.model ?? ANTHROPIC_DEFAULT_MODEL,
    stream: read.stream ?? false,
    maxOutputTokens: read.maxOutputTokens ?? ANTHROPIC_DEFAULT_MAX_OUTPUT_TOKENS,
  };
}

/** Why the provider is not configured, in words, naming no key. */
export function missingKeyReason(): string {
  return 'ANTHROPIC_API_KEY is not set and providers.anthropic has no apiKey';
}

/** Checks the types of `providers.anthropic` (the host has normally done so against the schema already). */
export function readAnthropicSettings(settings: Readonly<Record<string, unknown>>): AnthropicSettings {
  const read = new ProviderSettingsReader('anthropic', settings);
  read.onlyKnown(Object.keys(anthropicOptionsSchema['properties'] as object));
  return {
    apiKey: read.string('apiKey'),
    baseURL: read.string('baseURL'),
    headers: read.headers(),
    model: read.string('model'),
    stream: read.boolean('stream'),
    maxOutputTokens: read.positiveInteger('maxOutputTokens'),
  };
}
