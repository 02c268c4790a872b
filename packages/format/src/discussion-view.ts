import { HEADER_KEYS, type CommentSection, type Discussion, type DiscussionEvent } from '@quorum/core';
import { headerValue } from './operations.js';

/** Comments and events in file order, each with its 0-based comment index where it has one. */
export type TimelineEntry =
  | { readonly kind: 'comment'; readonly index: number; readonly comment: CommentSection }
  | { readonly kind: 'event'; readonly event: DiscussionEvent };

/** The parts of a discussion most callers need, read once. */
export interface DiscussionView {
  readonly title: string | null;
  readonly phase: string | null;
  readonly status: string | null;
  readonly template: string | null;
  readonly created: string | null;
  /** The Participants header split on commas. */
  readonly participants: string[];
  readonly headers: Record<string, string>;
  readonly comments: CommentSection[];
  readonly timeline: TimelineEntry[];
}

export function discussionView(discussion: Discussion): DiscussionView {
  const comments: CommentSection[] = [];
  const timeline: TimelineEntry[] = [];
  for (const section of discussion.sections) {
    if (section.kind === 'comment') {
      timeline.push({ kind: 'comment', index: comments.length, comment: section });
      comments.push(section);
    } else {
      for (const event of section.events) timeline.push({ kind: 'event', event });
    }
  }
  const headers: Record<string, string> = {};
  for (const field of discussion.header.fields) headers[field.key] = field.value;
  return {
    title: headerValue(discussion, HEADER_KEYS.title),
    phase: headerValue(discussion, HEADER_KEYS.phase),
    status: headerValue(discussion, HEADER_KEYS.status),
    template: headerValue(discussion, HEADER_KEYS.template),
    created: headerValue(discussion, HEADER_KEYS.created),
    participants: splitList(headerValue(discussion, HEADER_KEYS.participants)),
    headers,
    comments,
    timeline,
  };
}

/** `a, b ,c` → `['a', 'b', 'c']`. */
export function splitList(value: string | null): string[] {
  if (value === null) return [];
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
