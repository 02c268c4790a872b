import { formatPath, optionsValidator, type PathSegment } from '@quorum/config';
import { didYouMean, type ConditionV1, type PhaseOutline } from '@quorum/core';
import { roundsCondition } from './builtin-conditions.js';
import { describeCondition, type ConditionExpression } from './condition-expression.js';
import type { Diagnostic } from './diagnostic.js';
import { isRecord, locationOf, type Origin } from './template-file.js';

/** What reading a phase's conditions needs to know. */
export interface ConditionScope {
  readonly conditions: ReadonlyMap<string, ConditionV1>;
  /** The phase the condition is in, for the conditions' own static checks. */
  readonly phase: PhaseOutline;
  /** The phase's round budget: `rounds: N` above it can never hold. */
  readonly maxRounds: number;
  readonly report: (diagnostic: Diagnostic) => void;
}

const COMBINATORS = ['all', 'any', 'not'];

/**
 * Reads a condition as written in a template (`origin` + `path` is where) into a
 * {@link ConditionExpression}: checks its shape, that every name is a known condition
 * ("did you mean"), each condition's options against the schema it declares (defaults
 * filled), and each condition's own static check (e.g. consensus where votes do not
 * count). Problems go to `scope.report`; the result is undefined when there were any.
 */
export function readCondition(
  raw: unknown,
  origin: Origin,
  path: readonly PathSegment[],
  scope: ConditionScope,
): ConditionExpression | undefined {
  const subject = formatPath([...origin.path, ...path]);
  const fail = (code: string, message: string, at: readonly PathSegment[] = path, target: 'key' | 'value' = 'value') => {
    scope.report({ severity: 'error', code, message, ...locationOf(origin, at, target) });
    return undefined;
  };
  if (typeof raw === 'string') return readNamed(raw, undefined, false, origin, path, path, scope);
  if (!isRecord(raw)) return fail('condition-shape', `${subject} must be a condition name or a mapping with one key`);
  const keys = Object.keys(raw);
  const [key] = keys;
  if (key === undefined) {
    return fail('condition-shape', `${subject} is an empty mapping; write a condition name, or { name: options }`);
  }
  if (keys.length > 1) {
    return fail(
      'condition-shape',
      `${subject} has ${keys.length} keys (${keys.join(', ')}), but a condition mapping has one: combine conditions with all: [...] or any: [...]`,
      [...path, keys[1] as string],
      'key',
    );
  }
  const value = raw[key];
  if (key === 'all' || key === 'any') {
    if (!Array.isArray(value) || value.length === 0) {
      return fail('condition-shape', `${subject}.${key} must be a non-empty list of conditions`, [...path, key]);
    }
    const parts = value.map((part, index) => readCondition(part, origin, [...path, key, index], scope));
    if (parts.some((part) => part === undefined)) return undefined;
    return key === 'all' ? { all: parts as ConditionExpression[] } : { any: parts as ConditionExpression[] };
  }
  if (key === 'not') {
    if (Array.isArray(value)) {
      return fail('condition-shape', `${subject}.not takes one condition, not a list (use not: { any: [...] })`, [...path, key]);
    }
    const part = readCondition(value, origin, [...path, 'not'], scope);
    return part === undefined ? undefined : { not: part };
  }
  return readNamed(key, value, true, origin, path, [...path, key], scope);
}

function readNamed(
  name: string,
  options: unknown,
  hasOptions: boolean,
  origin: Origin,
  path: readonly PathSegment[],
  namePath: readonly PathSegment[],
  scope: ConditionScope,
): ConditionExpression | undefined {
  const subject = formatPath([...origin.path, ...path]);
  const fail = (code: string, message: string, at: readonly PathSegment[], target: 'key' | 'value' = 'value') => {
    scope.report({ severity: 'error', code, message, ...locationOf(origin, at, target) });
    return undefined;
  };
  const nameTarget = hasOptions ? 'key' : 'value';
  if (COMBINATORS.includes(name)) {
    return fail('condition-shape', `${subject} uses ${name} without conditions; write { ${name}: [...] }`, namePath, nameTarget);
  }
  const condition = scope.conditions.get(name);
  if (condition === undefined) {
    const known = [...scope.conditions.keys()];
    const hint = didYouMean(name, known);
    const suffix = hint !== '' ? hint : known.length === 0 ? ' (no condition is registered)' : ` (known: ${known.join(', ')})`;
    return fail('unknown-condition', `${subject} names an unknown condition "${name}"${suffix}`, namePath, nameTarget);
  }
  let resolved: unknown;
  if (condition.optionsSchema === undefined) {
    if (hasOptions) {
      return fail(
        'condition-options',
        `${subject} gives options to ${name}, which takes none; write it as the bare name ${name}`,
        namePath,
      );
    }
  } else {
    const validate = optionsValidator(condition.optionsSchema);
    const result = validate(hasOptions ? options : {}, {
      file: origin.file.display,
      locate: origin.file.source.locate,
      path: [...origin.path, ...namePath],
    });
    if (!result.ok) {
      if (!hasOptions) {
        return fail('condition-options', `${subject} names ${name} without its options; write { ${name}: <options> }`, namePath);
      }
      for (const problem of result.problems) {
        scope.report({
          severity: 'error',
          code: 'condition-options',
          message: problem.detail,
          file: problem.file,
          line: problem.line,
          column: problem.column,
        });
      }
      return undefined;
    }
    resolved = result.value;
  }
  let problem: string | undefined;
  try {
    problem = condition.check?.(resolved, scope.phase);
  } catch (error) {
    problem = `its check failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (problem === undefined && condition === roundsCondition && typeof resolved === 'number' && resolved > scope.maxRounds) {
    problem = `phase "${scope.phase.id}" has at most ${scope.maxRounds} rounds (max_rounds)`;
  }
  if (problem !== undefined) {
    const described = describeCondition(resolved === undefined ? { name } : { name, options: resolved });
    return fail('condition-never-holds', `${subject} uses ${described}, which can never hold here: ${problem}`, namePath, nameTarget);
  }
  return resolved === undefined ? { name } : { name, options: resolved };
}
