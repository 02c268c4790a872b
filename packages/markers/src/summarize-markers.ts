import type { Marker } from '@quorum/core';

/** A `Q:` marker with its id and whether it has been answered. */
export interface Question extends Marker {
  /** `Q1`, `Q2`… in file order. */
  readonly id: string;
  readonly status: 'open' | 'answered';
  /** Author of the first answer, or null while open. */
  readonly answeredBy: string | null;
  /** File line of the first answer, or null while open. */
  readonly answerLine: number | null;
}

/** An `A:` marker and the question it answers. */
export interface Answer extends Marker {
  /** Id of the question answered, or null when it answers none. */
  readonly answers: string | null;
}

/** A `TODO:` marker with its id, state and assignees. */
export interface Todo extends Marker {
  /** `T1`, `T2`… in file order. */
  readonly id: string;
  readonly status: 'open' | 'done';
  /** Author of the `DONE:` that closed it, or null while open. */
  readonly doneBy: string | null;
  readonly doneLine: number | null;
  /** Aliases mentioned on the `TODO:` line and in its `ASSIGNED(Tn):` markers, once each. */
  readonly assignees: readonly string[];
}

/** An `ASSIGNED:` marker. */
export interface Assignment extends Marker {
  /** Id of the todo assigned, or null for a bare `ASSIGNED:` (or an id that names no todo). */
  readonly todo: string | null;
  /** The aliases mentioned on the line. */
  readonly assignees: readonly string[];
}

/** A `DONE:` marker. */
export interface DoneItem extends Marker {
  /** Id of the todo it closes, or null for a standalone done item. */
  readonly todo: string | null;
}

/** A `DIAGRAM:` marker. */
export interface Diagram extends Marker {
  /** The diagram file, from the marker text (a wrapping code span is removed). */
  readonly path: string;
}

/** The state a discussion's markers add up to. */
export interface MarkerSummary {
  readonly questions: readonly Question[];
  readonly answers: readonly Answer[];
  readonly todos: readonly Todo[];
  readonly decisions: readonly Marker[];
  readonly concerns: readonly Marker[];
  readonly assignments: readonly Assignment[];
  readonly done: readonly DoneItem[];
  readonly diagrams: readonly Diagram[];
  /** Every marker by type, custom types included, types in order of first appearance. */
  readonly byType: Readonly<Record<string, readonly Marker[]>>;
}

type Mutable<T> = { -readonly [Key in keyof T]: T[Key] };

/**
 * Questions, todos and the rest, derived from markers in file order (as `extractMarkers`
 * returns them). A marker refers only to questions and todos before it.
 *
 * - `A(Q2):` / `ANSWER(Q2):` answers Q2, whoever writes it. A bare `A:` answers the most
 *   recent open question asked by someone else in an earlier comment. An answer that
 *   matches no question is kept with `answers: null`. A question stays with its first answer.
 * - `DONE(T1):` closes T1. A bare `DONE:` closes the first open todo whose text equals its
 *   text (case-insensitive); without one it is a standalone done item.
 * - `ASSIGNED(T1): @rob` adds its mentions to T1's assignees; a bare `ASSIGNED: @rob …`
 *   is an assignment of its own.
 */
export function summarizeMarkers(markers: readonly Marker[]): MarkerSummary {
  const builder = new MarkerSummaryBuilder();
  for (const marker of markers) builder.add(marker);
  return builder.summary();
}

/**
 * {@link summarizeMarkers} one marker at a time, for a host that follows a growing discussion
 * (the engine, after every round): each marker costs the same whatever came before it.
 */
export class MarkerSummaryBuilder {
  private readonly questions: Mutable<Question>[] = [];
  /** The open questions in the order they were asked. */
  private readonly open: Mutable<Question>[] = [];
  private readonly answers: Answer[] = [];
  private readonly todos: Mutable<Todo>[] = [];
  private readonly assignments: Assignment[] = [];
  private readonly done: DoneItem[] = [];
  private readonly decisions: Marker[] = [];
  private readonly concerns: Marker[] = [];
  private readonly diagrams: Diagram[] = [];
  private readonly byType = new Map<string, Marker[]>();
  /** Every marker, in file order. */
  private readonly all: Marker[] = [];

