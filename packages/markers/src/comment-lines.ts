/**
 * Splitting a comment into lines and telling prose from fenced code: the one place that
 * knows where markers and mentions may appear.
 */

/** One line of a comment. */
export interface CommentLine {
  /** The line without its line break (a trailing `\r` is removed). */
  readonly text: string;
  /** 0-based index of the line within the comment text. */
  readonly index: number;
  /** True for the lines of a fenced code block, its fences included. */
  readonly code: boolean;
}

/**
 * Block containers that may stand before a fence: indentation, blockquote marks and list
 * bullets (`> `, `- `, `* `, `+ `, `1. `, `1) `), in any number.
 */
const CONTAINER_PREFIX = /^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))*[ \t]*/;
const OPENING_FENCE = /^(`{3,}|~{3,})(.*)$/;
const CLOSING_FENCE = /^(`{3,}|~{3,})[ \t]*$/;

/**
 * The lines of `text` (split on `\n`), each marked as code or prose.
 *
 * A fenced code block opens with a line of at least three backticks or tildes (after any
 * indentation, blockquote marks or list bullets; a backtick fence's info string may not
 * contain a backtick) and closes with a line holding only the same character, repeated at
 * least as many times (the CommonMark rule). A fence left open runs to the end of the text.
 */
export function splitCommentLines(text: string): readonly CommentLine[] {
  // Marker and mention extraction read the same comment one after the other: split it once.
  if (text === last.text) return last.lines;
  const lines: CommentLine[] = [];
  let fence: string | null = null;
  const raws = text.split('\n');
  for (let index = 0; index < raws.length; index++) {
    const raw = raws[index]!;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (fence !== null) {
      // A closing fence holds the opening one's characters at least as many times.
      if (line.includes(fence)) {
        const closing = CLOSING_FENCE.exec(line.replace(CONTAINER_PREFIX, ''));
        if (closing?.[1] !== undefined && closing[1][0] === fence[0] && closing[1].length >= fence.length) fence = null;
      }
      lines.push({ text: line, index, code: true });
      continue;
    }
    const opening = line.includes('```') || line.includes('~~~') ? OPENING_FENCE.exec(line.replace(CONTAINER_PREFIX, '')) : null;
    if (opening?.[1] !== undefined && !(opening[1][0] === '`' && opening[2]?.includes('`'))) {
      fence = opening[1];
      lines.push({ text: line, index, code: true });
      continue;
    }
    lines.push({ text: line, index, code: false });
  }
  last = { text, lines };
  return lines;
}

let last: { text: string; lines: readonly CommentLine[] } = { text: '', lines: [{ text: '', index: 0, code: false }] };
