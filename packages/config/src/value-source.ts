/** One step into a parsed document: an object key or an array index. */
export type PathSegment = string | number;

/** A 1-based line and column in a user's file. */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/**
 * Maps a path inside a parsed document to where it is written. `key` asks for the
 * position of the last key itself (for unknown keys) rather than of its value. When the
 * path does not exist, the nearest existing ancestor is returned.
 */
export type Locator = (path: readonly PathSegment[], target?: 'key' | 'value') => LineColumn | undefined;

/**
 * Where a value came from, so problems with it can name the file, line and column.
 * JavaScript configs have a file but no locator; values built in code have neither.
 */
export interface ValueSource {
  /** The file, as it should appear in messages (usually relative to the working directory). */
  readonly file?: string | undefined;
  readonly locate?: Locator | undefined;
  /** Where the value sits inside the file, e.g. `['plugins', 1, 1]` for a plugin's options. */
  readonly path?: readonly PathSegment[] | undefined;
  /** How to name the value itself when a problem concerns all of it; `value` by default. */
  readonly label?: string | undefined;
}

/** `voting.strategy`, `plugins[1][1]`, `voters["Rob Smith"].weight`; empty for the root. */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/** The file, line and column of `path` in `source`, for a QuorumError's options. */
export function locationOf(
  source: ValueSource,
  path: readonly PathSegment[],
  target?: 'key' | 'value',
): { file?: string | undefined; line?: number | undefined; column?: number | undefined } {
  const position = source.locate?.(path, target);
  return { file: source.file, line: position?.line, column: position?.column };
}
