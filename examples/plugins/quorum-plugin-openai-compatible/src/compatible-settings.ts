import { ConfigError, type JsonSchema, type ProviderEnvironment } from '@quorum/core';

/** How the reply is constrained to JSON: servers differ in what they accept. */
export type StructuredOutput = 'json_schema' | 'json_object' | 'none';

/** The settings under `providers.<name>` in config. */
export interface CompatibleSettings {
  /** The server's API root, up to and including `/v1`: `http://localhost:8000/v1`. */
  readonly baseURL: string;
  /** The name of the environment variable holding the API key; none for a server that wants no key. */
  readonly apiKeyEnv?: string | undefined;
  /** Extra HTTP headers sent with every request. */
  readonly headers: Readonly<Record<string, string>>;
  /** The models the server serves; a request for another one fails before any call. */
  readonly models: readonly string[];
  /** The model used when a request names none; the first of `models` by default. */
  readonly model?: string | undefined;
  readonly structuredOutput: StructuredOutput;
}

/** JSON Schema of {@link CompatibleSettings}; the host checks the settings against it and fills defaults. */
export const compatibleSettingsSchema: JsonSchema = {
  type: 'object',
  title: 'OpenAI-compatible provider settings',
  description: 'An OpenAI-compatible chat completions server: where it is, how to authenticate, which models it serves.',
  additionalProperties: false,
  required: ['baseURL', 'models'],
  properties: {
    baseURL: { type: 'string', minLength: 1, description: 'API root up to and including /v1, e.g. http://localhost:8000/v1.' },
    apiKeyEnv: {
      type: 'string',
      pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
      description: 'Name of the environment variable that holds the API key (the key itself never goes in config). Leave out for a server that wants no key.',
    },
    headers: { type: 'object', additionalProperties: { type: 'string' }, default: {}, description: 'Extra HTTP headers sent with every request.' },
    models: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, uniqueItems: true, description: 'The models the server serves; the first is the default.' },
    model: { type: 'string', minLength: 1, description: 'The default model, one of models (the first of models when left out).' },
    structuredOutput: {
      enum: ['json_schema', 'json_object', 'none'],
      default: 'json_schema',
      description: 'json_schema (strict schema, vLLM, llama.cpp, LM Studio), json_object (JSON mode only) or none (plain text; Quorum still validates the reply).',
    },
  },
};

/** The key used when the server wants none: the SDK insists on one. */
export const PLACEHOLDER_KEY = 'quorum-no-key';

/** Settings and environment merged into what the client needs. */
export interface CompatibleConnection {
  readonly baseURL: string;
  readonly apiKey: string;
  /** The variable the key came from, for messages; undefined when no key is used. */
  readonly apiKeyEnv: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly models: readonly string[];
  readonly model: string;
  readonly structuredOutput: StructuredOutput;
}

/**
 * Reads the settings (already checked against {@link compatibleSettingsSchema} by the host;
 * checked again here for callers that skip the host) with the environment. Throws a
 * {@link ConfigError} naming the setting and the fix; never quotes a key.
 */
export function resolveConnection(provider: string, settings: Readonly<Record<string, unknown>>, environment: ProviderEnvironment): CompatibleConnection {
  const where = `providers.${provider}`;
  const baseURL = settings['baseURL'];
  if (typeof baseURL !== 'string' || baseURL.trim() === '') throw new ConfigError(`${where}.baseURL is missing; set it to the server's API root, e.g. http://localhost:8000/v1`);
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    throw new ConfigError(`${where}.baseURL is not a URL; write it as http(s)://host[:port]/v1`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${where}.baseURL must be an http or https URL, not ${url.protocol.slice(0, -1)}`);
  const models = settings['models'];
  if (!Array.isArray(models) || models.length === 0 || !models.every((m) => typeof m === 'string' && m !== '')) {
    throw new ConfigError(`${where}.models must list the models the server serves, e.g. [llama-3.1-8b-instruct]`);
  }
  const model = typeof settings['model'] === 'string' ? settings['model'] : (models[0] as string);
  if (!models.includes(model)) throw new ConfigError(`${where}.model "${model}" is not in ${where}.models (${models.join(', ')}); add it there or pick one of them`);
  const apiKeyEnv = typeof settings['apiKeyEnv'] === 'string' ? settings['apiKeyEnv'] : undefined;
  const key = apiKeyEnv === undefined ? undefined : environment.env[apiKeyEnv]?.trim();
  if (apiKeyEnv !== undefined && (key === undefined || key === '')) {
    throw new ConfigError(`${where}: the environment variable ${apiKeyEnv} (apiKeyEnv) is not set; export it with the server's API key`);
  }
  const headers = (settings['headers'] ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') throw new ConfigError(`${where}.headers.${name} must be a string`);
  }
  const structuredOutput = (settings['structuredOutput'] ?? 'json_schema') as StructuredOutput;
  return {
    baseURL: baseURL.trim(),
    apiKey: key ?? PLACEHOLDER_KEY,
    apiKeyEnv,
    headers: headers as Record<string, string>,
    models: models as string[],
    model,
    structuredOutput,
  };
}
