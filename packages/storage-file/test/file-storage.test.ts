import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AlreadyExistsError, DiscussionParseError, InvalidInputError, NotFoundError, type CommentSection } from '@quorum/core';
import { discussionView, parseDiscussion } from '@quorum/format';
import { FileStorage } from '../src/index.js';
import { newDiscussionText, temporaryDirectory } from './helpers.js';

async function setup() {
  const dir = await temporaryDirectory();
  const warnings: string[] = [];
  const storage = new FileStorage({ dir: path.join(dir, 'discussions'), durable: false, onWarning: (m) => warnings.push(m) });
  return { dir, storage, warnings };
}

describe('FileStorage', () => {
  it('creates, appends, changes phase and lists', async () => {
    const { storage } = await setup();
    const { id } = await storage.create('rate-limiting.md', newDiscussionText());
    expect(id).toBe('rate-limiting.md');
    await storage.appendComment(id, { author: 'AI-Architect', text: 'Token bucket.', vote: 'CHANGES' });
    await storage.appendComment(id, { author: 'Rob', text: 'Agreed.', vote: 'READY' });
    await storage.appendEvents(id, [{ kind: 'phase-transition', from: 'initial_feedback', to: 'detailed_review' }, { kind: 'vote-reset', phase: 'detailed_review' }], { Phase: 'detailed_review' });
    await storage.updateHeaders(id, { Status: 'ACCEPTED' });

    const { discussion, source } = await storage.load(id);
    const view = discussionView(discussion);
    expect(view.comments.map((c) => [c.author, c.text, c.vote])).toEqual([
      ['AI-Architect', 'Token bucket.', 'CHANGES'],
      ['Rob', 'Agreed.', 'READY'],
    ]);
    expect([view.phase, view.status]).toEqual(['detailed_review', 'ACCEPTED']);
    expect(source).toContain('<!-- PHASE-TRANSITION: initial_feedback -> detailed_review -->\n<!-- VOTE-RESET: detailed_review -->\n---\n');

    const [summary] = await storage.list();
    expect(summary).toMatchObject({ id, title: 'Add rate limiting', phase: 'detailed_review', status: 'ACCEPTED', participants: ['architect', 'security'] });
    expect(Date.parse(summary!.updated!)).not.toBeNaN();
  });

  it('never replaces an existing discussion', async () => {
    const { storage } = await setup();
    await storage.create('a.md', newDiscussionText('First'));
    await expect(storage.create('a.md', newDiscussionText('Second'))).rejects.toBeInstanceOf(AlreadyExistsError);
    expect((await storage.load('a.md')).discussion.header.fields[0]!.value).toBe('First');
  });

  it.each(['../escape.md', '/etc/passwd', 'sub/../../escape.md', '..', 'a\0b.md', ''])('refuses the name %j', async (name) => {
    const { storage } = await setup();
    await expect(storage.create(name, newDiscussionText())).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('refuses names that lead through a symbolic link out of the directory', async () => {
    const { dir, storage } = await setup();
    await mkdir(path.join(dir, 'discussions'), { recursive: true });
    await mkdir(path.join(dir, 'outside'));
    await symlink(path.join(dir, 'outside'), path.join(dir, 'discussions', 'link'));
    await expect(storage.create('link/escape.md', newDiscussionText())).rejects.toThrow(/symbolic link outside/);
    await expect(storage.create('sub/inside.md', newDiscussionText())).resolves.toMatchObject({ id: 'sub/inside.md' });
  });

  it('does not touch a file that is not a discussion or does not parse', async () => {
    const { dir, storage } = await setup();
    await mkdir(path.join(dir, 'discussions'));
    const notes = path.join(dir, 'discussions', 'notes.md');
    await writeFile(notes, '# Notes\n');
    await expect(storage.appendComment('notes.md', { author: 'A', text: 'x' })).rejects.toThrow(/not a discussion/);
    expect(await readFile(notes, 'utf8')).toBe('# Notes\n');

    const broken = path.join(dir, 'discussions', 'broken.md');
    const text = '<!-- DISCUSSION -->\n<!-- Title: a -->\n<!-- Title: b -->\n---\n';
    await writeFile(broken, text);
    await expect(storage.updateHeaders('broken.md', { Status: 'CLOSED' })).rejects.toMatchObject({ line: 3 });
    await expect(storage.appendEvents('broken.md', [{ kind: 'vote-reset', phase: 'a' }], { Phase: 'a' })).rejects.toBeInstanceOf(DiscussionParseError);
    expect(await readFile(broken, 'utf8')).toBe(text);
    await expect(storage.load('missing.md')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('names the line of bytes that are not UTF-8', async () => {
    const { dir, storage } = await setup();
    await mkdir(path.join(dir, 'discussions'));
    await writeFile(path.join(dir, 'discussions', 'latin1.md'), Buffer.concat([Buffer.from('<!-- DISCUSSION -->\n<!-- Title: caf'), Buffer.from([0xe9]), Buffer.from(' -->\n')]));
    await expect(storage.load('latin1.md')).rejects.toMatchObject({ line: 2, code: 'DISCUSSION_PARSE' });
  });

  it('seals a seed-style file once, then appends', async () => {
    const { dir, storage } = await setup();
    await mkdir(path.join(dir, 'discussions'));
    const seed = await readFile(new URL('../../../examples/discussions/feature-template.md', import.meta.url), 'utf8');
    await writeFile(path.join(dir, 'discussions', 'seed.md'), seed);
    await storage.appendComment('seed.md', { author: 'AI-Architect', text: 'First!' });
    const after = await readFile(path.join(dir, 'discussions', 'seed.md'), 'utf8');
    expect(after.startsWith(seed)).toBe(true);
    expect(after.slice(seed.length)).toBe('---\nName: AI-Architect\n\nFirst!\n\n---\n');
  });

  it('closes a comment written by hand without its closing line before appending', async () => {
    const { dir, storage } = await setup();
    await storage.create('d.md', newDiscussionText());
    const file = path.join(dir, 'discussions', 'd.md');
    await writeFile(file, `${await readFile(file, 'utf8')}Name: Rob\nI typed this by hand`);
    await storage.appendComment('d.md', { author: 'AI-Architect', text: 'Noted.' });
    const comments = parseDiscussion(await readFile(file, 'utf8')).sections as CommentSection[];
    expect(comments.map((c) => [c.author, c.text])).toEqual([['Rob', 'I typed this by hand'], ['AI-Architect', 'Noted.']]);
  });

  it('lists only discussions, reading their header blocks', async () => {
    const { dir, storage } = await setup();
    await storage.create('b.md', newDiscussionText('Beta'));
    await storage.create('a.md', newDiscussionText('Alpha'));
    const discussions = path.join(dir, 'discussions');
    await writeFile(path.join(discussions, 'README.md'), '# not a discussion\n');
    await writeFile(path.join(discussions, 'a.sum.md'), '<!-- DISCUSSION -->\n');
    await writeFile(path.join(discussions, '.hidden.md'), '<!-- DISCUSSION -->\n');
    const huge = newDiscussionText('Huge').replace('<!-- Participants', `<!-- Notes: ${'x'.repeat(20_000)} -->\n<!-- Participants`);
    await writeFile(path.join(discussions, 'c.md'), huge + 'Name: A\n\nbody\n\n---\n'.repeat(2000));
    expect((await storage.list()).map((s) => [s.id, s.title, s.participants.length])).toEqual([
      ['a.md', 'Alpha', 2],
      ['b.md', 'Beta', 2],
      ['c.md', 'Huge', 2],
    ]);
    expect(await new FileStorage({ dir: path.join(dir, 'nowhere') }).list()).toEqual([]);
  });
});

describe('appendEvents with expected header values', () => {
  it('writes only when the headers are still what the caller read', async () => {
    const { storage } = await setup();
    const { id } = await storage.create('d.md', newDiscussionText());
    const move = (from: string, to: string) =>
      storage.appendEvents(id, [{ kind: 'phase-transition', from, to }], { Phase: to }, { Phase: from });
    await move('initial_feedback', 'detailed_review');
    const before = (await storage.load(id)).source;
    await expect(move('initial_feedback', 'consensus_vote')).rejects.toMatchObject({ code: 'CONFLICT', exitCode: 1 });
    expect((await storage.load(id)).source).toBe(before);
  });

  it('lets only one of two concurrent phase changes through', async () => {
    const { storage } = await setup();
    const { id } = await storage.create('d.md', newDiscussionText());
    const results = await Promise.allSettled(
      ['detailed_review', 'rejected'].map((to) => storage.appendEvents(id, [{ kind: 'phase-transition', from: 'initial_feedback', to }], { Phase: to }, { Phase: 'initial_feedback' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const events = discussionView((await storage.load(id)).discussion).timeline.filter((e) => e.kind === 'event');
    expect(events).toHaveLength(1);
  });
});

it('serialises concurrent writes from one process too', async () => {
  const { storage } = await setup();
  const { id } = await storage.create('d.md', newDiscussionText());
  // Staggered starts, so later writes begin while an earlier one holds the lock.
  const write = (i: number) => storage.appendComment(id, { author: 'AI-Writer', text: `message ${i}\n${'x\n'.repeat(20_000)}` });
  await Promise.all(Array.from({ length: 20 }, (_, i) => new Promise((resolve) => setTimeout(resolve, i)).then(() => write(i))));
  const { discussion } = await storage.load(id);
  expect(discussion.tail).toBeNull();
  expect(discussionView(discussion).comments.map((c) => c.text.split('\n')[0]).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `message ${i}`).sort());
});
