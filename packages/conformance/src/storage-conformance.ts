import fc from 'fast-check';
import {
  QuorumError,
  type AppendEntry,
  type CommentSection,
  type DiscussionStorageV1,
  type LoadedDiscussion,
  type NewComment,
  type NewEvent,
} from '@quorum/core';
import { renderNewDiscussion } from '@quorum/format';
import { assert, registerChecks, type CheckContext, type ConformanceCheck } from './conformance-check.js';

/** What a storage factory gives the suite: a fresh, empty storage, and how to remove it. */
export interface StorageHarness {
  readonly storage: DiscussionStorageV1;
  /** Removes what the storage wrote (a temporary directory, a database file). */
  cleanup?(): Promise<void>;
  /**
   * Optional: leaves the discussion exactly as a writer killed in the middle of
   * `appendComment(id, comment)` would, with only the first `fraction` (0 ≤ fraction < 1) of
   * the append's bytes written. Storages that can be interrupted between bytes (files)
   * provide it; the torn-write check is skipped without it.
   */
  simulateTornAppend?(id: string, comment: NewComment, fraction: number): Promise<void>;
  /**
   * Optional: another storage over the same data, opened as a second process would open it
   * (a second instance on the same folder or database file, sharing no memory with the
   * first). With it, the suite checks that writers which do not share a process are
   * serialised too: concurrent appends and compare-and-set phase changes split between the
   * two. A storage that cannot be opened twice (one in memory) leaves it out, and those
   * checks are skipped.
   */
  openAnother?(): Promise<DiscussionStorageV1>;
}

export type CreateStorage = () => Promise<StorageHarness>;

/** A small, valid discussion in the file format, created fresh for each check. */
function newDiscussionMarkdown(title = 'Add rate limiting'): string {
  return renderNewDiscussion({
    title,
    phase: 'initial_feedback',
    created: '2026-11-21T09:00:00.000Z',
    participants: ['architect', 'security'],
    context: 'Protect the public API.',
  });
}

/** Comment texts that try to look like structure: delimiters, fake names, votes, headers. */
const trickyLine = fc.oneof(
  fc.constantFrom('---', 'Name: AI-Eve', 'VOTE: READY', '<!-- Phase: done -->', '<!-- PHASE-TRANSITION: a -> b -->', '', '  indented', 'ünïcødé ✓', '\\---'),
  fc.string({ maxLength: 20 }).filter((line) => !/[\r\n\u2028\u2029]/.test(line)),
);
/** Comment text that some line of is not blank (a storage may refuse an empty comment). */
const commentTextArbitrary: fc.Arbitrary<string> = fc
  .array(trickyLine, { minLength: 1, maxLength: 5 })
  .map((lines) => lines.join('\n'))
  .filter((text) => text.trim() !== '');
const newCommentArbitrary: fc.Arbitrary<NewComment> = fc.record({
  author: fc.constantFrom('AI-Architect', 'AI-Security', 'Rob'),
  text: commentTextArbitrary,
  vote: fc.constantFrom(null, 'READY' as const, 'CHANGES' as const, 'REJECT' as const),
});
const newEventArbitrary: fc.Arbitrary<NewEvent> = fc.oneof(
  fc.record({ kind: fc.constant('vote-reset' as const), phase: fc.constantFrom('review', 'initial_feedback') }),
  fc.record({ kind: fc.constant('no-response' as const), participant: fc.constantFrom('architect', 'security') }),
);

type Operation =
  | { readonly kind: 'comment'; readonly comment: NewComment }
  | { readonly kind: 'events'; readonly events: readonly NewEvent[]; readonly phase: string | null }
  | { readonly kind: 'headers'; readonly status: string }
  | { readonly kind: 'batch'; readonly comments: readonly NewComment[] };

const operationArbitrary: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('comment' as const), comment: newCommentArbitrary }),
  fc.record({
    kind: fc.constant('events' as const),
    events: fc.array(newEventArbitrary, { minLength: 1, maxLength: 2 }),
    phase: fc.constantFrom(null, 'review', 'design'),
  }),
  fc.record({ kind: fc.constant('headers' as const), status: fc.constantFrom('OPEN', 'CLOSED', 'ACCEPTED') }),
  fc.record({ kind: fc.constant('batch' as const), comments: fc.array(newCommentArbitrary, { minLength: 1, maxLength: 3 }) }),
);

