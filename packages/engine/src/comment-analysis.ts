import type { CommentSection, Marker, MarkerSetV1 } from '@quorum/core';
import { extractCommentMentions, extractMarkers, summarizeMarkers, type MarkerSummary } from '@quorum/markers';

/**
 * Markers and mentions of comments, worked out once per comment. A run looks at the whole
 * discussion after every round (facts, open questions, routing); without this, each round
 * would scan every earlier comment again and a long discussion would cost the square of its
 * length. Comments are keyed by object, so storages that keep parsed sections across loads
 * (the memory storage, the file storage's parse cache) get the most from it.
 */
export class CommentAnalysis {
  private readonly markers = new WeakMap<CommentSection, readonly Marker[]>();
  private readonly mentions = new WeakMap<CommentSection, readonly string[]>();
  private lastMarkers:
    | { readonly count: number; readonly firstComment: CommentSection | undefined; readonly lastComment: CommentSection | undefined; readonly markers: readonly Marker[] }
    | undefined;
  private lastSummary: { readonly last: CommentSection | undefined; readonly count: number; readonly summary: MarkerSummary } | undefined;

  constructor(private readonly markerSets: readonly MarkerSetV1[]) {}

  /** Every marker of `comments` in order; `comment` is the index in this list, as `extractMarkers` gives it. */
  markersOf(comments: readonly CommentSection[]): Marker[] {
    // Rounds add comments at the end: extend the last result when the comments start with its ones.
    const last = this.lastMarkers;
    const reuse = last !== undefined && last.count > 0 && last.count <= comments.length && comments[last.count - 1] === last.lastComment && comments[0] === last.firstComment;
    const all: Marker[] = reuse ? [...last.markers] : [];
    const from = reuse ? last.count : 0;
    comments.slice(from).forEach((comment, offset) => {
      const index = from + offset;
      let found = this.markers.get(comment);
      if (found === undefined) {
        found = extractMarkers([comment], this.markerSets);
        this.markers.set(comment, found);
      }
      for (const marker of found) all.push(marker.comment === index ? marker : { ...marker, comment: index });
    });
    this.lastMarkers = { count: comments.length, firstComment: comments[0], lastComment: comments.at(-1), markers: all };
    return all;
  }

  /**
   * `summarizeMarkers` of the comments' markers. The last result is kept: a round asks for
   * the summary of the same comments more than once (open questions, facts).
   */
  summaryOf(comments: readonly CommentSection[]): MarkerSummary {
    const last = comments.at(-1);
    const cached = this.lastSummary;
    if (cached !== undefined && cached.count === comments.length && cached.last === last) return cached.summary;
    const summary = summarizeMarkers(this.markersOf(comments));
    this.lastSummary = { last, count: comments.length, summary };
    return summary;
  }

  /** The aliases a comment @mentions, lower-cased, once each (`all` for @all). */
  mentionsOf(comment: CommentSection): readonly string[] {
    let found = this.mentions.get(comment);
    if (found === undefined) {
      found = [...new Set(extractCommentMentions(comment).map((m) => m.alias))];
      this.mentions.set(comment, found);
    }
    return found;
  }
}
