import type { DebateParticipant } from './design-document.js';

/** The files of a session folder. */
export const SESSION_FILES = {
  design: 'DESIGN.md',
  conversation: 'conversation.md',
  diagram: 'diagram.mmd',
  svg: 'diagram.svg',
  document: 'design_document.json',
  session: 'session.json',
} as const;

/** One run of the engine within the session: the debate itself, then (when it hit a limit) the closing phase. */
export interface SessionRun {
  readonly stage: 'debate' | 'closing';
  /** The engine's outcome: `finished`, `turn-cap`, `time-limit`, `budget`, `waiting`, `cancelled`. */
  readonly outcome: string;
  readonly rounds: number;
  readonly message: string;
  readonly durationMs: number;
}

/**
 * `session.json`: how the session ran. Written when the session starts (`complete: false`,
 * `outcome: "running"`), after a failure (`outcome: "failed"` with the error) and when it
 * ends, each time whole; the projects index reads it.
 */
export interface SessionRecord {
  readonly format: 'quorum-debate-session';
  readonly version: 1;
  readonly topic: string;
  readonly context: string | null;
  /** When the session was created (`QUORUM_NOW` when set), ISO 8601; the folder's name has it too. */
  readonly created: string;
  /** Whether the session ran to its end: a final status, or a limit the run stops at (a budget). */
  readonly complete: boolean;
  /** `ACCEPTED`, `UNRESOLVED`, `OPEN` (stopped before either), or null before the conversation exists. */
  readonly status: string | null;
  readonly accepted: boolean;
  /** The last run's outcome, `running` while the session runs, `failed` after an error. */
  readonly outcome: string;
  readonly message: string | null;
  /** Why the session failed (secrets removed), or null. */
  readonly error: string | null;
  readonly settings: {
    readonly topicSource: 'given' | 'random' | 'daily';
    readonly keywords: readonly string[];
    readonly seed: string | null;
    readonly date: string | null;
    readonly intensity: number;
    readonly maxTurns: number;
    readonly maxDurationMs: number;
    readonly diagramDetail: number;
    /** The `final_design` condition's options for this run; null where the template's were kept. */
    readonly minTurns: number | null;
    readonly minFacets: number | null;
    readonly personas: { readonly dreamer: string; readonly costCutter: string };
    /** `--provider` for everyone, or null. */
    readonly provider: string | null;
    /** `--provider alias=model`. */
    readonly personaProviders: Readonly<Record<string, string>>;
    readonly template: string;
  };
  readonly participants: readonly DebateParticipant[];
  readonly runs: readonly SessionRun[];
  /** Rounds over all runs. */
  readonly rounds: number;
  readonly timings: { readonly started: string; readonly finished: string | null; readonly durationMs: number };
  /** From the conversation's USAGE lines. */
  readonly usage: {
    readonly comments: number;
    readonly inputTokens: number;
    readonly outputTokens: number;
    readonly cachedInputTokens: number;
    readonly tokens: number;
    /** US dollars over the comments with a known price. */
    readonly cost: number;
    /** Comments whose model has no known price. */
    readonly unpriced: number;
  };
  /** The session's files that exist, by role. */
  readonly files: Partial<Record<keyof typeof SESSION_FILES, string>>;
}

/** Reads a `session.json` leniently: undefined when it is missing or not one. */
export function parseSessionRecord(text: string): SessionRecord | undefined {
  try {
    const data = JSON.parse(text) as Partial<SessionRecord> | null;
    if (data === null || typeof data !== 'object' || data.format !== 'quorum-debate-session' || typeof data.topic !== 'string') return undefined;
    return data as SessionRecord;
  } catch {
    return undefined;
  }
}
