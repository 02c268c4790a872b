import { InvalidInputError } from '@quorum/core';
import { decodeHeaderValue, encodeHeaderValue } from './escaping.js';
import { withoutCarriageReturn } from './line-kinds.js';

const DISCUSSION_LINE = /^<!--\s*DISCUSSION\s*-->\s*$/;
/** The exact form Quorum writes: one space after the colon, one before `-->`; the value is kept as is. */
const CANONICAL_HEADER = /^<!-- ([A-Za-z][A-Za-z0-9_-]*): (.*) -->$/s;
/** Hand-written forms with other spacing; the value is trimmed. */
const LOOSE_HEADER = /^<!--\s*([A-Za-z][A-Za-z0-9_-]*)\s*:(.*?)-->\s*$/s;
const HEADER_KEY = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Keys that are events, not headers; they never appear in the header block. */
export const RESERVED_KEYS = new Set(['phase-transition', 'vote-reset', 'round', 'no-response', 'participant-failed', 'usage']);

export function isDiscussionLine(line: string): boolean {
  return DISCUSSION_LINE.test(withoutCarriageReturn(line));
}

export function parseHeaderLine(line: string): { key: string; value: string } | undefined {
  const content = withoutCarriageReturn(line);
  const canonical = CANONICAL_HEADER.exec(content);
  if (canonical) return { key: canonical[1]!, value: decodeHeaderValue(canonical[2]!) };
  const loose = LOOSE_HEADER.exec(content);
  if (loose) return { key: loose[1]!, value: decodeHeaderValue(loose[2]!.trim()) };
  return undefined;
}

export function assertHeaderKey(key: string): void {
  if (!HEADER_KEY.test(key) || RESERVED_KEYS.has(key.toLowerCase())) {
    throw new InvalidInputError(
      `"${key}" cannot be a header key; use a letter followed by letters, digits, "-" or "_" (and not PHASE-TRANSITION or VOTE-RESET)`,
    );
  }
}

export function renderHeaderLine(key: string, value: string): string {
  assertHeaderKey(key);
  return `<!-- ${key}: ${encodeHeaderValue(value)} -->\n`;
}

export const DISCUSSION_MARKER_LINE = '<!-- DISCUSSION -->\n';
