import { didYouMean } from '@quorum/core';
import { formatPath, type PathSegment } from '@quorum/config';
import type { z } from 'zod';
import { kindsOf, STEP_KINDS, workflowSchema } from './workflow-schema.js';
import type { WorkflowDiagnostic } from './workflow-errors.js';
import { placeOf, type WorkflowSource } from './workflow-source.js';

type Issue = z.core.$ZodIssue;

/** Keys a step may have besides its kind key, per kind (for "did you mean" on a step without a kind). */
const STEP_LIST_KEYS = new Set(['steps', 'then', 'else']);

/**
 * Checks a workflow document against the zod schema and turns every problem into one located
 * sentence: unknown keys with "did you mean", missing keys named in full, a step judged by the
 * kind it evidently is (its `run:`, `comment:`… key) rather than by every kind it is not.
 */
export function schemaDiagnostics(value: unknown, source: WorkflowSource): WorkflowDiagnostic[] {
  const result = workflowSchema.safeParse(value);
  if (result.success) return [];
  const problems: Problem[] = [];
  for (const issue of result.error.issues) explainIssue(issue, [], value, problems);
  const seen = new Set<string>();
  return problems
    .filter((problem) => {
      const key = `${JSON.stringify(problem.path)} ${problem.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((problem) => ({ code: 'schema', message: problem.message, ...placeOf(source, problem.locateAt, problem.target) }));
}

interface Problem {
  readonly path: readonly PathSegment[];
  readonly message: string;
  readonly locateAt: readonly PathSegment[];
  readonly target: 'key' | 'value';
}

function explainIssue(issue: Issue, base: readonly PathSegment[], data: unknown, out: Problem[]): void {
  const path = [...base, ...(issue.path as PathSegment[])];
  const value = valueAt(data, path);
  const subject = formatPath(path) || 'the workflow';
  const problem = (message: string, locateAt: readonly PathSegment[] = path, target: 'key' | 'value' = 'value') =>
    out.push({ path, message, locateAt, target });

  switch (issue.code) {
    case 'invalid_union': {
      if (isStepPosition(path)) {
        explainStep(issue, path, data, out);
        return;
      }
      problem(`${subject} ${issue.message}`);
      return;
    }
    case 'unrecognized_keys': {
      const known = knownKeysAt(path, data) ?? [];
      for (const key of issue.keys) {
        const hint = didYouMean(key, known);
        const detail = hint !== '' || known.length === 0 ? `is not a known key${hint}` : `is not a known key (known keys: ${known.join(', ')})`;
        out.push({ path: [...path, key], message: `${formatPath([...path, key])} ${detail}`, locateAt: [...path, key], target: 'key' });
      }
      return;
    }
    case 'invalid_type':
      if (value === undefined) problem(`${subject} is required`, path.slice(0, -1));
      else problem(`${subject} must be ${typeName(issue.expected)}`);
      return;
    case 'too_small':
      if (issue.origin === 'array') problem(Number(issue.minimum) === 1 ? `${subject} must not be empty` : `${subject} must have at least ${issue.minimum} items`);
      else if (issue.origin === 'string') problem(`${subject} must not be empty`);
      else problem(`${subject} must be at least ${issue.minimum}`);
      return;
    case 'too_big':
      problem(`${subject} must be at most ${issue.maximum}`);
      return;
    case 'invalid_value': {
      const allowed = issue.values.map((item) => JSON.stringify(item));
      const hint = typeof value === 'string' ? didYouMean(value, issue.values.map(String)) : '';
      problem(`${subject} must be ${allowed.length === 1 ? allowed[0] : `one of ${allowed.join(', ')}`}${hint}`);
      return;
    }
    case 'invalid_format':
      problem(`${subject} ${issue.message.startsWith('must') ? issue.message : `must match the pattern ${'pattern' in issue ? String(issue.pattern) : issue.format}`}`);
      return;
    default:
      problem(`${subject} ${issue.message.startsWith('must') ? issue.message : `is invalid: ${issue.message}`}`);
  }
}

/**
 * A step that matches no kind: judged as the kind whose key it has, or reported as having
 * none (with "did you mean" for a misspelt kind key) or more than one.
 */
function explainStep(issue: Extract<Issue, { code: 'invalid_union' }>, path: readonly PathSegment[], data: unknown, out: Problem[]): void {
  const value = valueAt(data, path);
  const subject = formatPath(path);
  const kinds = STEP_KINDS.join(', ');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    out.push({ path, message: `${subject} must be a step: a mapping with an id and one of ${kinds}`, locateAt: path, target: 'value' });
    return;
  }
  const present = kindsOf(value);
  if (present.length === 1) {
    const branch = issue.errors[STEP_KINDS.indexOf(present[0]!)] ?? [];
    for (const inner of branch) explainIssue(inner, path, data, out);
    return;
  }
  if (present.length > 1) {
    out.push({
      path,
      message: `${subject} has both ${present[0]} and ${present[1]}; a step does one thing (one of ${kinds})`,
      locateAt: [...path, present[1]!],
      target: 'key',
    });
    return;
  }
  const allKeys = new Set<string>(STEP_KINDS);
  for (const kind of STEP_KINDS) for (const key of stepKeys(kind)) allKeys.add(key);
  const unknown = Object.keys(value).filter((key) => !allKeys.has(key));
  const guessed = unknown.find((key) => didYouMean(key, STEP_KINDS) !== '');
  if (guessed !== undefined) {
    out.push({ path: [...path, guessed], message: `${formatPath([...path, guessed])} is not a known key${didYouMean(guessed, STEP_KINDS)}`, locateAt: [...path, guessed], target: 'key' });
    return;
  }
  out.push({ path, message: `${subject} has no kind; give it one of ${kinds}`, locateAt: path, target: 'value' });
}

/** Whether `path` is an item of a step list: `steps[2]`, `steps[0].then[1]`, `steps[3].steps[0]`. */
function isStepPosition(path: readonly PathSegment[]): boolean {
  if (path.length < 2 || typeof path.at(-1) !== 'number') return false;
  const list = path.at(-2);
  return typeof list === 'string' && (path.length === 2 ? list === 'steps' : STEP_LIST_KEYS.has(list) && isStepPosition(path.slice(0, -2)));
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let node = data;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'a boolean',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
};

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

// Reading the zod schema for the keys an object may have, so an unknown key gets "did you mean".

type AnySchema = { readonly _zod: { readonly def: SchemaDef } };
type SchemaDef =
  | { readonly type: 'object'; readonly shape: Readonly<Record<string, AnySchema>> }
  | { readonly type: 'optional' | 'nullable'; readonly innerType: AnySchema }
  | { readonly type: 'array'; readonly element: AnySchema }
  | { readonly type: 'record'; readonly valueType: AnySchema }
  | { readonly type: 'union'; readonly options: readonly AnySchema[] }
  | { readonly type: string };

/** The keys of the step kind `kind`, from the schema. */
function stepKeys(kind: string): string[] {
  const union = (workflowSchema.shape.steps as unknown as AnySchema)._zod.def as { element: AnySchema };
  const step = unwrap(union.element, { [kind]: true });
  return step._zod.def.type === 'object' ? Object.keys((step._zod.def as { shape: object }).shape) : [];
}

/** The keys the object at `path` may have, or undefined when the schema has no object there. */
function knownKeysAt(path: readonly PathSegment[], data: unknown): string[] | undefined {
  let node = workflowSchema as unknown as AnySchema;
  let value = data;
  for (const segment of path) {
    node = unwrap(node, value);
    const def = node._zod.def;
    if (def.type === 'object' && 'shape' in def) node = def.shape[String(segment)] as AnySchema;
    else if (def.type === 'array' && 'element' in def) node = def.element;
    else if (def.type === 'record' && 'valueType' in def) node = def.valueType;
    else return undefined;
    if (node === undefined) return undefined;
    value = typeof value === 'object' && value !== null ? (value as Record<string | number, unknown>)[segment] : undefined;
  }
  node = unwrap(node, value);
  const def = node._zod.def;
  return def.type === 'object' && 'shape' in def ? Object.keys(def.shape) : undefined;
}

/** Through optional and nullable wrappers, and into the union branch `value` evidently means. */
function unwrap(node: AnySchema, value: unknown): AnySchema {
  for (;;) {
    const def = node._zod.def;
    if ((def.type === 'optional' || def.type === 'nullable') && 'innerType' in def) {
      node = def.innerType;
      continue;
    }
    if (def.type === 'union' && 'options' in def) {
      const objects = def.options.filter((option) => unwrap(option, undefined)._zod.def.type === 'object');
      const kind = typeof value === 'object' && value !== null ? kindsOf(value)[0] : undefined;
      const byKind =
        kind === undefined
          ? undefined
          : objects.find((option) => {
              const shape = (unwrap(option, undefined)._zod.def as { shape: object }).shape;
              return kind in shape && !(kind === 'discussion' && 'export' in shape);
            });
      const chosen = byKind ?? objects[0];
      if (chosen === undefined) return node;
      node = chosen;
      continue;
    }
    return node;
  }
}
