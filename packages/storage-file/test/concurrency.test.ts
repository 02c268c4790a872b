import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { CommentSection } from '@quorum/core';
import { parseDiscussion } from '@quorum/format';
import { FileStorage } from '../src/index.js';
import { builtEntry, newDiscussionText, temporaryDirectory } from './helpers.js';

it('processes appending to the same file at once never interleave or lose a comment', async () => {
  const dir = await temporaryDirectory();
  await new FileStorage({ dir }).create('d.md', newDiscussionText());
  const writers = 4;
  const each = 25;
  const script = (writer: number) => `
    const { FileStorage } = await import(${JSON.stringify(builtEntry())});
    const storage = new FileStorage({ dir: ${JSON.stringify(dir)}, durable: false });
    for (let i = 0; i < ${each}; i++) {
      await storage.appendComment('d.md', { author: 'AI-Writer-${writer}', text: 'writer ${writer} message ' + i + '\\n' + 'line\\n'.repeat(200 * (i % 5)), vote: i % 2 ? 'READY' : 'CHANGES' });
    }`;
  const exits = await Promise.all(
    Array.from({ length: writers }, (_, writer) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script(writer)], { stdio: 'inherit' });
        child.once('exit', resolve);
      })),
  );
  expect(exits).toEqual(Array(writers).fill(0));

  const discussion = parseDiscussion(await readFile(path.join(dir, 'd.md'), 'utf8'));
  expect(discussion.tail).toBeNull();
  const comments = discussion.sections as CommentSection[];
  expect(comments).toHaveLength(writers * each);
  for (let writer = 0; writer < writers; writer++) {
    const mine = comments.filter((c) => c.author === `AI-Writer-${writer}`);
    expect(mine.map((c) => c.text.split('\n')[0])).toEqual(Array.from({ length: each }, (_, i) => `writer ${writer} message ${i}`));
    expect(mine.map((c) => c.vote)).toEqual(Array.from({ length: each }, (_, i) => (i % 2 ? 'READY' : 'CHANGES')));
  }
}, 60_000);
