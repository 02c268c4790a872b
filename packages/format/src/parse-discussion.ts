import {
  DiscussionParseError,
  type CommentSection,
  type CommentUsage,
  type Discussion,
  type DiscussionEvent,
  type EventSection,
  type HeaderField,
  type Preamble,
  type Section,
  type UnclosedTail,
  type VoteValue,
} from '@quorum/core';
import { unescapeCommentLine, unescapePreambleLines } from './escaping.js';
import { RESERVED_KEYS, isDiscussionLine, parseHeaderLine } from './header-line.js';
import {
  authorOfNameLine,
  isBlankLine,
  isUsageLine,
  parseNoResponseLine,
  parseParticipantFailedLine,
  parseRoundLine,
  parseUsageLine,
  isDelimiterLine,
  isEventLine,
  isNameLine,
  isNameLinePrefix,
  parsePhaseTransitionLine,
  parseVoteResetLine,
  startsSection,
  voteOfLine,
  withoutCarriageReturn,
} from './line-kinds.js';

export interface ParseOptions {
  /** Named in error messages. */
  readonly file?: string | undefined;
}

/**
 * The text split on `\n`. `lines[i]` is line i+1 without its `\n` (a `\r` stays);
 * `offsets[i]` is where it starts. When the text ends with `\n` there is no empty last line.
 */
interface Lines {
  readonly text: string;
  readonly lines: string[];
  readonly offsets: number[];
}

function splitLines(text: string): Lines {
  const lines = text.split('\n');
  // A final newline ends the last line; it does not start an empty one.
  if (lines[lines.length - 1] === '') lines.pop();
  const offsets = new Array<number>(lines.length + 1);
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    offsets[i] = offset;
    offset += lines[i]!.length + 1;
  }
  offsets[lines.length] = text.length;
  return { text, lines, offsets };
}

/** Source of lines [from, to) including their line endings. */
function sourceOf(l: Lines, from: number, to: number): string {
  return l.text.slice(l.offsets[from], l.offsets[to]);
}

/**
 * Parses a discussion file. Never throws for text a Quorum writer can produce, including
 * any prefix of an append (a crash mid-write); throws {@link DiscussionParseError} with the
 * line number for a file that is not a discussion or whose structure is broken.
 */
export function parseDiscussion(input: string, options: ParseOptions = {}): Discussion {
  const file = options.file;
  const fail = (line: number, message: string): never => {
    throw new DiscussionParseError(message, { file, line });
  };

  const bom = input.charCodeAt(0) === 0xfeff;
  const l = splitLines(bom ? input.slice(1) : input);
  const { lines } = l;
  const count = lines.length;

  if (count === 0) fail(1, 'the file is empty; a discussion starts with the line <!-- DISCUSSION -->');
  if (!isDiscussionLine(lines[0]!)) {
    fail(1, 'a discussion file must start with the line <!-- DISCUSSION -->; this file does not, so it is not read as a discussion');
  }
  const newline: '\n' | '\r\n' = lines[0]!.endsWith('\r') ? '\r\n' : '\n';

  // Header block: `<!-- Key: value -->` lines right after the DISCUSSION line.
  const fields: HeaderField[] = [];
  const seen = new Map<string, number>();
  let index = 1;
  for (; index < count; index++) {
    const parsed = parseHeaderLine(lines[index]!);
    if (!parsed) break;
    const lower = parsed.key.toLowerCase();
    if (RESERVED_KEYS.has(lower)) {
      fail(index + 1, `${parsed.key} lines belong after a --- line, not in the header block`);
    }
    const first = seen.get(lower);
    if (first !== undefined) {
      fail(index + 1, `the header ${parsed.key} appears twice (first on line ${first}); keep one of them`);
    }
    seen.set(lower, index + 1);
    fields.push({ key: parsed.key, value: parsed.value, line: index + 1 });
  }
  const headerEnd = index;

  // Delimiter lines after the header.
  const delimiters: number[] = [];
  for (let i = headerEnd; i < count; i++) if (isDelimiterLine(lines[i]!)) delimiters.push(i);
  const last = delimiters.length > 0 ? delimiters[delimiters.length - 1]! : -1;
  // After the last `---`: only blank lines, or the start of a comment that was never closed.
  const afterLast = last >= 0 ? firstNonBlank(lines, last + 1, count) : count;
  const hasTail = afterLast < count && isNameLinePrefix(lines[afterLast]!);

  // The preamble ends at the first `---` that opens a section (blank lines may come
  // between), or at the last `---` of the file when nothing but blank lines or an
  // unfinished comment follows it.
  let preambleEnd = -1;
  for (const d of delimiters) {
    const next = firstNonBlank(lines, d + 1, count);
    if ((next < count && startsSection(lines[next]!)) || (d === last && (next === count || hasTail))) {
      preambleEnd = d;
      break;
    }
  }

  const preambleLast = preambleEnd === -1 ? count : preambleEnd;
  const preamble: Preamble = {
    source: sourceOf(l, headerEnd, preambleEnd === -1 ? count : preambleEnd + 1),
    text: preambleText(l, headerEnd, preambleLast),
    line: headerEnd + 1,
    closed: preambleEnd !== -1,
  };

  const sections: Section[] = [];
  let tail: UnclosedTail | null = null;
  if (preambleEnd !== -1) {
    let start = preambleEnd + 1;
    for (const d of delimiters) {
      if (d <= preambleEnd) continue;
      sections.push(parseSection(l, start, d, true, fail));
      start = d + 1;
    }
    if (start < count) {
      if (hasTail) {
        const first = lines[afterLast]!;
        const complete = afterLast + 1 < count || l.text.endsWith('\n');
        const author = isNameLine(first) && complete ? authorOfNameLine(first) : '';
        tail = { source: sourceOf(l, start, count), line: afterLast + 1, author: author === '' ? null : author };
      } else {
        sections.push(parseSection(l, start, count, false, fail));
      }
    }
  }

  return { bom, newline, header: { source: sourceOf(l, 0, headerEnd), fields }, preamble, sections, tail };
}

