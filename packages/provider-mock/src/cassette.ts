import type { UsageV1 } from '@quorum/core';

/**
 * A recording of provider replies, replayed by the scripted provider. Stored as JSON:
 * `{ "version": 1, "entries": [...] }`, entries in the order they were recorded.
 */
export interface Cassette {
  readonly version: 1;
  readonly entries: readonly CassetteEntry[];
}

/**
 * One recorded reply. The match fields (`persona`, `phase`, `round`) that are present must all
 * equal the request's for the entry to be used; an entry without them matches any request,
 * in order. `provider` and `model` only say what was asked when it was recorded.
 */
export interface CassetteEntry {
  /** The persona's alias (`security`). */
  readonly persona?: string;
  /** The phase id (`initial_feedback`). */
  readonly phase?: string;
  /** The round in that phase, 1-based. */
  readonly round?: number;
  /** The provider that answered when it was recorded (`anthropic`). */
  readonly provider?: string;
  /** The model that was asked for when it was recorded. */
  readonly model?: string;
  readonly reply: CassetteReply;
}

/** The recorded answer: the raw text, and the usage and model as the provider reported them. */
export interface CassetteReply {
  readonly text: string;
  readonly usage?: UsageV1;
  readonly model?: string;
}

/** The current cassette format version. */
export const CASSETTE_VERSION = 1;
