import type { SchemaFile } from '@quorum/config';
import { workflowJsonSchema } from './workflow-schema.js';

/** The schemas this package owns, for `scripts/generate-schemas.mjs`. */
export const schemaFiles: readonly SchemaFile[] = [{ file: 'workflow.schema.json', schema: workflowJsonSchema }];
