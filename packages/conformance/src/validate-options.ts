import fc from 'fast-check';
import type { JsonSchema } from '@quorum/core';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

// The same settings as the host's validator (@quorum/config): defaults filled in, strict
// schemas (a misspelt keyword fails), every error reported.
const ajv = new Ajv2020({ allErrors: true, useDefaults: true, addUsedSchema: false, strictTypes: false, strictTuples: false, logger: false });
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

/** The result of checking options against a plugin's schema, as the host does it. */
export type OptionsValidation = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly errors: string };

/**
 * Validates a copy of `value` against `schema` (JSON Schema draft 2020-12) and returns it with
 * the schema's defaults filled in. Throws when the schema itself does not compile.
 */
export function validateOptions(schema: JsonSchema, value: unknown): OptionsValidation {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  const copy = value === undefined ? undefined : structuredClone(value);
  if (validate(copy)) return { ok: true, value: copy };
  return { ok: false, errors: ajv.errorsText(validate.errors) };
}

/** Checks `check` with each of `optionsList`, over `numRuns` values of `arbitrary` (fast-check). */
export function forEveryOptions<O, T>(optionsList: readonly O[], arbitrary: fc.Arbitrary<T>, numRuns: number, check: (value: T, options: O) => void): void {
  for (const options of optionsList) fc.assert(fc.property(arbitrary, (value) => check(value, options)), { numRuns });
}