type CommentView = [author: string, text: string, vote: string | null];

function commentsOf(loaded: LoadedDiscussion): CommentView[] {
  return loaded.discussion.sections
    .filter((section): section is CommentSection => section.kind === 'comment')
    .map((comment) => [comment.author, comment.text, comment.vote]);
}

function viewOf(comment: NewComment): CommentView {
  return [comment.author, comment.text, comment.vote ?? null];
}

function headerOf(loaded: LoadedDiscussion, key: string): string | undefined {
  return loaded.discussion.header.fields.find((field) => field.key === key)?.value;
}

/** The text after the header block: what must only ever grow. */
function bodyOf(loaded: LoadedDiscussion): string {
  return loaded.source.slice(loaded.discussion.header.source.length);
}

function same(actual: unknown, expected: unknown): boolean {
  return JSON.stringify(actual) === JSON.stringify(expected);
}

function describeValue(value: unknown): string {
  return JSON.stringify(value)?.slice(0, 400) ?? String(value);
}

async function rejection(promise: Promise<unknown>, what: string): Promise<unknown> {
  return promise.then(
    () => {
      assert(false, `${what} succeeded, but it must fail`);
    },
    (error: unknown) => error,
  );
}

async function withStorage(createStorage: CreateStorage, body: (harness: StorageHarness) => Promise<void>): Promise<void> {
  const harness = await createStorage();
  try {
    await body(harness);
  } finally {
    await harness.cleanup?.();
  }
}

/**
 * Runs `body` with the harness's storage, a second one over the same data (`openAnother`) and
 * a new discussion created through the first; skips the check when there is no second one.
 */
async function withTwoStorages(
  createStorage: CreateStorage,
  context: CheckContext,
  body: (storage: DiscussionStorageV1, other: DiscussionStorageV1, id: string) => Promise<void>,
): Promise<void> {
  await withStorage(createStorage, async ({ storage, openAnother }) => {
    if (openAnother === undefined) return context.skip('this storage cannot be opened a second time over the same data (no openAnother)');
    const other = await openAnother();
    const { id } = await storage.create(uniqueName(), newDiscussionMarkdown());
    await body(storage, other, id);
  });
}

let counter = 0;
/** A discussion name no earlier check used (storages may be shared by a factory). */
function uniqueName(): string {
  counter += 1;
  return `conformance-${counter}-${Math.random().toString(36).slice(2, 8)}.md`;
}

async function applyOperation(storage: DiscussionStorageV1, id: string, operation: Operation): Promise<void> {
  switch (operation.kind) {
    case 'comment':
      return storage.appendComment(id, operation.comment);
    case 'events':
      return storage.appendEvents(id, operation.events, operation.phase === null ? undefined : { Phase: operation.phase });
    case 'headers':
      return storage.updateHeaders(id, { Status: operation.status });
    case 'batch':
      if (storage.appendBatch === undefined) {
        for (const comment of operation.comments) await storage.appendComment(id, comment);
        return;
      }
      return storage.appendBatch(id, operation.comments.map((comment) => ({ comment })));
  }
}

/**
 * The checks of {@link storageConformance}, as plain functions (each creates its own storage
 * through `createStorage` and cleans it up).
 */
