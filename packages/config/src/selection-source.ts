import type { ConfigError, JsonSchema } from '@quorum/core';
import { optionsValidator } from './options-validator.js';
import type { Locator, PathSegment, ValueSource } from './value-source.js';

/**
 * Where a config or template names something a plugin provides (a voting strategy, a
 * storage) and gives its options, so an unknown name or a bad option is reported at the
 * line and column it is written at.
 */
export interface SelectionSource {
  readonly file?: string | undefined;
  readonly locate?: Locator | undefined;
  /** Path of the name, e.g. `['voting', 'strategy']`. */
  readonly namePath?: readonly PathSegment[] | undefined;
  /** Path of the options object, e.g. `['voting', 'options']`. */
  readonly optionsPath?: readonly PathSegment[] | undefined;
}

/**
 * The selection written as a block of a file read as `source`, e.g. `selectionAt(source,
 * ['voting'], 'strategy')` for the config's `voting: { strategy, options }`.
 */
export function selectionAt(
  source: ValueSource,
  block: readonly PathSegment[],
  nameKey: string,
  optionsKey = 'options',
): SelectionSource {
  const base = [...(source.path ?? []), ...block];
  return { file: source.file, locate: source.locate, namePath: [...base, nameKey], optionsPath: [...base, optionsKey] };
}

/** Options checked against the selected thing's schema, defaults filled; throws the first problem. */
export function checkSelectedOptions(
  schema: JsonSchema,
  options: Record<string, unknown> | undefined,
  where: SelectionSource,
  label: string,
): Record<string, unknown> {
  const result = optionsValidator(schema)(options ?? {}, {
    file: where.file,
    locate: where.locate,
    path: where.optionsPath,
    label,
  });
  if (!result.ok) throw result.problems[0] as ConfigError;
  return result.value;
}
