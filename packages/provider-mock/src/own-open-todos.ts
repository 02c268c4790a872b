import type { TurnDescriptionV1 } from '@quorum/core';

const TODO_LINE = /^[ \t>]*(?:[-*+][ \t]+|\d+[.)][ \t]+)?(?:\[[ xX]\][ \t]+)?(?:\*\*|__)?(?:TODO|ACTION)(?:\*\*|__)?[ \t]*:/;
const DONE_REFERENCE = /^[ \t>]*(?:[-*+][ \t]+|\d+[.)][ \t]+)?(?:\[[ xX]\][ \t]+)?(?:\*\*|__)?DONE\((T\d+)\)/;
const FENCE = /^[ \t>]*(?:[-*+][ \t]+)?(```|~~~)/;

/** The lines of a comment outside fenced code (a fence closes with the same marker it opened with). */
export function* linesOutsideFences(text: string): Generator<string> {
  let fence: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch !== null) {
      const marker = fenceMatch[1] ?? '';
      if (fence === undefined) fence = marker;
      else if (marker === fence) fence = undefined;
      continue;
    }
    if (fence === undefined) yield line;
  }
}

/**
 * The ids (`T3`) of the action items `author` wrote that no `DONE(Tn):` has closed yet,
 * numbered as the markers package numbers them: every `TODO:`/`ACTION:` line outside fenced
 * code, in file order. A simulated persona closes its own items in phases that ask for
 * `DONE(T<n>):` lines (a review's follow-up, an implementation).
 */
export function ownOpenTodoIds(comments: TurnDescriptionV1['comments'], author: string): string[] {
  const own: string[] = [];
  const done = new Set<string>();
  let count = 0;
  for (const comment of comments) {
    for (const line of linesOutsideFences(comment.text)) {
      if (TODO_LINE.test(line)) {
        count += 1;
        if (comment.author === author) own.push(`T${count}`);
      }
      const closed = DONE_REFERENCE.exec(line);
      if (closed?.[1] !== undefined) done.add(closed[1]);
    }
  }
  return own.filter((id) => !done.has(id));
}
