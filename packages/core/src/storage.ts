import type { JsonSchema } from './json-schema.js';
import type { Discussion, DiscussionSummary, NewComment, NewEvent } from './discussion.js';

/** A discussion that was read, with anything a person should know about it. */
export interface LoadedDiscussion {
  readonly id: string;
  readonly location: string;
  readonly discussion: Discussion;
  /** Exact Markdown text of the discussion. */
  readonly source: string;
}

/** One entry of {@link DiscussionStorageV1.appendBatch}: a comment, or events that change no header. */
export type AppendEntry = { readonly comment: NewComment } | { readonly events: readonly NewEvent[] };

/**
 * Where discussions live. Every write keeps the append-only property (earlier text stays a
 * prefix of later text, except header values) and is safe against concurrent writers and
 * crashes: after a crash a discussion reads as it was before the interrupted write or after
 * it, and the next write repairs it.
 */
export interface DiscussionStorageV1 {
  readonly specificationVersion: 'v1';
  readonly name: string;
  /** Stores a new discussion under `name` (e.g. `add-rate-limiting.md`); fails when it exists. */
  create(name: string, markdown: string): Promise<{ readonly id: string; readonly location: string }>;
  load(id: string): Promise<LoadedDiscussion>;
  /** Appends one comment; costs the size of the comment, not of the discussion. */
  appendComment(id: string, comment: NewComment): Promise<void>;
  /**
   * Optional: appends comments and header-less events in order as one write, all of them or
   * none (a crash leaves the discussion as it was before the batch or after it). The engine
   * uses it for the replies of a round that are ready together; without it, it appends them
   * one by one.
   */
  appendBatch?(id: string, entries: readonly AppendEntry[]): Promise<void>;
  /**
   * Appends events and sets header values in one atomic step (a phase change). With
   * `expected`, the write happens only if those header values are still what the caller read
   * (compared under the storage's lock); otherwise a {@link ConflictError} is thrown and
   * nothing is written, so two processes cannot both move a discussion out of one phase.
   */
  appendEvents(
    id: string,
    events: readonly NewEvent[],
    headers?: Readonly<Record<string, string>>,
    expected?: Readonly<Record<string, string>>,
  ): Promise<void>;
  /** Sets header values; other header keys and the body are kept. */
  updateHeaders(id: string, headers: Readonly<Record<string, string>>): Promise<void>;
  /** Every discussion with its header values, sorted by id. */
  list(): Promise<DiscussionSummary[]>;
}

/** How a storage plugin is instantiated from config. */
export interface StorageFactoryV1 {
  readonly specificationVersion: 'v1';
  /** Name used in config: `storage: { backend: file }`. */
  readonly name: string;
  readonly optionsSchema: JsonSchema;
  create(options: Record<string, unknown>, context: StorageContext): DiscussionStorageV1;
}

export interface StorageContext {
  /** The project directory (where the config file is), absolute. */
  readonly projectDir: string;
}

export const STORAGE_SPECIFICATION_VERSION = 'v1' as const;
