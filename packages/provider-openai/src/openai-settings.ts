import { ConfigError, ProviderSettingsReader, checkHttpURL, nonEmptyText, type JsonSchema, type ProviderEnvironment } from '@quorum/core';

/** The model used when neither the request nor `providers.openai.model` names one. */
export const OPENAI_DEFAULT_MODEL = 'gpt-4o-mini';

/** Where requests go when neither `providers.openai.baseURL` nor `OPENAI_BASE_URL` says otherwise. */
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/**
 * The key sent to a server named only by its base URL. OpenAI-compatible local servers
 * (llama.cpp, vLLM, LM Studio…) usually want no key, but the SDK insists on one.
 */
export const OPENAI_PLACEHOLDER_KEY = 'quorum-no-key';

/** The settings under `providers.openai` in config. */
export interface OpenAISettings {
  /** Prefer `OPENAI_API_KEY`: a key written in a config file tends to end up in version control. */
  readonly apiKey?: string | undefined;
  /** An OpenAI-compatible endpoint, up to and including `/v1` (`http://localhost:8080/v1`). */
  readonly baseURL?: string | undefined;
  /** Sent as `OpenAI-Organization`. */
  readonly organization?: string | undefined;
  /** Extra HTTP headers on every request. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** The default model; {@link OPENAI_DEFAULT_MODEL} when not set. */
  readonly model?: string | undefined;
  /** Ask for a server-sent event stream instead of one JSON body. */
  readonly stream?: boolean | undefined;
  /** `max_completion_tokens` when a request sets no limit itself. */
  readonly maxOutputTokens?: number | undefined;
}

/** JSON Schema of {@link OpenAISettings}; the host checks `providers.openai` against it and fills the defaults. */
export const openaiOptionsSchema: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'OpenAI provider settings',
  description: 'Settings under providers.openai. The key and base URL may also come from OPENAI_API_KEY and OPENAI_BASE_URL; settings win.',
  type: 'object',
  additionalProperties: false,
  properties: {
    apiKey: {
      type: 'string',
      minLength: 1,
      description: 'API key. Prefer the OPENAI_API_KEY environment variable: a key in a config file ends up in version control.',
    },
    baseURL: {
      type: 'string',
      minLength: 1,
      description: 'Base URL of an OpenAI-compatible API, up to and including /v1 (default https://api.openai.com/v1, or OPENAI_BASE_URL). A local server named here needs no key.',
    },
    organization: { type: 'string', minLength: 1, description: 'OpenAI organization id, sent as the OpenAI-Organization header.' },
    headers: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'Extra HTTP headers sent with every request.',
    },
    model: { type: 'string', minLength: 1, default: OPENAI_DEFAULT_MODEL, description: 'The model used when a persona or template names none.' },
    stream: { type: 'boolean', default: false, description: 'Receive the reply as a stream of server-sent events.' },
    maxOutputTokens: {
      type: 'integer',
      minimum: 1,
      description: 'Sent as max_completion_tokens when a request sets no limit of its own.',
    },
  },
};

/** Everything the provider needs, settings and environment merged. */
export interface OpenAIConnection {
  readonly apiKey: string;
  /** Where the key came from, for the hint in an authentication error. */
  readonly keySource: 'settings' | 'environment' | 'placeholder';
  readonly baseURL: string;
  readonly organization: string | undefined;
  readonly project: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly model: string;
  readonly stream: boolean;
  readonly maxOutputTokens: number | undefined;
}

/**
 * Reads `providers.openai` with the environment (`OPENAI_API_KEY`, `OPENAI_BASE_URL`,
 * `OPENAI_ORG_ID`, `OPENAI_PROJECT_ID`): settings win over the environment. Only the given
 * environment is read, never `process.env`. Throws a {@link ConfigError} for a setting of
 * the wrong type, and when there is neither a key nor a base URL.
 */
export function resolveOpenAIConnection(settings: Readonly<Record<string, unknown>>, environment: ProviderEnvironment): OpenAIConnection {
  const read = readOpenAISettings(settings);
  const environmentKey = nonEmptyText(environment.env['OPENAI_API_KEY']);
  const configuredBaseURL = read.baseURL ?? nonEmptyText(environment.env['OPENAI_BASE_URL']);
  const apiKey = read.apiKey ?? environmentKey;
  if (apiKey === undefined && configuredBaseURL === undefined) {
    throw new ConfigError(`openai: ${missingKeyReason()}; set it, or name an OpenAI-compatible server with providers.openai.baseURL`);
  }
  const baseURL = configuredBaseURL ?? OPENAI_DEFAULT_BASE_URL;
  checkHttpURL(baseURL, read.baseURL === undefined ? 'OPENAI_BASE_URL' : 'providers.openai.baseURL', 'http(s)://host[:port]/path, for example http://localhost:8080/v1');
  return {
    apiKey: apiKey ?? OPENAI_PLACEHOLDER_KEY,
    keySource: read.apiKey !== undefined ? 'settings' : environmentKey !== undefined ? 'environment' : 'placeholder',
    baseURL,
    organization: read.organization ?? nonEmptyText(environment.env['OPENAI_ORG_ID']),
    project: nonEmptyText(environment.env['OPENAI_PROJECT_ID']),
    headers: read.headers ?? {},
    model: read.model ?? OPENAI_DEFAULT_MODEL,
    stream: read.stream ?? false,
    maxOutputTokens: read.maxOutputTokens,
  };
}

/** Why the provider is not configured, in words, naming no key. */
export function missingKeyReason(): string {
  return 'OPENAI_API_KEY is not set and providers.openai has no apiKey';
}

/** Checks the types of `providers.openai` (the host has normally done so against the schema already). */
export function readOpenAISettings(settings: Readonly<Record<string, unknown>>): OpenAISettings {
  const read = new ProviderSettingsReader('openai', settings);
  read.onlyKnown(Object.keys(openaiOptionsSchema['properties'] as object));
  return {
    apiKey: read.string('apiKey'),
    baseURL: read.string('baseURL'),
    organization: read.string('organization'),
    headers: read.headers(),
    model: read.string('model'),
    stream: read.boolean('stream'),
    maxOutputTokens: read.positiveInteger('maxOutputTokens'),
  };
}
