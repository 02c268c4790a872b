import type { SchemaFile } from '@quorum/config';
import { templateJsonSchema } from './template-schema.js';

/** The schemas this package owns, for `scripts/generate-schemas.mjs`. */
export const schemaFiles: readonly SchemaFile[] = [{ file: 'template.schema.json', schema: templateJsonSchema }];
