import { HEADER_KEYS, InvalidInputError, isVoteValue, type CommentUsage, type NewComment, type NewEvent } from '@quorum/core';
import { escapeCommentLine, escapePreambleLines } from './escaping.js';
import { DISCUSSION_MARKER_LINE, renderHeaderLine } from './header-line.js';
import { renderUsageLine } from './line-kinds.js';

/** Participant aliases in event lines: no spaces, commas, colons or `-->`. */
const PARTICIPANT_NAME = /^[^\s,:]+$/;

function assertParticipant(participant: string): void {
  if (!PARTICIPANT_NAME.test(participant) || participant.includes('-->')) {
    throw new InvalidInputError(`"${participant}" cannot be written in an event line; use an alias without spaces, commas or colons`);
  }
}

/** A reason on one line that cannot close the HTML comment it sits in. */
function oneLineReason(reason: string): string {
  const line = reason.replace(/\s+/g, ' ').replace(/-->/g, '-- >').trim();
  return line === '' ? 'no reason given' : line;
}

function assertUsage(usage: CommentUsage): void {
  const counts = [usage.inputTokens, usage.outputTokens, usage.cachedInputTokens];
  if (!/^[^\s]+$/.test(usage.model) || usage.model.includes('-->') || counts.some((n) => !Number.isSafeInteger(n) || n < 0)) {
    throw new InvalidInputError('usage needs a model id without spaces and whole, non-negative token counts');
  }
  if (usage.cost !== null && !(Number.isFinite(usage.cost) && usage.cost >= 0)) {
    throw new InvalidInputError('a cost must be a non-negative number');
  }
}

/** Phase names as they appear in event lines: no spaces, no `-->`. */
const PHASE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * An author is one line of well-formed Unicode without control characters or surrounding
 * blanks, e.g. `AI-Architect` or `Rob`.
 */
export function assertAuthor(author: string): void {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\u2028\u2029]/.test(author) || !author.isWellFormed()) {
    throw new InvalidInputError('the author name must be a single line without control characters');
  }
  if (author.length === 0 || author.trim() !== author) {
    throw new InvalidInputError(`the author "${author}" must be non-empty and not start or end with spaces`);
  }
}

export function assertPhaseName(phase: string): void {
  if (!PHASE_NAME.test(phase) || phase.includes('--')) {
    throw new InvalidInputError(
      `"${phase}" is not a valid phase name; use letters, digits, "_", "." and single "-" (e.g. initial_feedback)`,
    );
  }
}

function assertText(text: string, what: string): void {
  if (!text.isWellFormed()) {
    throw new InvalidInputError(`the ${what} contains a lone surrogate (broken Unicode) and cannot be written`);
  }
}

/**
 * The bytes of one comment section, starting at its `Name:` line and ending with the `---`
 * line that closes it:
 *
 * ```
 * Name: <author>
 *
 * <text, escaped>
 *
 * VOTE: <vote>        (only with a vote, after a blank line)
 *
 * <!-- USAGE: … -->    (only with usage, followed by a blank line)
 *
 * ---
 * ```
 */
export function renderComment(comment: NewComment): string {
  assertAuthor(comment.author);
  assertText(comment.text, 'comment');
  const vote = comment.vote ?? null;
  if (vote !== null && !isVoteValue(vote)) {
    throw new InvalidInputError(`"${String(vote)}" is not a vote; use READY, CHANGES or REJECT`);
  }
  const usage = comment.usage ?? null;
  if (usage !== null) assertUsage(usage);
  const body = comment.text.split('\n').map(escapeCommentLine).join('\n');
  const voteLines = vote === null ? '' : `\nVOTE: ${vote}\n`;
  const usageLines = usage === null ? '' : `\n${renderUsageLine(usage)}\n`;
  return `Name: ${comment.author}\n\n${body}\n${voteLines}${usageLines}\n---\n`;
}

/** The bytes of one event section: the event lines and the closing `---`. */
export function renderEvents(events: readonly NewEvent[]): string {
  if (events.length === 0) throw new InvalidInputError('there are no events to write');
  let out = '';
  for (const event of events) {
    if (event.kind === 'phase-transition') {
      assertPhaseName(event.from);
      assertPhaseName(event.to);
      out += `<!-- PHASE-TRANSITION: ${event.from} -> ${event.to} -->\n`;
    } else if (event.kind === 'vote-reset') {
      assertPhaseName(event.phase);
      out += `<!-- VOTE-RESET: ${event.phase} -->\n`;
    } else if (event.kind === 'round') {
      assertPhaseName(event.phase);
      if (!Number.isSafeInteger(event.round) || event.round < 1) throw new InvalidInputError('a round number must be a whole number from 1');
      event.responders.forEach(assertParticipant);
      out += `<!-- ROUND: ${event.phase} ${event.round}: ${event.responders.join(', ')} -->\n`;
    } else if (event.kind === 'no-response') {
      assertParticipant(event.participant);
      out += `<!-- NO-RESPONSE: ${event.participant} -->\n`;
    } else {
      assertParticipant(event.participant);
      out += `<!-- PARTICIPANT-FAILED: ${event.participant}: ${oneLineReason(event.reason)} -->\n`;
    }
  }
  return `${out}---\n`;
}

export interface NewDiscussion {
  readonly title: string;
  readonly phase: string;
  /** Defaults to `OPEN`. */
  readonly status?: string;
  /** ISO 8601 time; the caller supplies it so the output is deterministic. */
  readonly created: string;
  readonly template?: string | undefined;
  readonly participants?: readonly string[];
  /** Any other headers, written after the well-known ones in the given order. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Markdown placed under `## Context`. */
  readonly context?: string | undefined;
}

/**
 * A new discussion file: the header block, a `# Title` heading, the context, and the `---`
 * line that closes the preamble so comments can be appended directly.
 */
export function renderNewDiscussion(input: NewDiscussion): string {
  assertText(input.title, 'title');
  if (input.title.trim() === '') throw new InvalidInputError('a discussion needs a title');
  assertPhaseName(input.phase);
  let header = DISCUSSION_MARKER_LINE;
  header += renderHeaderLine(HEADER_KEYS.title, input.title);
  header += renderHeaderLine(HEADER_KEYS.phase, input.phase);
  header += renderHeaderLine(HEADER_KEYS.status, input.status ?? 'OPEN');
  header += renderHeaderLine(HEADER_KEYS.created, input.created);
  if (input.template !== undefined) header += renderHeaderLine(HEADER_KEYS.template, input.template);
  header += renderHeaderLine(HEADER_KEYS.participants, (input.participants ?? []).join(', '));
  for (const [key, value] of Object.entries(input.headers ?? {})) header += renderHeaderLine(key, value);

  // The heading is presentation only; the Title header holds the exact title.
  let body = `\n# ${input.title.replace(/\s+/g, ' ').trim()}\n`;
  const context = input.context ?? '';
  if (context.trim() !== '') {
    assertText(context, 'context');
    const lines = escapePreambleLines(context.replace(/\n+$/, '').split('\n'));
    body += `\n## Context\n\n${lines.join('\n')}\n`;
  }
  return `${header}${body}\n---\n`;
}