function firstNonBlank(lines: readonly string[], from: number, to: number): number {
  let i = from;
  while (i < to && isBlankLine(lines[i]!)) i++;
  return i;
}

function preambleText(l: Lines, from: number, to: number): string {
  if (from >= to) return '';
  const raw = l.lines.slice(from, to);
  const unescaped = unescapePreambleLines(raw);
  // The closing `---` (when present) is not part of the text, but the newline before it is.
  const endsWithNewline = to < l.lines.length || l.text.endsWith('\n');
  return unescaped.join('\n') + (endsWithNewline ? '\n' : '');
}

type Fail = (line: number, message: string) => never;

/** Lines [start, end) are the section's content; `closed` says whether line `end` is its `---`. */
function parseSection(l: Lines, start: number, end: number, closed: boolean, fail: Fail): Section {
  const source = sourceOf(l, start, closed ? end + 1 : end);
  const nameLine = firstNonBlank(l.lines, start, end);
  if (nameLine < end && isNameLine(l.lines[nameLine]!)) {
    return parseComment(l, nameLine, end, closed, source, fail);
  }
  const events: DiscussionEvent[] = [];
  for (let i = start; i < end; i++) {
    const line = l.lines[i]!;
    if (isBlankLine(line)) continue;
    if (isEventLine(line)) {
      const transition = parsePhaseTransitionLine(line);
      if (transition) {
        events.push({ kind: 'phase-transition', from: transition.from, to: transition.to, line: i + 1 });
        continue;
      }
      const reset = parseVoteResetLine(line);
      if (reset) {
        events.push({ kind: 'vote-reset', phase: reset.phase, line: i + 1 });
        continue;
      }
      const round = parseRoundLine(line);
      if (round) {
        events.push({ kind: 'round', ...round, line: i + 1 });
        continue;
      }
      const noResponse = parseNoResponseLine(line);
      if (noResponse) {
        events.push({ kind: 'no-response', participant: noResponse.participant, line: i + 1 });
        continue;
      }
      const failed = parseParticipantFailedLine(line);
      if (failed) {
        events.push({ kind: 'participant-failed', ...failed, line: i + 1 });
        continue;
      }
      fail(
        i + 1,
        'this event line is malformed; write <!-- PHASE-TRANSITION: from -> to -->, <!-- VOTE-RESET: phase -->, <!-- ROUND: phase N: a, b -->, <!-- NO-RESPONSE: alias --> or <!-- PARTICIPANT-FAILED: alias: reason -->',
      );
    }
    events.push({ kind: 'note', text: withoutCarriageReturn(line), line: i + 1 });
  }
  const section: EventSection = { kind: 'events', source, line: start + 1, events, closed };
  return section;
}

function parseComment(l: Lines, start: number, end: number, closed: boolean, source: string, fail: Fail): CommentSection {
  const { lines } = l;
  const author = authorOfNameLine(lines[start]!);
  if (author === '') fail(start + 1, 'a comment needs an author after "Name:"');

  let vote: VoteValue | null = null;
  let voteLine: number | null = null;
  let escaped = false;
  for (let i = start + 1; i < end; i++) {
    const line = lines[i]!;
    if (line.charCodeAt(0) === 92) escaped = true;
    const found = voteOfLine(line);
    if (found !== undefined) {
      vote = found;
      voteLine = i + 1;
    }
  }

  // The text: drop the blank line Quorum writes after `Name:` and before `---`, the final
  // USAGE line and the final VOTE line, each with the blank line before it.
  let from = start + 1;
  let to = end;
  if (from < to && isBlankLine(lines[from]!)) from++;
  if (from < to && isBlankLine(lines[to - 1]!)) to--;
  let usage: CommentUsage | null = null;
  if (from < to && isUsageLine(lines[to - 1]!)) {
    usage = parseUsageLine(lines[to - 1]!) ?? null;
    if (usage !== null) {
      to--;
      if (from < to && isBlankLine(lines[to - 1]!)) to--;
    }
  }
  if (voteLine !== null && voteLine === to && from < to) {
    to--;
    if (from < to && isBlankLine(lines[to - 1]!)) to--;
  }
  let text: string;
  if (from >= to) {
    text = '';
  } else if (!escaped) {
    // Without escapes the text is the source of its lines, minus the last line ending.
    const endsWithNewline = to < lines.length || l.text.endsWith('\n');
    text = l.text.slice(l.offsets[from], l.offsets[to]! - (endsWithNewline ? 1 : 0));
  } else {
    text = lines.slice(from, to).map(unescapeCommentLine).join('\n');
  }
  return { kind: 'comment', source, line: start + 1, author, text, textLine: from + 1, vote, voteLine, closed, usage };
}
