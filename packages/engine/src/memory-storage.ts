import {
  AlreadyExistsError,
  ConflictError,
  NotFoundError,
  type AppendEntry,
  type Discussion,
  type DiscussionStorageV1,
  type DiscussionSummary,
  type LoadedDiscussion,
  type NewComment,
  type NewEvent,
} from '@quorum/core';
import {
  appendComment,
  appendEntries,
  appendEvents,
  appendEventsText,
  findField,
  headerSummary,
  isSealed,
  parseDiscussion,
  serializeDiscussion,
  setHeaders,
  setHeadersText,
} from '@quorum/format';

/**
 * Discussions kept in memory, for tests, benchmarks and scripted workflows that write
 * files only at the end. Appends and header changes update the parsed discussion without
 * parsing it again, so an append costs the size of the comment here too. Same semantics as the file storage
 * (compare-and-set on phase changes, `create` never replaces), without durability.
 */
export class MemoryStorage implements DiscussionStorageV1 {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'memory';
  private readonly discussions = new Map<string, { source: string; discussion: Discussion }>();

  async create(name: string, markdown: string): Promise<{ id: string; location: string }> {
    if (this.discussions.has(name)) throw new AlreadyExistsError(`${name} already exists; choose another name`);
    this.discussions.set(name, { source: markdown, discussion: parseDiscussion(markdown, { file: name }) });
    return { id: name, location: `memory:${name}` };
  }

  async load(id: string): Promise<LoadedDiscussion> {
    const entry = this.entry(id);
    return { id, location: `memory:${id}`, discussion: entry.discussion, source: entry.source };
  }

  async appendComment(id: string, comment: NewComment): Promise<void> {
    const entry = this.entry(id);
    const { discussion, appended } = appendComment(entry.discussion, comment);
    this.discussions.set(id, { source: entry.source + appended, discussion });
  }

  async appendBatch(id: string, entries: readonly AppendEntry[]): Promise<void> {
    const entry = this.entry(id);
    if (entries.length === 0) return;
    const { discussion, appended } = appendEntries(entry.discussion, entries);
    this.discussions.set(id, { source: entry.source + appended, discussion });
  }

  async appendEvents(
    id: string,
    events: readonly NewEvent[],
    headers: Readonly<Record<string, string>> = {},
    expected: Readonly<Record<string, string>> = {},
  ): Promise<void> {
    const entry = this.entry(id);
    for (const [key, value] of Object.entries(expected)) {
      const actual = findField(entry.discussion.header.fields, key)?.value ?? null;
      if (actual !== value) throw new ConflictError(`${id} changed meanwhile: its ${key} is now ${actual ?? '(none)'}, not ${value}`);
    }
    if (!isSealed(entry.discussion)) {
      this.replace(id, setHeadersText(appendEventsText(entry.source, events), headers));
      return;
    }
    const updated = setHeaders(entry.discussion, entry.source, headers);
    const { discussion, appended } = appendEvents(updated.discussion, events);
    this.discussions.set(id, { source: updated.source + appended, discussion });
  }

  async updateHeaders(id: string, headers: Readonly<Record<string, string>>): Promise<void> {
    const entry = this.entry(id);
    this.discussions.set(id, setHeaders(entry.discussion, entry.source, headers));
  }

  async list(): Promise<DiscussionSummary[]> {
    return [...this.discussions.keys()].sort().map((id) => ({
      id,
      location: `memory:${id}`,
      ...headerSummary(this.entry(id).discussion.header.fields),
      updated: null,
    }));
  }

  /** The exact Markdown of a discussion. */
  text(id: string): string {
    return serializeDiscussion(this.entry(id).discussion);
  }

  private replace(id: string, source: string): void {
    this.discussions.set(id, { source, discussion: parseDiscussion(source, { file: id }) });
  }

  private entry(id: string): { source: string; discussion: Discussion } {
    const entry = this.discussions.get(id);
    if (entry === undefined) throw new NotFoundError(`there is no discussion ${id}`);
    return entry;
  }
}
