import type { Marker, MarkerDefinitionV1, MarkerSetV1 } from '@quorum/core';
import { splitCommentLines } from './comment-lines.js';
import type { CommentText } from './comment-text.js';
import { mentionsInLine } from './extract-mentions.js';

/**
 * A marker line: any indentation, blockquote marks and list bullets (`> `, `- `, `* `, `+ `,
 * `1. `, `1) `, and a task box `[ ]` or `[x]`), then the keyword (upper-case words joined by
 * `-`, `_` or a single space, as in `FINAL DESIGN`), optionally wrapped in
 * `**`, `__`, `*` or `_`, an optional `(argument)`, and a colon. The emphasis may also close
 * after the colon (`**Q:**`) or at the end of the line (`**Q: text**`).
 */
const MARKER_LINE = new RegExp(
  String.raw`^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))*[ \t]*(?:\[[ xX]\][ \t]+)?` +
    String.raw`(?<open>\*\*|__|\*|_)?(?<keyword>[A-Z][A-Z0-9]*(?:[-_ ][A-Z0-9]+)*)` +
    String.raw`(?:\((?<argument>[^()]*)\))?(?<close>\k<open>)?:(?<rest>.*)$`,
  's',
);

/**
 * Every marker in `comments`, in file order.
 *
 * A marker is `KEYWORD:` or `KEYWORD(argument):` at the start of a line (see the README
 * for what may stand before it). Keywords are matched case-sensitively. Lines of fenced code
 * blocks are never markers; a line starting with an inline code span is not one either. The
 * definition's argument rules apply: a keyword whose definition declares no argument takes
 * none, `values` are matched case-insensitively and reported as declared, and `required`
 * makes a bare keyword an ordinary line.
 *
 * When several marker sets declare the same keyword, the first set (in the order given)
 * wins, as does the first definition within a set.
 *
 * @param comments the discussion's comments in file order; a marker's `comment` is the
 *   index of its comment in this list, plus `firstIndex`.
 * @param firstIndex the index of `comments[0]` among the discussion's comments, for a host
 *   that reads a discussion a few comments at a time (default 0).
 */
export function extractMarkers(comments: readonly CommentText[], markerSets: readonly MarkerSetV1[], firstIndex = 0): Marker[] {
  const definitions = definitionsByKeyword(markerSets);
  // Plain loops: this runs for every comment a run appends, and flatMap costs several times more.
  const markers: Marker[] = [];
  for (let index = 0; index < comments.length; index++) {
    const comment = comments[index]!;
    for (const line of splitCommentLines(comment.text)) {
      // Every marker line has a colon; most lines have none.
      if (line.code || !line.text.includes(':')) continue;
      const found = matchMarker(line.text, definitions);
      if (found === undefined) continue;
      const { type, keyword, argument, text } = found;
      // Spelt out: V8 (Node 20) builds `{ ...found, author, … }` about a hundred times slower.
      markers.push({ type, keyword, argument, text, author: comment.author, comment: firstIndex + index, line: comment.textLine + line.index, mentions: mentionsInLine(line.text) });
    }
  }
  return markers;
}

/** The definitions of the marker sets a host passes, by keyword; hosts pass the same array for every comment. */
const definitionsOf = new WeakMap<readonly MarkerSetV1[], Map<string, MarkerDefinitionV1>>();

function definitionsByKeyword(markerSets: readonly MarkerSetV1[]): Map<string, MarkerDefinitionV1> {
  const known = definitionsOf.get(markerSets);
  if (known !== undefined) return known;
  const definitions = new Map<string, MarkerDefinitionV1>();
  definitionsOf.set(markerSets, definitions);
  for (const set of markerSets) {
    for (const definition of set.markers) {
      for (const keyword of definition.keywords) {
        if (!definitions.has(keyword)) definitions.set(keyword, definition);
      }
    }
  }
  return definitions;
}

type MatchedMarker = Pick<Marker, 'type' | 'keyword' | 'argument' | 'text'>;

function matchMarker(line: string, definitions: ReadonlyMap<string, MarkerDefinitionV1>): MatchedMarker | undefined {
  const groups = MARKER_LINE.exec(line)?.groups;
  if (groups?.keyword === undefined || groups.rest === undefined) return undefined;
  const definition = definitions.get(groups.keyword);
  if (definition === undefined) return undefined;
  const argument = acceptArgument(definition, groups.argument?.trim() || null);
  if (argument === undefined) return undefined;
  return { type: definition.type, keyword: groups.keyword, argument, text: markerText(groups.rest, groups.open, groups.close) };
}

/** The argument to report (null for none), or undefined when the definition's rules make the line ordinary. */
function acceptArgument(definition: MarkerDefinitionV1, argument: string | null): string | null | undefined {
  const rule = definition.argument;
  if (rule === undefined) return argument === null ? null : undefined;
  if (argument === null) return rule.required === true ? undefined : null;
  if (rule.values === undefined) return argument;
  return rule.values.find((value) => value.toLowerCase() === argument.toLowerCase());
}

/** The rest of the line, trimmed, without the emphasis that closes a keyword opened with it. */
function markerText(rest: string, open: string | undefined, close: string | undefined): string {
  const text = rest.trim();
  if (open === undefined || close !== undefined) return text;
  if (text.startsWith(open)) return text.slice(open.length).trim();
  if (text.endsWith(open)) return text.slice(0, -open.length).trim();
  return text;
}
