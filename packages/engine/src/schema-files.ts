import { responseSchema, toJsonSchema, type JsonSchema } from '@quorum/core';
import type { SchemaFile } from '@quorum/config';

/** `$id` of the reply schema. */
export const RESPONSE_SCHEMA_ID = 'https://quorum.dev/schemas/response.schema.json';

/** What every participant is asked to reply with; sent with each request and checked in as `schemas/response.schema.json`. */
export const responseJsonSchema: JsonSchema = toJsonSchema(responseSchema, {
  id: RESPONSE_SCHEMA_ID,
  title: 'Quorum participant reply',
  description: 'A participant\'s reply: a Markdown comment (or exactly NO_RESPONSE) and a vote or null.',
});

/** The schemas this package owns, for `scripts/generate-schemas.mjs`. */
export const schemaFiles: readonly SchemaFile[] = [{ file: 'response.schema.json', schema: responseJsonSchema }];
