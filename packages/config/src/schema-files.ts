import type { JsonSchema } from '@quorum/core';
import { configJsonSchema } from './config-schema.js';

/**
 * A JSON Schema that belongs in the repository's `schemas/` folder. Every package that
 * owns schemas exports a `schemaFiles` list; `scripts/generate-schemas.mjs` writes them all.
 */
export interface SchemaFile {
  /** File name inside `schemas/`, e.g. `config.schema.json`. */
  readonly file: string;
  readonly schema: JsonSchema;
}

/** The schemas this package owns. */
export const schemaFiles: readonly SchemaFile[] = [{ file: 'config.schema.json', schema: configJsonSchema }];

/** The exact text of a schema file: two-space indentation and a trailing newline. */
export function schemaFileText(schema: JsonSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
