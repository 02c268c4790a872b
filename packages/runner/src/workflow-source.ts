import { formatPath, type Locator, type PathSegment } from '@quorum/config';

/** Where a workflow came from, so every problem can name the file, line and column. */
export interface WorkflowSource {
  /** The file as messages show it (relative to the working directory when inside it). */
  readonly file: string;
  /** The absolute path, or undefined for a definition given in code. */
  readonly path: string | undefined;
  /** Where relative inputs (context files, comment files, globs, called workflows) are resolved. */
  readonly dir: string;
  /** The file's text (YAML and JSON files), to find references inside strings. */
  readonly text?: string | undefined;
  /** Positions of values (YAML and JSON files); modules and code have none. */
  readonly locate?: Locator | undefined;
}

/** A place in a workflow for a diagnostic or an error. */
export interface Place {
  readonly file: string;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

/** The file, line and column of the value (or with `key`, the key) at `path`. */
export function placeOf(source: WorkflowSource, path: readonly PathSegment[], target: 'key' | 'value' = 'value'): Place {
  const position = source.locate?.(path, target);
  return { file: source.file, line: position?.line, column: position?.column };
}

/**
 * The place of `needle`, found at `offset` of the string value at `path`: the value's own
 * position moved to the needle. The needle is looked up in the file's text from where the
 * value starts (its nth occurrence, n counted in the value), so quotes and block scalars
 * do not shift it; when the file writes it differently (escapes, folded lines), the value's
 * position is returned.
 */
export function placeInString(source: WorkflowSource, path: readonly PathSegment[], value: string, offset: number, needle: string): Place {
  const start = placeOf(source, path);
  if (source.text === undefined || start.line === undefined || start.column === undefined || needle === '') return start;
  const lines = lineStarts(source.text);
  const from = (lines[start.line - 1] ?? 0) + start.column - 1;
  let occurrence = 0;
  for (let at = value.indexOf(needle); at !== -1 && at < offset; at = value.indexOf(needle, at + 1)) occurrence++;
  let found = source.text.indexOf(needle, from);
  for (let n = 0; n < occurrence && found !== -1; n++) found = source.text.indexOf(needle, found + 1);
  if (found === -1) return start;
  let line = lines.length;
  while (line > 1 && lines[line - 1]! > found) line--;
  return { file: source.file, line, column: found - lines[line - 1]! + 1 };
}

/** The offsets where lines start, for the last text asked about (a check asks about one file many times). */
let cached: { text: string; starts: number[] } | undefined;

function lineStarts(text: string): number[] {
  if (cached?.text !== text) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
    cached = { text, starts };
  }
  return cached.starts;
}

/**
 * A sentence for a diagnostic: as it is when the place has a line (the location says where),
 * else prefixed with the path inside the definition (`steps[2].run: …`) so a module's or an
 * in-code definition's problem can still be found.
 */
export function withPath(source: WorkflowSource, path: readonly PathSegment[], message: string): string {
  if (source.locate !== undefined || path.length === 0) return message;
  return `${formatPath(path)}: ${message}`;
}
