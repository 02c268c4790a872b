import { configJsonSchema, type QuorumConfig } from './config-schema.js';
import { validateWithSchema } from './schema-validator.js';
import type { ValueSource } from './value-source.js';

/**
 * Checks a raw config value (as read from a file, or written in a JavaScript config)
 * against the config's JSON Schema and returns it with every default filled in. The
 * first problem is thrown as a `ConfigError` located through `source`.
 */
export function resolveConfig(raw: unknown, source: ValueSource = {}): QuorumConfig {
  return validateWithSchema<QuorumConfig>(configJsonSchema, raw, { label: 'config', ...source });
}
