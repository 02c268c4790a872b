import type { JsonSchema } from '@quorum/core';
import { createValidator, type SchemaValidator } from './schema-validator.js';

const closed = new WeakMap<JsonSchema, JsonSchema>();
// Keywords that may declare more properties elsewhere; a schema using them stays as written.
const COMPOSING = [
  'additionalProperties',
  'unevaluatedProperties',
  'allOf',
  'anyOf',
  'oneOf',
  '$ref',
  '$dynamicRef',
  'if',
  'dependentSchemas',
];

/**
 * The validator of options a plugin, strategy or storage declares. An object schema that
 * lists `properties` but says nothing about other keys is closed at its top level, so an
 * option the plugin does not know is an error with "did you mean" rather than silently
 * ignored; a schema that sets `additionalProperties` (or composes properties from
 * elsewhere, as `allOf` or `$ref` do) is used as it is. Throws ajv's error when the
 * schema is not valid JSON Schema.
 */
export function optionsValidator(schema: JsonSchema): SchemaValidator<Record<string, unknown>> {
  let effective = closed.get(schema);
  if (effective === undefined) {
    const open = 'properties' in schema && !COMPOSING.some((keyword) => keyword in schema);
    effective = open ? { ...schema, additionalProperties: false } : schema;
    closed.set(schema, effective);
  }
  return createValidator<Record<string, unknown>>(effective);
}
