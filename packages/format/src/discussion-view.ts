import { HEADER_KEYS, type CommentSection, type Discussion, type DiscussionEvent, type HeaderField } from '@quorum/core';
import { findField } from './operations.js';

/** Comments and events in file order, each with its 0-based comment index where it has one. */
export type TimelineEntry =
  | { readonly kind: 'comment'; readonly index: number; readonly comment: CommentSection }
  | { readonly kind: 'event'; readonly event: DiscussionEvent };

/** What a discussion's header block says: the well-known values, and every header by key. */
export interface HeaderSummary {
  readonly title: string | null;
  readonly phase: string | null;
  readonly status: string | null;
  readonly template: string | null;
  readonly created: string | null;
  /** The Participants header split on commas. */
  readonly participants: string[];
  readonly headers: Record<string, string>;
}

/** The summary of a header block's fields: what a storage's `list` reports for each discussion. */
export function headerSummary(fields: readonly HeaderField[]): HeaderSummary {
  const headers: Record<string, string> = {};
  for (const field of fields) headers[field.key] = field.value;
  const value = (key: string) => findField(fields, key)?.value ?? null;
  return {
    title: value(HEADER_KEYS.title),
    phase: value(HEADER_KEYS.phase),
    status: value(HEADER_KEYS.status),
    template: value(HEADER_KEYS.template),
    created: value(HEADER_KEYS.created),
    participants: splitList(value(HEADER_KEYS.participants)),
    headers,
  };
}

/** The parts of a discussion most callers need, read once. */
export interface DiscussionView extends HeaderSummary {
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
  return { ...headerSummary(discussion.header.fields), comments, timeline };
}

/** `a, b ,c` → `['a', 'b', 'c']`. */
export function splitList(value: string | null): string[] {
  if (value === null) return [];
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
