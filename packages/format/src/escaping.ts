import { isBlankLine, isDelimiterLine, isUsageLine, startsSection, voteOfLine, withoutLeadingBackslashes } from './line-kinds.js';

/*
 * The escaping rule (see README): Quorum puts a backslash in front of a line of text it
 * writes when that line, with any backslashes it already starts with removed, would carry
 * structure:
 *   - in a comment: a line starting with `---` (a `---` line would end the comment, and any
 *     line starting with `---` could be cut to one by a crash mid-write), a `VOTE:` line
 *     (it would be a vote the structured reply did not cast) or a `<!-- USAGE:` line (it
 *     would be the comment's usage record);
 *   - in the preamble: a `---` line whose next non-blank line opens a section (`Name:`,
 *     `<!-- PHASE-TRANSITION:`, `<!-- VOTE-RESET:`).
 * Reading removes exactly one backslash from such lines. Because "already starts with
 * backslashes" is part of the test, the rule is a bijection: every text reads back as
 * written, including text that itself starts with backslashes.
 */

function isStructuralInComment(line: string): boolean {
  return line.startsWith('---') || voteOfLine(line) !== undefined || isUsageLine(line);
}

export function escapeCommentLine(line: string): string {
  return isStructuralInComment(withoutLeadingBackslashes(line)) ? `\\${line}` : line;
}

export function unescapeCommentLine(line: string): string {
  return line.charCodeAt(0) === 92 && isStructuralInComment(withoutLeadingBackslashes(line)) ? line.slice(1) : line;
}

function opensSectionAfter(lines: readonly string[], i: number): boolean {
  let next = i + 1;
  while (next < lines.length && isBlankLine(lines[next]!)) next++;
  return next < lines.length && startsSection(lines[next]!);
}

/** Escapes preamble lines (the Markdown body); `lines` are split on `\n`. */
export function escapePreambleLines(lines: readonly string[]): string[] {
  return lines.map((line, i) =>
    isDelimiterLine(withoutLeadingBackslashes(line)) && opensSectionAfter(lines, i) ? `\\${line}` : line);
}

export function unescapePreambleLines(lines: readonly string[]): string[] {
  return lines.map((line, i) =>
    line.charCodeAt(0) === 92 && isDelimiterLine(withoutLeadingBackslashes(line)) && opensSectionAfter(lines, i) ? line.slice(1) : line);
}

/*
 * Header values live inside `<!-- Key: value -->` on one line. Encoding: `\` → `\\`,
 * line feed → `\n`, carriage return → `\r`, and `-->` → `--\>` so the comment cannot be
 * closed early. Decoding reverses it; an unknown escape is kept as written.
 */
export function encodeHeaderValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/-->/g, '--\\>');
}

export function decodeHeaderValue(encoded: string): string {
  if (!encoded.includes('\\')) return encoded;
  return encoded.replace(/\\([\\nr>])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));
}
