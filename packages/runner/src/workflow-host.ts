import type { VoteValue } from '@quorum/core';

/**
 * What a workflow needs from the program that runs it: discussions created, run, commented
 * on and read. The runner never reaches a provider, storage or config itself; the `quorum`
 * CLI implements this with its project (config, plugins, personas, templates) and engine,
 * and tests implement it in memory. Paths are absolute.
 */
export interface WorkflowHost {
  /**
   * Creates a discussion file at exactly `file` (its folder is created when missing); fails
   * when the file exists. Participants, template and context are checked as `quorum new`
   * checks them.
   */
  createDiscussion(request: CreateDiscussionRequest): Promise<DiscussionState>;
  /** The current state of a discussion file (fails when it does not exist or does not parse). */
  readDiscussion(file: string): Promise<DiscussionState>;
  /**
   * Runs the discussion with the engine, as `quorum run` does: until a final phase, a wait for
   * a person, a budget, or `maxTurns` rounds started by this call. A discussion left mid-round
   * by a killed run continues where it stopped (the engine resumes from the file).
   */
  runDiscussion(file: string, options: RunDiscussionOptions): Promise<RunReport>;
  /** Appends one comment, as `quorum comment` does. */
  addComment(file: string, comment: CommentRequest): Promise<void>;
  /**
   * Whether the discussion already has a comment by `author` with this text and vote: a
   * comment step that was interrupted around its write checks this instead of writing twice.
   */
  hasComment(file: string, comment: CommentRequest): Promise<boolean>;
  /** Who comments when a comment step names no author (`quorum comment`'s default). */
  defaultAuthor(): Promise<string>;
  /** Standard input, for `stdin: true` comment steps. */
  readStdin(): Promise<string>;
  /**
   * Writes the files the discussion delivers (code blocks under their paths, the latest
   * version of each) into `dir` and nowhere outside it; with `git`, commits them there.
   * Optional: a workflow with an `export: files` step needs it.
   */
  writeFiles?(file: string, dir: string, options: { readonly git: boolean; readonly message: string }): Promise<FilesReport>;
  /**
   * A template's id and phases, so a misspelt template or `until: { phase }` is reported
   * before anything runs. Optional: without it those are found at run time.
   */
  describeTemplate?(name: string): Promise<TemplateFacts>;
}

/** What {@link WorkflowHost.writeFiles} did. */
export interface FilesReport {
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly refused: readonly { readonly path: string; readonly reason: string }[];
  readonly commit: string | null;
}

export interface CreateDiscussionRequest {
  readonly file: string;
  readonly title: string;
  readonly template?: string | undefined;
  readonly context?: string | undefined;
  readonly participants?: readonly string[] | undefined;
}

export interface RunDiscussionOptions {
  /** Rounds this call may start; undefined for no cap. */
  readonly maxTurns?: number | undefined;
  /** The model for every participant (provider:model or a provider name), as `--provider`. */
  readonly provider?: string | undefined;
  /** A model per participant alias, over the persona's own provider hint (ignored for those when `provider` is set). */
  readonly providers?: Readonly<Record<string, string>> | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** How one engine run ended. */
export interface RunReport {
  /** As the engine says: finished (a final phase), waiting (for a person), budget, turn-cap or cancelled. */
  readonly outcome: 'finished' | 'waiting' | 'budget' | 'turn-cap' | 'cancelled';
  readonly rounds: number;
  readonly message: string;
}

export interface CommentRequest {
  readonly author: string;
  readonly text: string;
  readonly vote: VoteValue | null;
}

/** What a discussion looks like now: what `quorum status` shows, as data. */
export interface DiscussionState {
  readonly file: string;
  readonly title: string | null;
  readonly template: string | null;
  readonly phase: string | null;
  /** `OPEN`, or the final status the template's final phase set. */
  readonly status: string | null;
  /** Whether the current phase is a final one. */
  readonly final: boolean;
  /** Counted votes of the current phase (as `quorum status` counts them). */
  readonly votes: { readonly READY: number; readonly CHANGES: number; readonly REJECT: number };
  /** The outcome the votes reached, or null. */
  readonly consensus: VoteValue | null;
  /** Markers by type over the whole discussion (`decision`, `concern`, plugin types…). */
  readonly markers: Readonly<Record<string, number>>;
  readonly openQuestions: number;
  /** The text of every DECISION: line. */
  readonly decisions: readonly string[];
  /** The latest FINAL DESIGN block (from its line to the end of its comment), or null. */
  readonly finalDesign: string | null;
  readonly comments: number;
}

/** A template as a workflow check needs it. */
export interface TemplateFacts {
  readonly id: string;
  readonly phases: readonly string[];
}
