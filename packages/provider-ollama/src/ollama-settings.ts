import { ConfigError, didYouMean, type JsonSchema } from '@quorum/core';

/** The model asked when neither the model id nor the settings name one. */
export const OLLAMA_DEFAULT_MODEL = 'llama3.2';

/** The settings under `providers.ollama` in config, after defaults. */
export interface OllamaSettings {
  /** Where Ollama runs; overrides `OLLAMA_HOST`. */
  readonly host: string | undefined;
  /** Extra HTTP headers, for an Ollama behind a proxy that wants a token. */
  readonly headers: Readonly<Record<string, string>>;
  readonly model: string;
  /** Ask for the reply as NDJSON chunks instead of one JSON body. */
  readonly stream: boolean;
  /** How long Ollama keeps the model loaded after the call (`5m`, `1h`, `-1`). */
  readonly keepAlive: string | undefined;
  /** The context window in tokens (Ollama's `num_ctx`); Ollama's own default when unset. */
  readonly numCtx: number | undefined;
}

/** JSON Schema of `providers.ollama`; the host validates the settings with it and fills defaults. */
export const ollamaOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    host: {
      type: 'string',
      minLength: 1,
      description: 'Where Ollama runs, in any form OLLAMA_HOST accepts (127.0.0.1:11434, http://host:port); overrides OLLAMA_HOST.',
    },
    headers: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'Extra HTTP headers sent with every request, for an Ollama behind an authenticating proxy.',
    },
    model: { type: 'string', minLength: 1, default: OLLAMA_DEFAULT_MODEL, description: 'The model used when the model id names none.' },
    stream: { type: 'boolean', default: false, description: 'Receive the reply as a stream of NDJSON chunks.' },
    keepAlive: {
      type: 'string',
      minLength: 1,
      description: 'How long Ollama keeps the model in memory after a call (Ollama keep_alive: "5m", "1h", "-1" for ever).',
    },
    numCtx: { type: 'integer', minimum: 1, description: 'Context window in tokens (Ollama option num_ctx).' },
  },
};

const KEYS = ['host', 'headers', 'model', 'stream', 'keepAlive', 'numCtx'] as const;

/**
 * Reads `providers.ollama`, filling defaults. The host has already validated the settings
 * against {@link ollamaOptionsSchema}; this check repeats the essentials for programmatic
 * callers so that a wrong setting is never silently ignored.
 *
 * @throws ConfigError naming the setting that is wrong
 */
export function readOllamaSettings(settings: Readonly<Record<string, unknown>>): OllamaSettings {
  for (const key of Object.keys(settings)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      throw new ConfigError(`providers.ollama.${key} is not a known setting${didYouMean(key, KEYS)}`);
    }
  }
  const { host, headers, model, stream, keepAlive, numCtx } = settings;
  if (host !== undefined && (typeof host !== 'string' || host.trim() === '')) {
    throw new ConfigError('providers.ollama.host must be a non-empty string such as "127.0.0.1:11434"');
  }
  if (headers !== undefined && !isStringRecord(headers)) {
    throw new ConfigError('providers.ollama.headers must map header names to string values');
  }
  if (model !== undefined && (typeof model !== 'string' || model.trim() === '')) {
    throw new ConfigError('providers.ollama.model must be a non-empty string such as "llama3.2"');
  }
  if (stream !== undefined && typeof stream !== 'boolean') {
    throw new ConfigError('providers.ollama.stream must be true or false');
  }
  if (keepAlive !== undefined && (typeof keepAlive !== 'string' || keepAlive.trim() === '')) {
    throw new ConfigError('providers.ollama.keepAlive must be a duration string such as "5m"');
  }
  if (numCtx !== undefined && !(typeof numCtx === 'number' && Number.isInteger(numCtx) && numCtx >= 1)) {
    throw new ConfigError('providers.ollama.numCtx must be a whole number of tokens, at least 1');
  }
  return {
    host: host as string | undefined,
    headers: (headers as Record<string, string> | undefined) ?? {},
    model: (model as string | undefined) ?? OLLAMA_DEFAULT_MODEL,
    stream: (stream as boolean | undefined) ?? false,
    keepAlive: keepAlive as string | undefined,
    numCtx: numCtx as number | undefined,
  };
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((entry) => typeof entry === 'string')
  );
}
