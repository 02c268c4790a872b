import { formatLocated, QuorumError } from '@quorum/core';

/**
 * One problem found in a template: an error stops it from being used, a warning is reported
 * (by `quorum template validate`) and does not. Located at the offending value when it has
 * one; `file` is as people should see it (relative to the working directory when inside it).
 */
export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  /** Stable kebab-case identifier of the kind of problem (`unknown-phase`, `schema`…), for scripts and tests. */
  readonly code: string;
  /** One sentence, without the location. */
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

/**
 * A template that cannot be used. `diagnostics` holds every problem found (errors first,
 * then warnings, each group in file order); the message is the first error, located.
 */
export class TemplateError extends QuorumError {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    const first = diagnostics.find((diagnostic) => diagnostic.severity === 'error') ?? diagnostics[0];
    super('TEMPLATE_INVALID', 2, first?.message ?? 'the template is invalid', {
      file: first?.file,
      line: first?.line,
      column: first?.column,
    });
    this.diagnostics = diagnostics;
  }
}

/** `feature.yaml:4:7: warning: phase "x" cannot be reached…`, one line per diagnostic. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  return formatLocated(`${diagnostic.severity}: ${diagnostic.message}`, diagnostic);
}

/**
 * Errors first, then warnings; each group by file (those in `files` in that order, then the
 * others in the order they are met), line and column.
 */
export function sortDiagnostics(diagnostics: readonly Diagnostic[], files: readonly string[] = []): Diagnostic[] {
  const fileOrder = new Map<string, number>(files.map((file, index) => [file, index]));
  for (const diagnostic of diagnostics) {
    if (diagnostic.file !== undefined && !fileOrder.has(diagnostic.file)) fileOrder.set(diagnostic.file, fileOrder.size);
  }
  const rank = (diagnostic: Diagnostic) => [
    diagnostic.severity === 'error' ? 0 : 1,
    diagnostic.file === undefined ? -1 : (fileOrder.get(diagnostic.file) ?? 0),
    diagnostic.line ?? 0,
    diagnostic.column ?? 0,
  ];
  return diagnostics
    .map((diagnostic, index) => ({ diagnostic, index, key: rank(diagnostic) }))
    .sort((a, b) => {
      for (let i = 0; i < a.key.length; i++) {
        const difference = (a.key[i] ?? 0) - (b.key[i] ?? 0);
        if (difference !== 0) return difference;
      }
      return a.index - b.index;
    })
    .map(({ diagnostic }) => diagnostic);
}
