import type { CommentUsage } from '@quorum/core';
import { parseVoteValue, type VoteValue } from '@quorum/core';

/**
 * Recognisers for the lines that carry structure. A line here is its content without the
 * `\n`; a trailing `\r` (CRLF files) is ignored by every recogniser.
 */

const DASH = 45; // '-'
const BACKSLASH = 92; // '\\'

function withoutCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** `---`, optionally followed by spaces or tabs: separates the preamble and the sections. */
export function isDelimiterLine(line: string): boolean {
  if (line.length < 3 || line.charCodeAt(0) !== DASH || line.charCodeAt(1) !== DASH || line.charCodeAt(2) !== DASH) {
    return false;
  }
  for (let i = 3; i < line.length; i++) {
    const c = line[i];
    if (c !== ' ' && c !== '\t' && !(c === '\r' && i === line.length - 1)) return false;
  }
  return true;
}

/** `Name: <author>`: the first line of a comment section. */
export function isNameLine(line: string): boolean {
  return line.startsWith('Name:');
}

/** The author on a `Name:` line, trimmed (may be empty, which the parser rejects). */
export function authorOfNameLine(line: string): string {
  return withoutCarriageReturn(line).slice('Name:'.length).trim();
}

/** A torn or unfinished start of a comment: a non-empty prefix of `Name:` or a `Name:` line. */
export function isNameLinePrefix(line: string): boolean {
  const content = withoutCarriageReturn(line);
  return content.length > 0 && ('Name:'.startsWith(content) || content.startsWith('Name:'));
}

const EVENT_KEYWORD = /^<!--\s*(PHASE-TRANSITION|VOTE-RESET|ROUND|NO-RESPONSE|PARTICIPANT-FAILED)\s*:/;
const PHASE_TRANSITION = /^<!--\s*PHASE-TRANSITION\s*:\s*(\S+?)\s*->\s*(\S+?)\s*-->\s*$/;
const VOTE_RESET = /^<!--\s*VOTE-RESET\s*:\s*(\S+?)\s*-->\s*$/;

const ROUND = /^<!--\s*ROUND\s*:\s*(\S+?)\s+(\d{1,9})\s*:\s*(.*?)\s*-->\s*$/;
const NO_RESPONSE = /^<!--\s*NO-RESPONSE\s*:\s*(\S+?)\s*-->\s*$/;
const PARTICIPANT_FAILED = /^<!--\s*PARTICIPANT-FAILED\s*:\s*([^\s:]+)\s*:\s*(.*?)\s*-->\s*$/;
const USAGE = /^<!--\s*USAGE\s*:(.*?)-->\s*$/;

/**
 * A line that opens an event (`<!-- PHASE-TRANSITION: …`, `<!-- VOTE-RESET: …`,
 * `<!-- ROUND: …`, `<!-- NO-RESPONSE: …`, `<!-- PARTICIPANT-FAILED: …`), well-formed or not.
 */
export function isEventLine(line: string): boolean {
  return line.startsWith('<!--') && EVENT_KEYWORD.test(line);
}

export function parsePhaseTransitionLine(line: string): { from: string; to: string } | undefined {
  const match = PHASE_TRANSITION.exec(withoutCarriageReturn(line));
  return match ? { from: match[1]!, to: match[2]! } : undefined;
}

export function parseVoteResetLine(line: string): { phase: string } | undefined {
  const match = VOTE_RESET.exec(withoutCarriageReturn(line));
  return match ? { phase: match[1]! } : undefined;
}

export function parseRoundLine(line: string): { phase: string; round: number; responders: string[] } | undefined {
  const match = ROUND.exec(withoutCarriageReturn(line));
  if (!match) return undefined;
  const responders = match[3]!.split(',').map((r) => r.trim()).filter((r) => r !== '');
  return { phase: match[1]!, round: Number(match[2]), responders };
}

export function parseNoResponseLine(line: string): { participant: string } | undefined {
  const match = NO_RESPONSE.exec(withoutCarriageReturn(line));
  return match ? { participant: match[1]! } : undefined;
}

export function parseParticipantFailedLine(line: string): { participant: string; reason: string } | undefined {
  const match = PARTICIPANT_FAILED.exec(withoutCarriageReturn(line));
  return match ? { participant: match[1]!, reason: match[2]! } : undefined;
}

/** A comment's usage line, `<!-- USAGE: … -->`, well-formed or not (a text line like it is escaped). */
export function isUsageLine(line: string): boolean {
  return line.startsWith('<!--') && /^<!--\s*USAGE\s*:/.test(line);
}

/** The usage on a `<!-- USAGE: model=… input=… output=… cached=… cost=… -->` line. */
export function parseUsageLine(line: string): CommentUsage | undefined {
  const match = USAGE.exec(withoutCarriageReturn(line));
  if (!match) return undefined;
  const fields = new Map<string, string>();
  for (const pair of match[1]!.trim().split(/\s+/)) {
    const eq = pair.indexOf('=');
    if (eq > 0) fields.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  const count = (key: string) => {
    const value = fields.get(key);
    return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
  };
  const model = fields.get('model');
  const [inputTokens, outputTokens, cachedInputTokens] = [count('input'), count('output'), count('cached') ?? 0];
  if (model === undefined || inputTokens === undefined || outputTokens === undefined) return undefined;
  const costText = fields.get('cost');
  const cost = costText !== undefined && /^\d+(?:\.\d+)?$/.test(costText) ? Number(costText) : null;
  return { model, inputTokens, outputTokens, cachedInputTokens, cost };
}

/** The `<!-- USAGE: … -->` line for a comment (without line ending). */
export function renderUsageLine(usage: CommentUsage): string {
  const cost = usage.cost === null ? '' : ` cost=${usage.cost.toFixed(6)}`;
  return `<!-- USAGE: model=${usage.model} input=${usage.inputTokens} output=${usage.outputTokens} cached=${usage.cachedInputTokens}${cost} -->`;
}

/** Lines after a `---` that make it a section boundary rather than a Markdown rule. */
export function startsSection(line: string): boolean {
  return isNameLine(line) || isEventLine(line);
}

/**
 * A vote: `VOTE: READY`, and the forms people and models write: any case, a list bullet,
 * bold (`**VOTE:** READY`, `**VOTE: READY**`), and text after the value
 * (`VOTE: CHANGES - needs tests`).
 */
const VOTE_LINE = /^[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?vote(?:\*\*|__)?[ \t]*:[ \t]*(?:\*\*|__)?[ \t]*(ready|changes|reject)\b/i;

export function voteOfLine(line: string): VoteValue | undefined {
  const first = line.charCodeAt(0);
  // Cheap rejection before the regular expression: a vote line starts with blank, bullet, bold or V.
  if (first !== 86 && first !== 118 && first !== 32 && first !== 9 && first !== 45 && first !== 42 && first !== 43 && first !== 95) {
    return undefined;
  }
  const match = VOTE_LINE.exec(line);
  return match ? parseVoteValue(match[1]!) : undefined;
}

export function isBlankLine(line: string): boolean {
  return line.length === 0 || line === '\r';
}

/** The line without its leading backslashes (the escape characters). */
export function withoutLeadingBackslashes(line: string): string {
  let i = 0;
  while (line.charCodeAt(i) === BACKSLASH) i++;
  return i === 0 ? line : line.slice(i);
}

export { withoutCarriageReturn };
