import { readFile } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import { createValidator, loadYamlDocument, type PathSegment, type YamlSource } from '@quorum/config';
import { isQuorumError } from '@quorum/core';
import type { Diagnostic } from './diagnostic.js';
import { templateJsonSchema } from './template-schema.js';

/** One template file, read safely and checked against the template schema. */
export interface TemplateFile {
  /** Absolute path. */
  readonly path: string;
  /** The path as diagnostics show it. */
  readonly display: string;
  readonly source: YamlSource;
  /** The file's mapping as written (no defaults filled); `{}` when it is not a mapping. */
  readonly value: Readonly<Record<string, unknown>>;
  /** Whether the file passed the schema; only then may its values be trusted to have their types. */
  readonly valid: boolean;
}

/** Where a value of a merged template was written: the file and the path inside it. */
export interface Origin {
  readonly file: TemplateFile;
  readonly path: readonly PathSegment[];
}

/** A value of a merged template and where it was written. */
export interface Located<T = unknown> {
  readonly value: T;
  readonly origin: Origin;
}

/** The location of `origin` (and `more` below it) for a diagnostic; `key` points at the key rather than the value. */
export function locationOf(
  origin: Origin,
  more: readonly PathSegment[] = [],
  target: 'key' | 'value' = 'value',
): { file: string; line?: number; column?: number } {
  const position = origin.file.source.locate([...origin.path, ...more], target);
  return { file: origin.file.display, line: position?.line, column: position?.column };
}

/** `relative/path.yaml` when inside `cwd`, the absolute path otherwise. */
export function displayPath(file: string, cwd: string): string {
  const path = relative(cwd, file);
  return path !== '' && !path.startsWith('..') && !isAbsolute(path) ? path : file;
}

/**
 * Reads one template file with config's safe YAML reader (no tags, no merge keys, duplicate
 * keys refused, aliases capped) and validates it against the template JSON Schema. Never
 * throws for problems with the file: they are returned, located. `file` is absent when the
 * file cannot be read or parsed.
 */
export async function readTemplateFile(
  path: string,
  cwd: string,
): Promise<{ file?: TemplateFile; diagnostics: Diagnostic[] }> {
  const display = displayPath(path, cwd);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'the template file does not exist'
        : code === 'EISDIR'
          ? 'the template path is a directory, not a file'
          : `cannot read the template file: ${(error as Error).message}`;
    return { diagnostics: [{ severity: 'error', code: 'unreadable', message, file: display }] };
  }
  let source: YamlSource;
  try {
    source = loadYamlDocument(text, display, { kind: 'template' });
  } catch (error) {
    if (!isQuorumError(error)) throw error;
    return {
      diagnostics: [
        { severity: 'error', code: 'yaml', message: error.detail, file: display, line: error.line, column: error.column },
      ],
    };
  }
  const result = createValidator(templateJsonSchema)(source.value, {
    file: display,
    locate: source.locate,
    label: 'the template',
  });
  const diagnostics: Diagnostic[] = result.ok
    ? []
    : result.problems.map((problem) => ({
        severity: 'error',
        code: 'schema',
        message: problem.detail,
        file: display,
        line: problem.line,
        column: problem.column,
      }));
  const value = isRecord(source.value) ? source.value : {};
  return { file: { path, display, source, value, valid: result.ok }, diagnostics };
}

/** A plain mapping (not null, not an array), as YAML mappings read. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