  add(marker: Marker): void {
    this.all.push(marker);
    const ofType = this.byType.get(marker.type);
    if (ofType === undefined) this.byType.set(marker.type, [marker]);
    else ofType.push(marker);
    switch (marker.type) {
      case 'question': {
        const question: Mutable<Question> = extend(marker, { id: `Q${this.questions.length + 1}`, status: 'open', answeredBy: null, answerLine: null });
        this.questions.push(question);
        this.open.push(question);
        break;
      }
      case 'answer': {
        const question = this.answeredQuestion(marker);
        if (question?.status === 'open') {
          question.status = 'answered';
          question.answeredBy = marker.author;
          question.answerLine = marker.line;
          this.open.splice(this.open.lastIndexOf(question), 1);
        }
        this.answers.push(extend(marker, { answers: question?.id ?? null }));
        break;
      }
      case 'todo':
        this.todos.push(extend(marker, { id: `T${this.todos.length + 1}`, status: 'open', doneBy: null, doneLine: null, assignees: [...marker.mentions] }));
        break;
      case 'assigned': {
        const todo = todoById(this.todos, marker.argument);
        if (todo !== undefined) todo.assignees = [...new Set([...todo.assignees, ...marker.mentions])];
        this.assignments.push(extend(marker, { todo: todo?.id ?? null, assignees: marker.mentions }));
        break;
      }
      case 'done': {
        const todo = marker.argument === null ? todoWithText(this.todos, marker.text) : todoById(this.todos, marker.argument);
        if (todo?.status === 'open') {
          todo.status = 'done';
          todo.doneBy = marker.author;
          todo.doneLine = marker.line;
        }
        this.done.push(extend(marker, { todo: todo?.id ?? null }));
        break;
      }
      case 'decision':
        this.decisions.push(marker);
        break;
      case 'concern':
        this.concerns.push(marker);
        break;
      case 'diagram':
        this.diagrams.push(extend(marker, { path: marker.text.replace(/^`+([^`]+)`+$/, '$1').trim() }));
        break;
    }
  }

  /** Everything so far. The lists are copies; questions and todos are the builder's objects, which later answers and DONEs update. */
  summary(): MarkerSummary {
    return {
      questions: [...this.questions],
      answers: [...this.answers],
      todos: [...this.todos],
      decisions: [...this.decisions],
      concerns: [...this.concerns],
      assignments: [...this.assignments],
      done: [...this.done],
      diagrams: [...this.diagrams],
      byType: Object.fromEntries([...this.byType].map(([type, markers]) => [type, [...markers]])),
    };
  }

  /** The questions still open, in the order they were asked. */
  openQuestions(): readonly Question[] {
    return [...this.open];
  }

  get openQuestionCount(): number {
    return this.open.length;
  }

  /** Markers of each type on lines after `line` (types with none left out). */
  countsAfter(line: number): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [type, markers] of this.byType) {
      const after = markers.length - firstAfter(markers, line);
      if (after > 0) counts[type] = after;
    }
    return counts;
  }

  /** Every marker on a line after `line`, in file order (for a host that passes a phase's markers on, e.g. to a voting strategy). */
  markersAfter(line: number): Marker[] {
    return this.all.slice(firstAfter(this.all, line));
  }

  /** The question an answer answers: the one it names, else the most recent open one asked by someone else in an earlier comment. */
  private answeredQuestion(answer: Marker): Mutable<Question> | undefined {
    if (answer.argument !== null) {
      const id = answer.argument.toUpperCase();
      return this.questions.find((question) => question.id === id);
    }
    return this.open.findLast((question) => question.author !== answer.author && question.comment < answer.comment);
  }
}

function todoById(todos: Mutable<Todo>[], argument: string | null): Mutable<Todo> | undefined {
  const id = argument?.toUpperCase();
  return todos.find((todo) => todo.id === id);
}

function todoWithText(todos: Mutable<Todo>[], text: string): Mutable<Todo> | undefined {
  const wanted = text.toLowerCase();
  return todos.find((todo) => todo.status === 'open' && todo.text.toLowerCase() === wanted);
}

/**
 * `{ ...marker, ...fields }`. V8 (Node 20) builds an object spread followed by properties the
 * spread object lacks about a hundred times slower than `Object.assign`, and this runs for
 * every marker of every comment a run appends.
 */
function extend<Fields extends object>(marker: Marker, fields: Fields): Marker & Fields {
  return Object.assign({}, marker, fields);
}

/** The index of the first of `markers` (in file order) on a line after `line`: a binary search. */
function firstAfter(markers: readonly Marker[], line: number): number {
  let low = 0;
  let high = markers.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (markers[middle]!.line > line) high = middle;
    else low = middle + 1;
  }
  return low;
}
