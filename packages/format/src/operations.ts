import {
  InvalidInputError,
  type AppendEntry,
  type CommentSection,
  type Discussion,
  type DiscussionEvent,
  type EventSection,
  type HeaderField,
  type NewComment,
  type NewEvent,
  type Section,
} from '@quorum/core';
import { assertHeaderKey, parseHeaderLine, renderHeaderLine } from './header-line.js';
import { parseDiscussion } from './parse-discussion.js';
import { renderComment, renderEvents } from './render.js';
import { escapeCommentLine } from './escaping.js';
import { isBlankLine } from './line-kinds.js';

/** The exact text of a discussion: every part's source, concatenated. */
export function serializeDiscussion(discussion: Discussion): string {
  let out = discussion.bom ? '\uFEFF' : '';
  out += discussion.header.source + discussion.preamble.source;
  for (const section of discussion.sections) out += section.source;
  if (discussion.tail) out += discussion.tail.source;
  return out;
}

/**
 * A discussion is sealed when its text ends with a `---` line that closes the preamble or
 * a section and no unclosed text follows: comments can then be appended as plain bytes.
 * Files Quorum creates are sealed and every Quorum write keeps them so.
 */
export function isSealed(discussion: Discussion): boolean {
  if (discussion.tail !== null) return false;
  const lastSection = discussion.sections[discussion.sections.length - 1];
  return lastSection === undefined ? discussion.preamble.closed : lastSection.closed;
}

/** What to do with an unclosed tail when sealing. */
export type TailPolicy =
  /** Keep it: a complete `Name:` line makes it a comment closed by the new `---`; a partial one is dropped. */
  | 'close'
  /** Remove it: it is the rest of an interrupted append. */
  | 'drop';

/**
 * Returns the text of the discussion sealed (see {@link isSealed}), and the dropped tail
 * text when one was removed. Sealing only adds a `---` line, or removes an unclosed tail.
 */
export function sealDiscussionText(source: string, tail: TailPolicy): { text: string; dropped: string | null } {
  const discussion = parseDiscussion(source);
  if (isSealed(discussion)) return { text: source, dropped: null };
  if (discussion.tail !== null && (tail === 'drop' || discussion.tail.author === null)) {
    const kept = source.slice(0, source.length - discussion.tail.source.length);
    return { text: kept, dropped: discussion.tail.source };
  }
  const separator = source.endsWith('\n') ? '' : '\n';
  return { text: `${source}${separator}---\n`, dropped: null };
}

