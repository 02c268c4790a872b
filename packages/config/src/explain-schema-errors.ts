import { didYouMean } from '@quorum/core';
import type { ErrorObject } from 'ajv';
import type { PathSegment } from './value-source.js';

/** One thing wrong with a value, ready to be located and said in one sentence. */
export interface SchemaProblem {
  /** Path inside the validated value of the part that is wrong. */
  readonly path: readonly PathSegment[];
  /** `key` when the key itself is the problem (an unknown key), for locating it. */
  readonly target: 'key' | 'value';
  /** The predicate, to follow the path: `must be a string`. */
  readonly predicate: string;
  /** Path of the node the problem is reported at when `path` itself is absent (a missing key). */
  readonly locateAt: readonly PathSegment[];
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

/**
 * Turns ajv's errors (compiled with `allErrors` and `verbose`) into problems people can
 * act on: for a union (`anyOf`/`oneOf`), the errors of the branch the value was evidently
 * meant to match, or one "must be X or Y" when it matches none; unknown keys with
 * "did you mean"; missing keys named in full.
 */
export function explainSchemaErrors(errors: readonly ErrorObject[], data: unknown): SchemaProblem[] {
  const seen = new Set<string>();
  // An invalid key gives a `propertyNames` error and the key's own errors (with
  // `propertyName` set); the first says it all.
  return selectErrors(errors.filter((error) => error.propertyName === undefined))
    .map((error) => toProblem(error, data))
    .filter((problem) => {
      const key = `${JSON.stringify(problem.path)} ${problem.predicate}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

type Explained = ErrorObject | { readonly union: ErrorObject; readonly predicate: string };

function selectErrors(errors: readonly ErrorObject[]): Explained[] {
  // The outermost union first: a nested one is explained only if its branch is chosen.
  const union = errors
    .filter((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf')
    .sort((a, b) => a.schemaPath.length - b.schemaPath.length)[0];
  if (union === undefined) return [...errors];
  const inside = errors.filter((error) => error !== union && isInside(error, union));
  const outside = errors.filter((error) => error !== union && !isInside(error, union));
  return [...selectErrors(outside), ...explainUnion(union, inside)];
}

function isInside(error: ErrorObject, union: ErrorObject): boolean {
  return (
    error.schemaPath.startsWith(`${union.schemaPath}/`) &&
    (error.instancePath === union.instancePath || error.instancePath.startsWith(`${union.instancePath}/`))
  );
}

function explainUnion(union: ErrorObject, inside: readonly ErrorObject[]): Explained[] {
  if (inside.length === 0) return [union];
  const branches = new Map<string, ErrorObject[]>();
  for (const error of inside) {
    const branch = error.schemaPath.slice(union.schemaPath.length + 1).split('/')[0] ?? '';
    branches.set(branch, [...(branches.get(branch) ?? []), error]);
  }
  const isShapeMismatch = (error: ErrorObject) =>
    error.instancePath === union.instancePath && ['type', 'const', 'enum'].includes(error.keyword);
  const fitting = [...branches.values()]
    .filter((branchErrors) => !branchErrors.some(isShapeMismatch))
    .sort((a, b) => a.length - b.length)[0];
  if (fitting !== undefined) return selectErrors(fitting);
  const expected = inside.filter(isShapeMismatch).flatMap((error) => describeExpected(error));
  return [{ union, predicate: `must be ${joinOr([...new Set(expected)])}` }];
}

function describeExpected(error: ErrorObject): string[] {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'type') return typeNames(params['type']);
  if (error.keyword === 'const') return [JSON.stringify(params['allowedValue'])];
  return ((params['allowedValues'] as unknown[] | undefined) ?? []).map((value) => JSON.stringify(value));
}

function toProblem(explained: Explained, data: unknown): SchemaProblem {
  if ('union' in explained) {
    const path = pointerToPath(explained.union.instancePath, data);
    return { path, target: 'value', predicate: explained.predicate, locateAt: path };
  }
  const error = explained;
  const path = pointerToPath(error.instancePath, data);
  const params = error.params as Record<string, unknown>;
  const limit = params['limit'] as number;
  switch (error.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String(params['additionalProperty'] ?? params['unevaluatedProperty']);
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const hint = didYouMean(key, known);
      const predicate =
        hint !== '' || known.length === 0
          ? `is not a known key${hint}`
          : `is not a known key (known keys: ${known.join(', ')})`;
      return { path: [...path, key], target: 'key', predicate, locateAt: [...path, key] };
    }
    case 'propertyNames':
      return {
        path,
        target: 'key',
        predicate: `has an invalid key ${JSON.stringify(params['propertyName'])}`,
        locateAt: [...path, String(params['propertyName'])],
      };
    case 'required':
      return {
        path: [...path, String(params['missingProperty'])],
        target: 'value',
        predicate: 'is required',
        locateAt: path,
      };
    default:
      return { path, target: 'value', predicate: predicateOf(error, params, limit), locateAt: path };
  }
}

function predicateOf(error: ErrorObject, params: Record<string, unknown>, limit: number): string {
  switch (error.keyword) {
    case 'type':
      return `must be ${joinOr(typeNames(params['type']))}`;
    case 'const':
    case 'enum':
      return `must be ${joinOr(describeExpected(error))}`;
    case 'minimum':
      return `must be at least ${limit}`;
    case 'maximum':
      return `must be at most ${limit}`;
    case 'exclusiveMinimum':
      return `must be greater than ${limit}`;
    case 'exclusiveMaximum':
      return `must be less than ${limit}`;
    case 'minLength':
      return limit === 1 ? 'must not be empty' : `must be at least ${limit} characters long`;
    case 'maxLength':
      return `must be at most ${limit} characters long`;
    case 'minItems':
      return limit === 1 ? 'must not be empty' : `must have at least ${limit} items`;
    case 'maxItems':
    case 'items':
      return `must have at most ${limit} items`;
    case 'pattern':
      return `must match the pattern ${String(params['pattern'])}`;
    case 'false schema':
      return 'is not allowed';
    default:
      return error.message ?? `fails the "${error.keyword}" rule`;
  }
}

function typeNames(type: unknown): string[] {
  const types = Array.isArray(type) ? type.map(String) : String(type).split(',');
  return types.map((name) => TYPE_NAMES[name] ?? name);
}

function joinOr(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** `/plugins/2/1` → `['plugins', 2, 1]`, with numbers where the data has arrays. */
function pointerToPath(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let node = data;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path.push(Number(segment));
      node = node[Number(segment)];
    } else {
      path.push(segment);
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}
