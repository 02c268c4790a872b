import { spawn } from 'node:child_process';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CommentSection, NewComment } from '@quorum/core';
import { parseDiscussion, renderComment } from '@quorum/format';
import { journalPath, sha256, writeJournal } from '../src/append-journal.js';
import { FileStorage } from '../src/index.js';
import { builtEntry, newDiscussionText, temporaryDirectory } from './helpers.js';

const commentArb: fc.Arbitrary<NewComment> = fc.record({
  author: fc.constantFrom('AI-Architect', 'Rob', 'AI-Security'),
  text: fc.array(fc.oneof(fc.constantFrom('---', 'Name: Eve', 'VOTE: READY', '', 'ünïcødé ✓'), fc.string()), { maxLength: 6 }).map((l) => l.join('\n')),
  vote: fc.constantFrom(null, 'READY', 'CHANGES', 'REJECT'),
});

function commentsOf(text: string): Array<[string, string, string | null]> {
  return (parseDiscussion(text).sections.filter((s) => s.kind === 'comment') as CommentSection[]).map((c) => [c.author, c.text, c.vote]);
}

describe('a crash in the middle of an append (design property 4)', () => {
  it('at any byte: the file reads as before, and the next append rolls the torn bytes back', async () => {
    const dir = await temporaryDirectory();
    await fc.assert(fc.asyncProperty(fc.array(commentArb, { maxLength: 3 }), commentArb, commentArb, fc.oneof(fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000), fc.constant(0.99999)), async (earlier, torn, next, at) => {
      const storage = new FileStorage({ dir, durable: false });
      const name = `d-${Math.random().toString(36).slice(2)}.md`;
      await storage.create(name, newDiscussionText());
      for (const comment of earlier) await storage.appendComment(name, comment);
      const file = path.join(dir, name);
      const before = await readFile(file, 'utf8');

      // Exactly what appendComment leaves when the process dies after writing `cut` bytes.
      const bytes = Buffer.from(renderComment(torn), 'utf8');
      const cut = Math.floor(at * bytes.length);
      writeJournal(file, { version: 1, offset: Buffer.byteLength(before), length: bytes.length, sha256: sha256(bytes) }, false);
      await appendFile(file, bytes.subarray(0, cut));
      const seen = commentsOf(await readFile(file, 'utf8'));
      const complete = [...commentsOf(before), [torn.author, torn.text, torn.vote]];
      const readAsAfter = JSON.stringify(seen) === JSON.stringify(complete);
      expect(readAsAfter || JSON.stringify(seen) === JSON.stringify(commentsOf(before))).toBe(true);

      // The repair agrees with what was read: what read as complete stays, the rest goes.
      await storage.appendComment(name, next);
      const after = await readFile(file, 'utf8');
      expect(after).toBe(before + (readAsAfter ? bytes.toString('utf8') : '') + renderComment(next));
      expect(commentsOf(after)).toEqual([...seen, [next.author, next.text, next.vote]]);
    }), { numRuns: 60 });
  });

  it('a journal cut short means the append never started: nothing is removed', async () => {
    const dir = await temporaryDirectory();
    const storage = new FileStorage({ dir, durable: false });
    await storage.create('d.md', newDiscussionText());
    const file = path.join(dir, 'd.md');
    await writeFile(journalPath(file), '{"version":1,"off');
    await storage.appendComment('d.md', { author: 'Rob', text: 'still here' });
    expect(commentsOf(await readFile(file, 'utf8'))).toEqual([['Rob', 'still here', null]]);
  });

  it('a journal left after a complete append keeps the append', async () => {
    const dir = await temporaryDirectory();
    const storage = new FileStorage({ dir, durable: false });
    await storage.create('d.md', newDiscussionText());
    const file = path.join(dir, 'd.md');
    const before = await readFile(file, 'utf8');
    const bytes = Buffer.from(renderComment({ author: 'Rob', text: 'complete' }));
    writeJournal(file, { version: 1, offset: Buffer.byteLength(before), length: bytes.length, sha256: sha256(bytes) }, false);
    await appendFile(file, bytes);
    await storage.updateHeaders('d.md', { Status: 'CLOSED' });
    expect(commentsOf(await readFile(file, 'utf8'))).toEqual([['Rob', 'complete', null]]);
  });

  it('a writer killed with SIGKILL at a random moment leaves a readable file; its lock is taken over and the next write repairs', async () => {
    const dir = await temporaryDirectory();
    const storage = new FileStorage({ dir, durable: false, staleLockMs: 2000 });
    await storage.create('d.md', newDiscussionText());
    const script = `
      const { FileStorage } = await import(${JSON.stringify(builtEntry())});
      const storage = new FileStorage({ dir: ${JSON.stringify(dir)}, durable: true });
      const text = 'x'.repeat(200000);
      for (let i = 0; ; i++) {
        await storage.appendComment('d.md', { author: 'AI-Writer', text: i + ':' + text, vote: 'READY' });
        if (i === 0) process.stdout.write('started\\n');
      }`;
    for (let round = 0; round < 3; round++) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.floor(Math.random() * 40)));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));

      const text = await readFile(path.join(dir, 'd.md'), 'utf8');
      const parsed = parseDiscussion(text);
      const complete = commentsOf(text);
      for (const [index, [author, body]] of complete.entries()) {
        expect(author).toBe('AI-Writer');
        expect(body.startsWith(`${index}:`) || complete.length === 0).toBe(true);
      }
      await storage.appendComment('d.md', { author: 'Rob', text: `after kill ${round}` });
      const repaired = parseDiscussion(await readFile(path.join(dir, 'd.md'), 'utf8'));
      expect(repaired.tail).toBeNull();
      expect(commentsOf(await readFile(path.join(dir, 'd.md'), 'utf8')).at(-1)).toEqual(['Rob', `after kill ${round}`, null]);
      expect(repaired.sections.length).toBe(parsed.sections.length + 1);
      // Start the next round from a clean file so comment numbering stays simple.
      await writeFile(path.join(dir, 'd.md'), newDiscussionText());
    }
  }, 60_000);
});