/** The line number the next appended line will have. */
export function nextLineNumber(discussion: Discussion): number {
  const last = discussion.tail ?? discussion.sections[discussion.sections.length - 1] ?? discussion.preamble;
  return last.line + countNewlines(last.source);
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Appends a comment to a sealed discussion. Returns the new discussion and the exact bytes
 * appended (the storage writes only those). The result is what parsing the longer text gives.
 */
export function appendComment(discussion: Discussion, comment: NewComment): { discussion: Discussion; appended: string } {
  return appendEntries(discussion, [{ comment }]);
}

/**
 * Appends comments and event sections (rounds, no-responses, failures; events that change no
 * header) to a sealed discussion, in order, without parsing the rest again: a storage's
 * `appendBatch`. Returns the new discussion and the exact text appended; the result is what
 * parsing the longer text gives (property-tested).
 */
export function appendEntries(discussion: Discussion, entries: readonly AppendEntry[]): { discussion: Discussion; appended: string } {
  if (!isSealed(discussion)) {
    throw new InvalidInputError('the discussion must be sealed (end with a --- line) before anything is appended');
  }
  const added: Section[] = [];
  let appended = '';
  let last: { readonly line: number; readonly source: string } = discussion.sections[discussion.sections.length - 1] ?? discussion.preamble;
  for (const entry of entries) {
    const record = 'comment' in entry ? renderComment(entry.comment) : renderEvents(entry.events);
    // A file whose last `---` has no newline gets one first.
    const text = last.source.endsWith('\n') ? record : `\n${record}`;
    const line = last.line + countNewlines(last.source) + (text === record ? 0 : 1);
    const section =
      'comment' in entry
        ? (plainCommentSection(entry.comment, record, line) ?? commentSectionFromRecord(record, line))
        : (plainEventsSection(entry.events, record, line) ?? sectionFromRecord(record, line));
    added.push(section);
    appended += text;
    last = section;
  }
  return { discussion: { ...discussion, sections: [...discussion.sections, ...added] }, appended };
}

/**
 * The section a rendered comment parses to, built from the comment itself when its text is
 * plain (no line needed escaping, no blank first or last line, no CR): what a run appends
 * almost always is, and building costs less than parsing. Undefined otherwise; the record is
 * parsed then. A property test checks that the two agree.
 */
function plainCommentSection(comment: NewComment, record: string, line: number): CommentSection | undefined {
  const { text } = comment;
  if (text === '' || text.includes('\r')) return undefined;
  const lines = text.split('\n');
  if (isBlankLine(lines[0]!) || isBlankLine(lines.at(-1)!) || lines.some((textLine) => escapeCommentLine(textLine) !== textLine)) return undefined;
  const vote = comment.vote ?? null;
  const usage = comment.usage ?? null;
  if (usage !== null && usage.cost !== null && !(usage.cost >= 0)) return undefined;
  return {
    kind: 'comment',
    source: record,
    line,
    author: comment.author,
    text,
    textLine: line + 2,
    vote,
    // Name line, blank line, the text, a blank line, then the VOTE line.
    voteLine: vote === null ? null : line + lines.length + 3,
    closed: true,
    // As the USAGE line reads back: the cost rounded to the six decimals it is written with.
    usage:
      usage === null
        ? null
        : {
            model: usage.model,
            inputTokens: usage.inputTokens,
            outputTokens: usage.outputTokens,
            cachedInputTokens: usage.cachedInputTokens,
            cost: usage.cost === null ? null : Number(usage.cost.toFixed(6)),
          },
  };
}

/**
 * Appends an event section (rounds, no-responses, failures; events that change no header)
 * to a sealed discussion without parsing the rest again. Returns the new discussion and
 * the exact text appended.
 */
export function appendEvents(discussion: Discussion, events: readonly NewEvent[]): { discussion: Discussion; appended: string } {
  return appendEntries(discussion, [{ events }]);
}

/**
 * The section rendered events parse to, built from the events (one line each) when they are
 * of the kinds that read back exactly as given; undefined otherwise (a failure's reason is
 * rewritten to fit on its line, so its record is parsed). A property test checks the two agree.
 */
function plainEventsSection(events: readonly NewEvent[], record: string, line: number): EventSection | undefined {
  const built: DiscussionEvent[] = [];
  for (const [index, event] of events.entries()) {
    const at = line + index;
    if (event.kind === 'phase-transition') built.push({ kind: 'phase-transition', from: event.from, to: event.to, line: at });
    else if (event.kind === 'vote-reset') built.push({ kind: 'vote-reset', phase: event.phase, line: at });
    else if (event.kind === 'round') built.push({ kind: 'round', phase: event.phase, round: event.round, responders: [...event.responders], line: at });
    else if (event.kind === 'no-response') built.push({ kind: 'no-response', participant: event.participant, line: at });
    else return undefined;
  }
  return { kind: 'events', source: record, line, events: built, closed: true };
}

/**
 * The parse of `source`, a longer version of `previousSource` (which parsed to `previous`),
 * working out only what was added: for a storage that reads a discussion again after its own
 * appends. Returns undefined when that cannot be done exactly (the text was not extended, the
 * earlier text was not sealed, or what was added does not parse on its own); then parse the
 * whole text. The result equals `parseDiscussion(source)`.
 */
export function parseExtended(previous: Discussion, previousSource: string, source: string): Discussion | undefined {
  if (source.length < previousSource.length || !source.startsWith(previousSource)) return undefined;
  return parseAppended(previous, previousSource, source.slice(previousSource.length));
}

/**
 * {@link parseExtended} for a caller that knows the text `added` after `previousSource`
 * (a storage that made the appends itself), without comparing the texts.
 */
export function parseAppended(previous: Discussion, previousSource: string, added: string): Discussion | undefined {
  // The text's last character is its last section's (asking the whole text would make V8
  // flatten a text built by concatenation, a copy of the whole discussion).
  const last = previous.sections.at(-1) ?? previous.preamble;
  if (!isSealed(previous) || previousSource.length === 0 || !last.source.endsWith('\n')) return undefined;
  if (added === '') return previous;
  let parsed: Discussion;
  try {
    parsed = parseDiscussion(EXTENSION_PREFIX + added);
  } catch {
    return undefined;
  }
  // Text after a `---` that opens no section makes that line a Markdown rule, changing how the
  // earlier text reads: only added sections (or a torn one) can be parsed on their own.
  if (parsed.preamble.source !== EXTENSION_PREFIX.slice(EXTENSION_PREFIX.indexOf('---'))) return undefined;
  const shift = nextLineNumber(previous) - 3;
  const sections = parsed.sections.map((section) => shiftSection(section, shift));
  const tail = parsed.tail === null ? null : { ...parsed.tail, line: parsed.tail.line + shift };
  return { ...previous, sections: [...previous.sections, ...sections], tail };
}

/** A minimal sealed discussion: what is added after it parses as it would at the end of any sealed discussion. */
const EXTENSION_PREFIX = '<!-- DISCUSSION -->\n---\n';

function shiftSection(section: Section, shift: number): Section {
  if (shift === 0) return section;
  if (section.kind === 'comment') {
    return {
      ...section,
      line: section.line + shift,
      textLine: section.textLine + shift,
      voteLine: section.voteLine === null ? null : section.voteLine + shift,
    };
  }
  return { ...section, line: section.line + shift, events: section.events.map((event) => ({ ...event, line: event.line + shift })) };
}

/** Parses one rendered comment record as the section it becomes at `line`. */
function commentSectionFromRecord(record: string, line: number): CommentSection {
  return sectionFromRecord(record, line) as CommentSection;
}

/** Parses one rendered record (a comment or events) as the section it becomes at `line`. */
function sectionFromRecord(record: string, line: number): Section {
  const parsed = parseDiscussion(EXTENSION_PREFIX + record).sections[0]!;
  return shiftSection(parsed, line - parsed.line);
}

/** Appends events (a phase change, a vote reset) to the text of a sealed discussion. */
export function appendEventsText(source: string, events: readonly NewEvent[]): string {
  const record = renderEvents(events);
  return source.endsWith('\n') ? source + record : `${source}\n${record}`;
}

/**
 * Sets header values, replacing existing keys in place (case-insensitive) and adding new
 * keys at the end of the header block. Only the header block changes.
 */
export function setHeadersText(source: string, headers: Readonly<Record<string, string>>): string {
  return setHeaders(parseDiscussion(source), source, headers).source;
}

/**
 * {@link setHeadersText} on a discussion already parsed from `source`, without parsing the
 * rest again: for a storage that keeps the parse of its text (a phase change sets the Phase
 * and Status headers). Returns the new text and what parsing it gives (a property test
 * checks the two agree); sections keep their identity unless header lines were added.
 */
export function setHeaders(discussion: Discussion, source: string, headers: Readonly<Record<string, string>>): { discussion: Discussion; source: string } {
  const lines = discussion.header.source.split('\n');
  // lines[0] is the DISCUSSION line; field i is on line fields[i].line (1-based).
  const fields = [...discussion.header.fields];
  const missing: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(headers)) {
    assertHeaderKey(key);
    const at = fields.findIndex((field) => field.key.toLowerCase() === key.toLowerCase());
    if (at === -1) {
      missing.push([key, value]);
      continue;
    }
    const field = fields[at]!;
    const rendered = renderHeaderLine(field.key, value).slice(0, -1);
    lines[field.line - 1] = rendered + (lines[field.line - 1]!.endsWith('\r') ? '\r' : '');
    fields[at] = { ...field, ...parseHeaderLine(rendered)! };
  }
  let header = lines.join('\n');
  if (missing.length > 0 && !header.endsWith('\n')) header += '\n';
  const firstAdded = header.split('\n').length;
  for (const [index, [key, value]] of missing.entries()) {
    const rendered = renderHeaderLine(key, value);
    header += rendered;
    fields.push({ ...parseHeaderLine(rendered.slice(0, -1))!, line: firstAdded + index });
  }
  const bom = discussion.bom ? '\uFEFF' : '';
  const text = bom + header + source.slice(bom.length + discussion.header.source.length);
  // A header that did not end with a line break, or a header line the added text joins,
  // changes how the following lines read: parse the whole text then.
  if (!discussion.header.source.endsWith('\n')) return { discussion: parseDiscussion(text), source: text };
  const shift = missing.length;
  const updated: Discussion = {
    ...discussion,
    header: { source: header, fields },
    preamble: { ...discussion.preamble, line: discussion.preamble.line + shift },
    sections: shift === 0 ? discussion.sections : discussion.sections.map((section) => shiftSection(section, shift)),
    tail: discussion.tail === null || shift === 0 ? discussion.tail : { ...discussion.tail, line: discussion.tail.line + shift },
  };
  return { discussion: updated, source: text };
}

export function findField(fields: readonly HeaderField[], key: string): HeaderField | undefined {
  const lower = key.toLowerCase();
  return fields.find((field) => field.key.toLowerCase() === lower);
}

/** A header value by key (case-insensitive), or null. */
export function headerValue(discussion: Discussion, key: string): string | null {
  return findField(discussion.header.fields, key)?.value ?? null;
}
