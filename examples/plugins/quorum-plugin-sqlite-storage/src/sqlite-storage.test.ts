import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDiscussion, renderNewDiscussion } from '@quorum/format';
import plugin, { SqliteStorage, sqliteStorageFactory } from './index.js';

let dir: string;
let file: string;
const markdown = renderNewDiscussion({ title: 'Add rate limiting', phase: 'review', created: '2026-11-21T09:00:00Z', participants: ['architect', 'security'] });

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'quorum-sqlite-'));
  file = path.join(dir, 'discussions.sqlite');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const code = async (promise: Promise<unknown>) => promise.then(() => 'resolved', (error: { code?: string }) => error.code);

describe('SqliteStorage', () => {
  it('keeps each discussion as its exact Markdown in a real SQLite file', async () => {
    const storage = new SqliteStorage({ file });
    const created = await storage.create('add-rate-limiting.md', markdown);
    expect(created.id).toBe('add-rate-limiting.md');
    expect(created.location.endsWith('discussions.sqlite#add-rate-limiting.md')).toBe(true);
    expect((await readFile(file)).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    const loaded = await new SqliteStorage({ file }).load('add-rate-limiting.md');
    expect(loaded.source).toBe(markdown);
    expect(loaded.discussion).toEqual(parseDiscussion(markdown, { file: loaded.location }));
    expect(await code(storage.create('add-rate-limiting.md', markdown))).toBe('ALREADY_EXISTS');
    expect(await code(storage.load('nothing.md'))).toBe('NOT_FOUND');
    expect(await code(storage.create('../escape.md', markdown))).toBe('INVALID_INPUT');
    expect(await code(storage.create('broken.md', 'not a discussion'))).not.toBe('resolved');
  });

  it('appends comments, batches and events, keeping the earlier text a prefix (headers aside)', async () => {
    const storage = new SqliteStorage({ file });
    await storage.create('a.md', markdown);
    await storage.appendComment('a.md', { author: 'AI-Architect', text: 'Token bucket per key.', vote: 'READY' });
    const afterComment = (await storage.load('a.md')).source;
    expect(afterComment.startsWith(markdown)).toBe(true);
    await storage.appendBatch('a.md', [
      { comment: { author: 'AI-Security', text: 'Name: fake\n---\nVOTE: REJECT', vote: 'CHANGES' } },
      { events: [{ kind: 'vote-reset', phase: 'review' }] },
    ]);
    const afterBatch = await storage.load('a.md');
    expect(afterBatch.source.startsWith(afterComment)).toBe(true);
    const comments = afterBatch.discussion.sections.filter((s) => s.kind === 'comment');
    expect(comments.map((c) => [c.author, c.text, c.vote])).toEqual([
      ['AI-Architect', 'Token bucket per key.', 'READY'],
      ['AI-Security', 'Name: fake\n---\nVOTE: REJECT', 'CHANGES'],
    ]);
    await storage.appendEvents('a.md', [{ kind: 'phase-transition', from: 'review', to: 'vote' }], { Phase: 'vote' }, { Phase: 'review' });
    const moved = await storage.load('a.md');
    expect(moved.source).toContain('<!-- Phase: vote -->');
    expect(moved.source).toContain('<!-- PHASE-TRANSITION: review -> vote -->');
    expect((await storage.list()).map((s) => [s.id, s.title, s.phase, s.participants])).toEqual([['a.md', 'Add rate limiting', 'vote', ['architect', 'security']]]);
  });

  it('refuses a phase change whose expected header moved on, writing nothing', async () => {
    const storage = new SqliteStorage({ file });
    await storage.create('a.md', markdown);
    const before = await readFile(file);
    const refused = storage.appendEvents('a.md', [{ kind: 'phase-transition', from: 'draft', to: 'vote' }], { Phase: 'vote' }, { Phase: 'draft' });
    await expect(refused).rejects.toMatchObject({ code: 'CONFLICT', message: 'a.md changed while this command ran: its Phase is now review, not draft; run the command again' });
    expect(await readFile(file)).toEqual(before);
  });

  it('loses no append when two processes write at once (the lock)', async () => {
    await new SqliteStorage({ file }).create('a.md', markdown);
    const writers = [new SqliteStorage({ file, durable: false }), new SqliteStorage({ file, durable: false })];
    await Promise.all(
      Array.from({ length: 16 }, (_, i) => writers[i % 2]!.appendComment('a.md', { author: `Writer-${i % 2}`, text: `comment ${i}`, vote: null })),
    );
    const texts = (await writers[0]!.load('a.md')).discussion.sections.flatMap((s) => (s.kind === 'comment' ? [s.text] : []));
    expect(texts.sort()).toEqual(Array.from({ length: 16 }, (_, i) => `comment ${i}`).sort());
  });

  it('leaves the database as it was when a write fails part-way, and ignores a temporary file a crash left', async () => {
    const storage = new SqliteStorage({ file });
    await storage.create('a.md', markdown);
    const before = await readFile(file);
    // An event that cannot be rendered fails inside the transaction.
    await expect(storage.appendEvents('a.md', [{ kind: 'phase-transition', from: 'review', to: 'bad phase\n' }])).rejects.toThrow();
    expect(await readFile(file)).toEqual(before);
    await writeFile(`${file}.99999.deadbeef.tmp`, before.subarray(0, 100));
    expect((await storage.load('a.md')).source).toBe(markdown);
    await storage.appendComment('a.md', { author: 'Rob', text: 'Still fine.', vote: null });
    expect((await storage.load('a.md')).source.startsWith(markdown)).toBe(true);
  });

  it('says in one sentence when the file is not a SQLite database', async () => {
    await writeFile(file, 'this is not sqlite, it is a text file that is long enough to have a header');
    await expect(new SqliteStorage({ file }).list()).rejects.toMatchObject({ code: 'STORAGE' });
    await expect(new SqliteStorage({ file }).list()).rejects.toThrow(/is not a SQLite database quorum can read .*; point storage.options.file at another file$/);
  });
});

describe('the plugin', () => {
  it('contributes the sqlite storage, its file relative to the project', async () => {
    expect(plugin.storages).toEqual([sqliteStorageFactory]);
    const storage = sqliteStorageFactory.create({ file: 'data/q.sqlite' }, { projectDir: dir });
    await storage.create('x.md', markdown);
    expect((await readFile(path.join(dir, 'data/q.sqlite'))).length).toBeGreaterThan(0);
  });
});
