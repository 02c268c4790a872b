import type { SchemaFile } from '@quorum/config';
import { personaJsonSchema } from './persona-schema.js';

/** The schemas this package owns, for `scripts/generate-schemas.mjs`. */
export const schemaFiles: readonly SchemaFile[] = [{ file: 'persona.schema.json', schema: personaJsonSchema }];