export function storageChecks(createStorage: CreateStorage, options: { readonly numRuns?: number } = {}): ConformanceCheck[] {
  const numRuns = options.numRuns ?? 25;
  return [
    {
      name: 'create stores the Markdown as given, and load reads it back with its id',
      run: () =>
        withStorage(createStorage, async ({ storage }) => {
          assert(storage.specificationVersion === 'v1', `specificationVersion is ${describeValue(storage.specificationVersion)}, not "v1"`);
          const markdown = newDiscussionMarkdown();
          const name = uniqueName();
          const created = await storage.create(name, markdown);
          assert(typeof created.id === 'string' && created.id !== '', 'create returned no id');
          assert(typeof created.location === 'string' && created.location !== '', 'create returned no location');
          const loaded = await storage.load(created.id);
          assert(loaded.id === created.id, `load gave the id ${describeValue(loaded.id)}, create gave ${describeValue(created.id)}`);
          assert(loaded.source === markdown, `load gave other text than create stored: ${describeValue(loaded.source)}`);
          assert(headerOf(loaded, 'Title') === 'Add rate limiting', 'the loaded discussion has lost its Title header');
        }),
    },
    {
      name: 'create never replaces an existing discussion',
      run: () =>
        withStorage(createStorage, async ({ storage }) => {
          const name = uniqueName();
          const { id } = await storage.create(name, newDiscussionMarkdown('First'));
          await storage.appendComment(id, { author: 'Rob', text: 'Keep me.' });
          const before = (await storage.load(id)).source;
          const error = await rejection(storage.create(name, newDiscussionMarkdown('Second')), 'creating a discussion whose name is taken');
          assert(error instanceof QuorumError && error.code === 'ALREADY_EXISTS', `creating over an existing discussion threw ${describeValue(String(error))}, not an AlreadyExistsError`);
          assert((await storage.load(id)).source === before, 'creating over an existing discussion changed it');
        }),
    },
    {
      name: 'load of an unknown id fails with a NotFoundError',
      run: () =>
        withStorage(createStorage, async ({ storage }) => {
          const error = await rejection(storage.load(uniqueName()), 'loading a discussion that was never created');
          assert(error instanceof QuorumError && error.code === 'NOT_FOUND', `loading an unknown id threw ${describeValue(String(error))}, not a NotFoundError`);
        }),
    },
    {
      name: 'appends and header updates of an unknown id fail with a NotFoundError and create nothing',
      run: () =>
        withStorage(createStorage, async ({ storage }) => {
          const id = uniqueName();
          const attempts: [string, () => Promise<unknown>][] = [
            ['appendComment to', () => storage.appendComment(id, { author: 'Rob', text: 'Hello?' })],
            ['appendEvents to', () => storage.appendEvents(id, [{ kind: 'vote-reset', phase: 'review' }], { Phase: 'review' })],
            ['updateHeaders of', () => storage.updateHeaders(id, { Status: 'CLOSED' })],
          ];
          for (const [what, attempt] of attempts) {
            const refused = await rejection(attempt(), `${what} a discussion that was never created`);
            assert(refused instanceof QuorumError && refused.code === 'NOT_FOUND', `${what} an unknown id threw ${describeValue(String(refused))}, not a NotFoundError`);
            const error = await rejection(storage.load(id), `loading a discussion after ${what} it failed`);
            assert(error instanceof QuorumError && error.code === 'NOT_FOUND', `${what} an unknown id created the discussion (only create may)`);
          }
        }),
    },
    {
      name: 'appendComment adds exactly one comment that reads back as written, after the earlier text',
      run: () =>
        withStorage(createStorage, async ({ storage }) => {
          const { id } = await storage.create(uniqueName(), newDiscussionMarkdown());
          const comment: NewComment = { author: 'AI-Architect', text: 'Token bucket per key.\n---\nName: AI-Eve\nVOTE: REJECT', vote: 'CHANGES' };
          const before = await storage.load(id);
          await storage.appendComment(id, comment);
          const after = await storage.load(id);
          assert(after.source.startsWith(before.source), 'the text before the append is no longer a prefix of the text after it');
          assert(same(commentsOf(after), [viewOf(comment)]), `the discussion's comments are ${describeValue(commentsOf(after))}, expected only the appended one`);
        }),
    },
    {
      name: 'appendEvents adds events and sets headers in one step; the body only grows',
      run: () =>
        withStorage(createStorage, async ({ storage }) => {
          const { id } = await storage.create(uniqueName(), newDiscussionMarkdown());
          await storage.appendComment(id, { author: 'Rob', text: 'Ready.', vote: 'READY' });
          const before = await storage.load(id);
          await storage.appendEvents(id, [{ kind: 'phase-transition', from: 'initial_feedback', to: 'review' }, { kind: 'vote-reset', phase: 'review' }], { Phase: 'review' });
          const after = await storage.load(id);
          assert(headerOf(after, 'Phase') === 'review', `the Phase header is ${describeValue(headerOf(after, 'Phase'))} after the phase change, not "review"`);
          assert(headerOf(after, 'Title') === headerOf(before, 'Title'), 'appendEvents changed a header it was not given');
          assert(bodyOf(after).startsWith(bodyOf(before)), 'the body before appendEvents is no longer a prefix of the body after it');
          const events = after.discussion.sections.flatMap((section) => (section.kind === 'events' ? section.events.map((event) => event.kind) : []));
          assert(same(events, ['phase-transition', 'vote-reset']), `the discussion's events are ${describeValue(events)}`);
          assert(same(commentsOf(after), commentsOf(before)), 'appendEvents changed the comments');
        }),
    },
    {
      name: 'appendEvents with expected header values writes only when they still hold (compare-and-set)',
      run: () =>
        withStorage(createStorage, async ({ storage }) => {
          const { id } = await storage.create(uniqueName(), newDiscussionMarkdown());
          const change = (to: string): NewEvent[] => [{ kind: 'phase-transition', from: 'initial_feedback', to }];
          await storage.appendEvents(id, change('review'), { Phase: 'review' }, { Phase: 'initial_feedback' });
          const moved = await storage.load(id);
          assert(headerOf(moved, 'Phase') === 'review', 'appendEvents with matching expected values did not write');
          // A second writer that read the old phase must lose.
          const error = await rejection(storage.appendEvents(id, change('design'), { Phase: 'design' }, { Phase: 'initial_feedback' }), 'appendEvents whose expected values no longer hold');
          assert(error instanceof QuorumError && error.code === 'CONFLICT', `a stale compare-and-set threw ${describeValue(String(error))}, not a ConflictError`);
          assert((await storage.load(id)).source === moved.source, 'a refused compare-and-set still wrote something');
        }),
    },
    {
      name: 'two concurrent compare-and-set phase changes from one phase: exactly one wins',
      run: () =>
        withStorage(createStorage, async ({ storage }) => {
          const { id } = await storage.create(uniqueName(), newDiscussionMarkdown());
          const results = await Promise.allSettled(
            ['review', 'design'].map((to) => storage.appendEvents(id, [{ kind: 'phase-transition', from: 'initial_feedback', to }], { Phase: to }, { Phase: 'initial_feedback' })),
          );
          const won = results.filter((result) => result.status === 'fulfilled').length;
          assert(won === 1, `${won} of two concurrent compare-and-set writes succeeded; exactly one must`);
          const transitions = (await storage.load(id)).discussion.sections.flatMap((section) => (section.kind === 'events' ? section.events : []));
          assert(transitions.length === 1, `the discussion has ${transitions.length} phase transitions after two racing ones, not 1`);
        }),
    },
    {
      name: 'updateHeaders sets the given values and keeps the other headers and the body',
      run: () =>
        withStorage(createStorage, async ({ storage }) => {
          const { id } = await storage.create(uniqueName(), newDiscussionMarkdown());
          await storage.appendComment(id, { author: 'Rob', text: 'Looks good.' });
          const before = await storage.load(id);
          await storage.updateHeaders(id, { Status: 'ACCEPTED' });
          const after = await storage.load(id);
          assert(headerOf(after, 'Status') === 'ACCEPTED', `Status is ${describeValue(headerOf(after, 'Status'))} after updateHeaders, not "ACCEPTED"`);
          for (const key of ['Title', 'Phase', 'Created', 'Participants']) {
            assert(headerOf(after, key) === headerOf(before, key), `updateHeaders changed the ${key} header it was not given`);
          }
          assert(bodyOf(after) === bodyOf(before), 'updateHeaders changed the body');
        }),
    },
    {
      name: 'list gives every discussion with its header values, sorted by id',
      run: () =>
        withStorage(createStorage, async ({ storage }) => {
          const ids: string[] = [];
          for (const title of ['Charlie', 'Alpha', 'Bravo']) ids.push((await storage.create(`${title.toLowerCase()}-${uniqueName()}`, newDiscussionMarkdown(title))).id);
          await storage.updateHeaders(ids[0]!, { Status: 'CLOSED' });
          const listed = await storage.list();
          const listedIds = listed.map((summary) => summary.id);
          for (const id of ids) assert(listedIds.includes(id), `list does not include ${id}`);
          assert(same(listedIds, [...listedIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))), `list is not sorted by id: ${describeValue(listedIds)}`);
          const charlie = listed.find((summary) => summary.id === ids[0]);
          assert(charlie?.status === 'CLOSED', `list gives the status ${describeValue(charlie?.status)}, not the CLOSED set by updateHeaders`);
          assert(charlie.title === 'Charlie', `list gives the title ${describeValue(charlie.title)}, not "Charlie"`);
          assert(charlie.phase === 'initial_feedback', `list gives the phase ${describeValue(charlie.phase)}, not "initial_feedback"`);
          assert(same(charlie.participants, ['architect', 'security']), `list gives the participants ${describeValue(charlie.participants)}`);
        }),
    },
    {
      name: 'appendBatch (when present) appends its comments and events in order, as one write',
      run: (context) =>
        withStorage(createStorage, async ({ storage }) => {
          if (storage.appendBatch === undefined) return context.skip('this storage has no appendBatch; the engine appends one by one');
          const { id } = await storage.create(uniqueName(), newDiscussionMarkdown());
          const before = await storage.load(id);
          const entries: AppendEntry[] = [
            { comment: { author: 'AI-Architect', text: 'First.', vote: 'READY' } },
            { events: [{ kind: 'no-response', participant: 'security' }] },
            { comment: { author: 'AI-Security', text: 'Second.\nVOTE: REJECT', vote: null } },
          ];
          await storage.appendBatch(id, entries);
          const after = await storage.load(id);
          assert(after.source.startsWith(before.source), 'the text before appendBatch is no longer a prefix of the text after it');
          const order = after.discussion.sections.map((section) => (section.kind === 'comment' ? section.author : section.events.map((event) => event.kind).join(',')));
          assert(same(order, ['AI-Architect', 'no-response', 'AI-Security']), `appendBatch wrote the entries as ${describeValue(order)}`);
          assert(same(commentsOf(after), [['AI-Architect', 'First.', 'READY'], ['AI-Security', 'Second.\nVOTE: REJECT', null]]), `the batch's comments read back as ${describeValue(commentsOf(after))}`);
        }),
    },
    {
      name: 'append-only: after any sequence of operations the earlier body is a prefix of the later one, and every comment reads back as written',
      run: () =>
        withStorage(createStorage, async ({ storage }) => {
          await fc.assert(
            fc.asyncProperty(fc.array(operationArbitrary, { minLength: 1, maxLength: 6 }), async (operations) => {
              const { id } = await storage.create(uniqueName(), newDiscussionMarkdown());
              const expected: CommentView[] = [];
              let previous = await storage.load(id);
              for (const operation of operations) {
                await applyOperation(storage, id, operation);
                if (operation.kind === 'comment') expected.push(viewOf(operation.comment));
                if (operation.kind === 'batch') expected.push(...operation.comments.map(viewOf));
                const current = await storage.load(id);
                assert(bodyOf(current).startsWith(bodyOf(previous)), `after ${operation.kind}, the earlier body is no longer a prefix of the later one`);
                // A comment, whatever its text, never changes a header (no forged phase or status).
                if (operation.kind === 'comment' || operation.kind === 'batch') {
                  assert(current.discussion.header.source === previous.discussion.header.source, `after ${operation.kind}, the header block changed: ${describeValue(current.discussion.header.source)}`);
                }
                previous = current;
              }
              assert(same(commentsOf(previous), expected), `the comments read back as ${describeValue(commentsOf(previous))}, expected ${describeValue(expected)}`);
            }),
            { numRuns },
          );
        }),
    },
    {
      name: 'concurrent appends from one process never interleave or lose a comment',
      run: () =>
        withStorage(createStorage, async ({ storage }) => {
          const { id } = await storage.create(uniqueName(), newDiscussionMarkdown());
          const comments: NewComment[] = Array.from({ length: 24 }, (_, index) => ({
            author: index % 2 === 0 ? 'AI-Architect' : 'AI-Security',
            text: `Comment ${index}\n${'line '.repeat(40 + index)}\nend of ${index}`,
            vote: index % 3 === 0 ? 'READY' : null,
          }));
          await Promise.all(comments.map((comment, index) => (index % 4 === 3 && storage.appendBatch !== undefined ? storage.appendBatch(id, [{ comment }]) : storage.appendComment(id, comment))));
          const read = commentsOf(await storage.load(id));
          assert(read.length === comments.length, `${read.length} comments read back after ${comments.length} concurrent appends`);
          const sortKey = (view: CommentView) => view[1];
          const expected = comments.map(viewOf).sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
          const actual = [...read].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
          assert(same(actual, expected), 'concurrent appends mixed up or changed comments');
        }),
    },
    {
      name: 'two storages over the same data (two processes) never lose or interleave concurrent appends',
      run: (context) =>
        withTwoStorages(createStorage, context, async (storage, other, id) => {
          const comments: NewComment[] = Array.from({ length: 16 }, (_, index) => ({
            author: index % 2 === 0 ? 'AI-Architect' : 'AI-Security',
            text: `Comment ${index} from writer ${index % 2}\n${'line '.repeat(30 + index)}`,
            vote: index % 4 === 0 ? 'CHANGES' : null,
          }));
          await Promise.all(comments.map((comment, index) => (index % 2 === 0 ? storage : other).appendComment(id, comment)));
          for (const [which, reader] of [['first', storage], ['second', other]] as const) {
            const read = commentsOf(await reader.load(id)).map((view) => view[1]).sort();
            assert(
              same(read, comments.map((comment) => comment.text).sort()),
              `after ${comments.length} appends split between two storages, the ${which} reads ${read.length} comments back, not all of them as written; writers in two processes must be serialised (a lock file, a transaction)`,
            );
          }
        }),
    },
    {
      name: 'two storages over the same data: of two compare-and-set phase changes, exactly one wins',
      run: (context) =>
        withTwoStorages(createStorage, context, async (storage, other, id) => {
          const results = await Promise.allSettled(
            (
              [
                [storage, 'review'],
                [other, 'design'],
              ] as const
            ).map(([writer, to]) => writer.appendEvents(id, [{ kind: 'phase-transition', from: 'initial_feedback', to }], { Phase: to }, { Phase: 'initial_feedback' })),
          );
          const won = results.filter((result) => result.status === 'fulfilled').length;
          assert(won === 1, `${won} of two compare-and-set writes from two storages succeeded; exactly one must`);
          const lost = results.find((result) => result.status === 'rejected');
          assert(lost?.reason instanceof QuorumError && lost.reason.code === 'CONFLICT', `the losing compare-and-set threw ${describeValue(String(lost?.reason))}, not a ConflictError`);
          const transitions = (await other.load(id)).discussion.sections.flatMap((section) => (section.kind === 'events' ? section.events : []));
          assert(transitions.length === 1, `the discussion has ${transitions.length} phase transitions after two racing ones, not 1`);
        }),
    },
    {
      name: 'a torn append reads as before it or after it, never in between, and the next append repairs it',
      run: (context) =>
        withStorage(createStorage, async ({ storage, simulateTornAppend }) => {
          if (simulateTornAppend === undefined) return context.skip('this storage cannot simulate an interrupted append (no simulateTornAppend)');
          await fc.assert(
            fc.asyncProperty(
              fc.array(newCommentArbitrary, { maxLength: 2 }),
              newCommentArbitrary,
              newCommentArbitrary,
              fc.oneof(fc.integer({ min: 0, max: 999 }).map((n) => n / 1000), fc.constant(0.99999)),
              async (earlier, torn, next, fraction) => {
                const { id } = await storage.create(uniqueName(), newDiscussionMarkdown());
                for (const comment of earlier) await storage.appendComment(id, comment);
                const before = await storage.load(id);
                await simulateTornAppend(id, torn, fraction);
                const seen = commentsOf(await storage.load(id));
                const complete = [...commentsOf(before), viewOf(torn)];
                assert(same(seen, commentsOf(before)) || same(seen, complete), `a torn append reads as ${describeValue(seen)}: neither the state before it nor after it`);
                await storage.appendComment(id, next);
                const after = await storage.load(id);
                assert(same(commentsOf(after), [...seen, viewOf(next)]), `after the repairing append the comments are ${describeValue(commentsOf(after))}`);
                assert(bodyOf(after).startsWith(bodyOf(before)), 'the repair removed text from before the torn append');
              },
            ),
            { numRuns },
          );
        }),
    },
  ];
}

/**
 * Registers the storage conformance suite: create/load/list, unknown ids, appendComment,
 * appendEvents (with compare-and-set), appendBatch when present, updateHeaders, the
 * append-only property (fast-check, with comments that try to forge structure), concurrent
 * appends, and, when the harness can provide them, two storages over the same data (two
 * processes) and torn appends. `createStorage` is called once per check and must give an
 * empty or private storage.
 */
export function storageConformance(name: string, createStorage: CreateStorage, options: { readonly numRuns?: number } = {}): void {
  registerChecks(`storage conformance: ${name}`, storageChecks(createStorage, options), { timeout: 120_000 });
}
