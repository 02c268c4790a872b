import { formatLocated, QuorumError, type QuorumErrorOptions } from '@quorum/core';

/**
 * One problem found in a workflow before it runs. Located at the offending value (for a
 * reference inside a string, at the reference itself) when the workflow was read from a
 * YAML or JSON file; a JavaScript module's problems carry the file and the path instead.
 */
export interface WorkflowDiagnostic {
  /** Stable kebab-case kind of problem (`schema`, `unknown-step`, `unknown-field`…), for scripts and tests. */
  readonly code: string;
  /** One sentence, without the location. */
  readonly message: string;
  readonly file?: string | undefined;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

/** `fan-out.yaml:12:18: error: message`, one line per diagnostic (as `quorum template validate` prints them). */
export function formatWorkflowDiagnostic(diagnostic: WorkflowDiagnostic): string {
  return formatLocated(`error: ${diagnostic.message}`, diagnostic);
}

/**
 * A workflow that cannot run: every problem found (in file order), the message being the
 * first, located. Exit code 2: the workflow file is wrong.
 */
export class WorkflowError extends QuorumError {
  readonly diagnostics: readonly WorkflowDiagnostic[];

  constructor(diagnostics: readonly WorkflowDiagnostic[]) {
    const first = diagnostics[0];
    const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more problem${diagnostics.length === 2 ? '' : 's'}; quorum workflow validate lists them)` : '';
    super('INVALID_INPUT', 2, `${first?.message ?? 'the workflow is invalid'}${more}`, { file: first?.file, line: first?.line, column: first?.column });
    this.diagnostics = diagnostics;
  }
}

/**
 * The workflow stopped on purpose: a `fail` step ran (a release gate that did not pass), or
 * the run was stopped with Ctrl-C. Exit code 1, code `WORKFLOW_FAILED`.
 */
export class WorkflowFailedError extends QuorumError {
  /** The id of the step that failed (the `fail` step, or the step that was running when stopped). */
  readonly step: string;

  constructor(step: string, detail: string, options: QuorumErrorOptions = {}) {
    super('WORKFLOW_FAILED', 1, detail, options);
    this.step = step;
  }
}

/**
 * A step that could not do its work at run time (a value that is not a vote, a list that is
 * not a list, a path outside the run folder). Exit code 2: what the workflow was given is wrong.
 */
export class WorkflowStepError extends QuorumError {
  readonly step: string;

  constructor(step: string, detail: string, options: QuorumErrorOptions = {}) {
    super('INVALID_INPUT', 2, `step ${step}: ${detail}`, options);
    this.step = step;
  }
}
