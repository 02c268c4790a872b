import type { VoteValue } from './vote.js';

/**
 * The parsed form of a discussion file. Every part keeps its exact source text, so the
 * file can be written back byte for byte; the other fields are the meaning of that text.
 *
 * A file is: an optional byte-order mark, the header block (`<!-- DISCUSSION -->` and
 * `<!-- Key: value -->` lines), the preamble (the Markdown body: title, context…), then
 * sections separated by `---` lines. A section starting with `Name: <author>` is a
 * comment; any other section holds events (phase transitions, vote resets) and notes.
 */
export interface Discussion {
  /** True when the file starts with a UTF-8 byte-order mark (kept on write). */
  readonly bom: boolean;
  /** The line ending of the first line; new lines Quorum writes use `\n` regardless. */
  readonly newline: '\n' | '\r\n';
  readonly header: HeaderBlock;
  readonly preamble: Preamble;
  readonly sections: readonly Section[];
  /**
   * Text after the last `---` line that begins a comment but is not closed by a `---`
   * line: an interrupted append, or a comment written by hand without its closing line.
   * It is ignored until closed (the file parses to the state before it).
   */
  readonly tail: UnclosedTail | null;
}

export interface HeaderBlock {
  /** From the start of the file (after any BOM) to the end of the last header line. */
  readonly source: string;
  readonly fields: readonly HeaderField[];
}

export interface HeaderField {
  /** Key as written, e.g. `Title`. Lookups are case-insensitive; keys are unique. */
  readonly key: string;
  /** Decoded value (see the format package's escaping rule). */
  readonly value: string;
  readonly line: number;
}

export interface Preamble {
  /** Exact source, including the `---` line that closes it when there is one. */
  readonly source: string;
  /** The Markdown body with Quorum's preamble escapes removed, without the closing `---` line. */
  readonly text: string;
  /** First line of the preamble (1-based). */
  readonly line: number;
  /** Whether the preamble ends with a `---` line, i.e. sections may follow directly. */
  readonly closed: boolean;
}

export type Section = CommentSection | EventSection;

export interface CommentSection {
  readonly kind: 'comment';
  /** Exact source, from the `Name:` line to the end of the `---` line closing it (if any). */
  readonly source: string;
  /** Line of the `Name:` line. */
  readonly line: number;
  readonly author: string;
  /**
   * The comment as its author wrote it: escapes removed, and without the blank lines Quorum
   * pads a comment with or the final `VOTE:` line.
   */
  readonly text: string;
  /** File line (1-based) of the first line of `text`; line i of `text` is at `textLine + i`. */
  readonly textLine: number;
  /** The comment's own vote: its last `VOTE:` line, or null. */
  readonly vote: VoteValue | null;
  /** Line of the counted `VOTE:` line, or null. */
  readonly voteLine: number | null;
  /** Whether the section ends with a `---` line (false only for the last section of a hand-written file). */
  readonly closed: boolean;
  /** What producing the comment cost, from its `<!-- USAGE: … -->` line (comments by AI participants). */
  readonly usage: CommentUsage | null;
}

/**
 * Model and tokens behind an AI comment, written as the comment's last line
 * `<!-- USAGE: model=openai:gpt-4o input=812 output=143 cached=640 cost=0.004120 -->`
 * (invisible when the Markdown is rendered) so totals survive in the file itself.
 */
export interface CommentUsage {
  /** `provider:model`. No spaces. */
  readonly model: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cachedInputTokens: number;
  /** Estimated cost in US dollars, or null when the model has no known price. */
  readonly cost: number | null;
}

export interface EventSection {
  readonly kind: 'events';
  readonly source: string;
  readonly line: number;
  readonly events: readonly DiscussionEvent[];
  readonly closed: boolean;
}

export type DiscussionEvent =
  | PhaseTransitionEvent
  | VoteResetEvent
  | RoundEvent
  | NoResponseEvent
  | ParticipantFailedEvent
  | NoteEvent;

/** `<!-- PHASE-TRANSITION: from -> to -->` */
export interface PhaseTransitionEvent {
  readonly kind: 'phase-transition';
  readonly from: string;
  readonly to: string;
  readonly line: number;
}

/** `<!-- VOTE-RESET: phase -->`: votes before this line do not count in that phase. */
export interface VoteResetEvent {
  readonly kind: 'vote-reset';
  readonly phase: string;
  readonly line: number;
}

/**
 * `<!-- ROUND: phase 3: architect, security -->`: the engine starts round 3 of `phase` (counted
 * over the whole discussion) and asks these participants. Until each of them has commented
 * or has a NO-RESPONSE or PARTICIPANT-FAILED line after it, the round is unfinished, and a
 * resumed run asks only the missing ones.
 */
export interface RoundEvent {
  readonly kind: 'round';
  readonly phase: string;
  readonly round: number;
  readonly responders: readonly string[];
  readonly line: number;
}

/** `<!-- NO-RESPONSE: security -->`: the participant had nothing to add in the current round. */
export interface NoResponseEvent {
  readonly kind: 'no-response';
  readonly participant: string;
  readonly line: number;
}

/** `<!-- PARTICIPANT-FAILED: security: rate limited (HTTP 429) after 4 attempts -->`: no answer this round. */
export interface ParticipantFailedEvent {
  readonly kind: 'participant-failed';
  readonly participant: string;
  /** One line, never a key or a prompt. */
  readonly reason: string;
  readonly line: number;
}

/** Any other non-blank line between comments, kept as written. */
export interface NoteEvent {
  readonly kind: 'note';
  readonly text: string;
  readonly line: number;
}

export interface UnclosedTail {
  readonly source: string;
  readonly line: number;
  /** The author named on the tail's `Name:` line when that line is complete. */
  readonly author: string | null;
}

/** What a caller supplies to add a comment. */
export interface NewComment {
  readonly author: string;
  readonly text: string;
  readonly vote?: VoteValue | null | undefined;
  readonly usage?: CommentUsage | null | undefined;
}

/** What a caller supplies to add events (a phase change, a vote reset). */
export type NewEvent =
  | { readonly kind: 'phase-transition'; readonly from: string; readonly to: string }
  | { readonly kind: 'vote-reset'; readonly phase: string }
  | { readonly kind: 'round'; readonly phase: string; readonly round: number; readonly responders: readonly string[] }
  | { readonly kind: 'no-response'; readonly participant: string }
  | { readonly kind: 'participant-failed'; readonly participant: string; readonly reason: string };

/** The well-known header keys, spelt as the file writes them. */
export const HEADER_KEYS = {
  title: 'Title',
  phase: 'Phase',
  status: 'Status',
  created: 'Created',
  template: 'Template',
  participants: 'Participants',
} as const;

/** Header values a listing needs, read from a file's header block only. */
export interface DiscussionSummary {
  /** Storage-specific identifier (for files: the path relative to the discussions directory). */
  readonly id: string;
  /** Where it lives, for people (for files: the path). */
  readonly location: string;
  readonly title: string | null;
  readonly phase: string | null;
  readonly status: string | null;
  readonly template: string | null;
  readonly created: string | null;
  readonly participants: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
  /** ISO time of the last change, when the storage knows it. */
  readonly updated: string | null;
}
