import { removeCodeSpans } from './code-spans.js';
import { splitCommentLines } from './comment-lines.js';
import type { CommentText } from './comment-text.js';

/** One `@alias` found on one line of a comment. */
export interface Mention {
  /** The alias, lower-cased, without the `@`: `architect`, `all`. */
  readonly alias: string;
  /** 1-based file line the mention is on. */
  readonly line: number;
}

/**
 * `@` then a letter, then letters, digits, `_` and `-`. The `@` must not follow a letter,
 * digit, `.`, `_`, `+` or `-` (that is an e-mail address), and the alias must not run on
 * into `/` and a letter or digit (that is a package scope or a path: `@quorum/core`).
 */
const MENTION = /(?<![A-Za-z0-9._+-])@([A-Za-z][A-Za-z0-9_-]*)(?![A-Za-z0-9_-]|\/[A-Za-z0-9])/g;

/**
 * The aliases mentioned on one line of prose (not code): lower-cased, trailing `-` and `_`
 * dropped (`@rob-` mentions `rob`), in order of appearance, each once.
 */
export function mentionsInLine(line: string): string[] {
  if (!line.includes('@')) return [];
  const aliases = new Set<string>();
  for (const match of removeCodeSpans(line).matchAll(MENTION)) {
    aliases.add((match[1] ?? '').replace(/[-_]+$/, '').toLowerCase());
  }
  return [...aliases];
}

/**
 * Every alias `text` mentions with `@alias`, lower-cased, once each, in order of first
 * appearance. Mentions inside fenced code blocks, inline code spans and e-mail addresses
 * do not count; `@all` gives `all`.
 */
export function extractMentions(text: string): string[] {
  const aliases = new Set<string>();
  for (const line of splitCommentLines(text)) {
    if (!line.code) for (const alias of mentionsInLine(line.text)) aliases.add(alias);
  }
  return [...aliases];
}

/**
 * The mentions of one comment with the file line of each, in order; an alias mentioned
 * twice on a line is listed once for that line. Same rules as {@link extractMentions}.
 */
export function extractCommentMentions(comment: CommentText): Mention[] {
  const mentions: Mention[] = [];
  for (const line of splitCommentLines(comment.text)) {
    if (line.code) continue;
    for (const alias of mentionsInLine(line.text)) mentions.push({ alias, line: comment.textLine + line.index });
  }
  return mentions;
}
