import { ConfigError, type JsonSchema } from '@quorum/core';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { explainSchemaErrors } from './explain-schema-errors.js';
import { formatPath, locationOf, type ValueSource } from './value-source.js';

/** The outcome of checking a value: a copy with defaults filled in, or every problem found. */
export type ValidationResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly ConfigError[] };

/** A compiled JSON Schema; see {@link createValidator}. */
export type SchemaValidator<T> = (value: unknown, source?: ValueSource) => ValidationResult<T>;

// One instance for every schema Quorum checks (config, plugin and strategy options,
// templates). `addUsedSchema: false` keeps schemas that share an `$id` from colliding;
// strictSchema stays on so a misspelt keyword in a plugin's schema fails instead of being
// ignored.
const ajv = new Ajv2020({
  allErrors: true,
  useDefaults: true,
  verbose: true,
  addUsedSchema: false,
  strictTypes: false,
  strictTuples: false,
  logger: false,
});
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

/**
 * Compiles a JSON Schema (draft 2020-12) once; later calls with the same schema object
 * reuse the compiled validator. The returned function never changes its input: it checks
 * a copy and fills the schema's defaults into that copy. Each problem is one
 * {@link ConfigError} with one sentence (`voting.strategy must be a string`) located with
 * the source's file and locator. Throws ajv's error when the schema itself is invalid.
 */
export function createValidator<T = unknown>(schema: JsonSchema): SchemaValidator<T> {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  const check = validate;
  return (value, source = {}) => {
    const copy = copyPlainData(value);
    if (check(copy)) return { ok: true, value: copy as T };
    const problems = explainSchemaErrors(check.errors ?? [], copy).map((problem) => {
      const path = [...(source.path ?? []), ...problem.path];
      const subject = formatPath(path) || (source.label ?? 'value');
      return new ConfigError(
        `${subject} ${problem.predicate}`,
        locationOf(source, [...(source.path ?? []), ...problem.locateAt], problem.target),
      );
    });
    return { ok: false, problems: sortByPosition(problems) };
  };
}

/**
 * Validates `value` against `schema` and returns a copy with defaults filled in; throws
 * the first problem in file order as a {@link ConfigError} (use {@link createValidator}
 * to get all of them).
 */
export function validateWithSchema<T = unknown>(schema: JsonSchema, value: unknown, source: ValueSource = {}): T {
  const result = createValidator<T>(schema)(value, source);
  if (!result.ok) throw result.problems[0];
  return result.value;
}

function sortByPosition(problems: ConfigError[]): ConfigError[] {
  const rank = (error: ConfigError) =>
    [error.line ?? Number.MAX_SAFE_INTEGER, error.column ?? Number.MAX_SAFE_INTEGER] as const;
  return problems.sort((a, b) => {
    const [lineA, columnA] = rank(a);
    const [lineB, columnB] = rank(b);
    return lineA - lineB || columnA - columnB;
  });
}

/** Deep copy of plain objects and arrays; anything else (functions, class instances) is kept. */
function copyPlainData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyPlainData);
  if (typeof value === 'object' && value !== null) {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype === Object.prototype || prototype === null) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyPlainData(item)]));
    }
  }
  return value;
}
