import type { PathSegment } from '@quorum/config';
import { evaluate, ExpressionError, parseCondition, parseTemplate, renderTemplate, valueToText, type Expression, type Value } from './expression.js';
import { WorkflowStepError } from './workflow-errors.js';
import type { DiscussionState } from './workflow-host.js';
import type { VarsValue } from './workflow-vars.js';
import { placeInString, type WorkflowSource } from './workflow-source.js';

/** What a finished step left for later steps. */
export interface ScopeEntry {
  readonly output: { readonly [key: string]: Value };
  /** A discussion step's model for its run steps. */
  readonly provider?: string | undefined;
  /** A discussion step's models per participant for its run steps. */
  readonly providers?: Readonly<Record<string, string>> | undefined;
}

/**
 * The steps a running step can read: its own step list's finished steps, then those of
 * the enclosing lists (a when branch, a foreach item), as the static check allows. A
 * foreach item's scope also holds the item.
 */
export class StepScope {
  private readonly entries = new Map<string, ScopeEntry>();

  constructor(
    private readonly parent?: StepScope,
    private readonly currentItem?: string,
  ) {}

  child(item?: string): StepScope {
    return new StepScope(this, item);
  }

  set(id: string, entry: ScopeEntry): void {
    this.entries.set(id, entry);
  }

  lookup(id: string): ScopeEntry | undefined {
    return this.entries.get(id) ?? this.parent?.lookup(id);
  }

  item(): string | undefined {
    return this.currentItem ?? this.parent?.item();
  }
}

/** Thrown by a resolver that does not know a value yet (the dry run's plan). */
export class UnknownValue extends Error {}

type Reference = Extract<Expression, { kind: 'reference' }>;

/**
 * Evaluates the strings of one workflow: `${{ }}` parts of text fields and `when:`
 * conditions, against its vars and a scope. A problem at run time (a comparison of a
 * word with a number) is a {@link WorkflowStepError} at the line and column of the expression.
 */
export class Evaluator {
  constructor(
    private readonly source: WorkflowSource,
    private readonly vars: Readonly<Record<string, VarsValue>>,
  ) {}

  /** The value of a text field: the expression's own value when the field is one `${{ }}`. */
  value(step: string, text: string, path: readonly PathSegment[], scope: StepScope): Value {
    return this.guard(step, text, path, () => renderTemplate(parseTemplate(text), (expression) => evaluate(expression, (reference) => this.resolve(reference, scope))));
  }

  /** A text field as text (lists joined with ", ", null as ""). */
  text(step: string, text: string, path: readonly PathSegment[], scope: StepScope): string {
    return valueToText(this.value(step, text, path, scope));
  }

  condition(step: string, text: string, path: readonly PathSegment[], scope: StepScope): Value {
    return this.guard(step, text, path, () => evaluate(parseCondition(text), (reference) => this.resolve(reference, scope)));
  }

  private guard<T>(step: string, text: string, path: readonly PathSegment[], run: () => T): T {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      const place = placeInString(this.source, path, text, error.offset, text.slice(error.offset).split('\n')[0]!.slice(0, 16));
      throw new WorkflowStepError(step, error.message, place);
    }
  }

  /** A reference's value; the static check made sure it names something that exists. */
  resolve(reference: Reference, scope: StepScope): Value {
    const [root, ...rest] = reference.segments.map((segment) => segment.name);
    if (root === 'vars') return this.vars[rest[0]!] ?? null;
    if (root === 'item') {
      const item = scope.item();
      if (item === undefined) throw new UnknownValue('item');
      return item;
    }
    const entry = scope.lookup(rest[0]!);
    if (entry === undefined) throw new UnknownValue(`steps.${rest[0]}`);
    let value: Value = entry.output;
    for (const [index, segment] of rest.slice(1).entries()) {
      if (Array.isArray(value)) value = /^\d+$/.test(segment) ? ((value as readonly Value[])[Number(segment)] ?? null) : null;
      else if (typeof value === 'object' && value !== null) {
        const record = value as { readonly [key: string]: Value };
        // Marker types are open: one that never appeared counts 0.
        value = Object.hasOwn(record, segment) ? record[segment]! : index === 1 && rest[1] === 'markers' ? 0 : null;
      } else value = null;
    }
    return value;
  }
}

/** A discussion's state as steps give it to `${{ steps.<id>.… }}`. */
export function discussionOutput(state: DiscussionState): { [key: string]: Value } {
  return {
    file: state.file,
    title: state.title,
    template: state.template,
    phase: state.phase,
    status: state.status,
    final: state.final,
    votes: { READY: state.votes.READY, CHANGES: state.votes.CHANGES, REJECT: state.votes.REJECT },
    consensus: state.consensus,
    markers: { ...state.markers },
    open_questions: state.openQuestions,
    decisions: [...state.decisions],
    final_design: state.finalDesign,
    comments: state.comments,
  };
}
