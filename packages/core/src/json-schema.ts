import { z } from 'zod';

/** A JSON Schema document (draft 2020-12), as plugins declare their options with. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/**
 * Generates the JSON Schema of a zod schema, the one way every schema in `schemas/` is
 * made, so the checked-in files can be compared against the code that defines them.
 */
export function toJsonSchema(schema: z.ZodType, meta: { id: string; title: string; description?: string }): JsonSchema {
  const generated = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: meta.id,
    title: meta.title,
    ...(meta.description === undefined ? {} : { description: meta.description }),
    ...rest,
  };
}
