import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { renderNewDiscussion } from '@quorum/format';

const made: string[] = [];

/** A fresh temporary directory, removed after the test. */
export async function temporaryDirectory(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'quorum-storage-'));
  made.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

export function newDiscussionText(title = 'Add rate limiting'): string {
  return renderNewDiscussion({ title, phase: 'initial_feedback', created: '2026-11-21T09:00:00.000Z', participants: ['architect', 'security'], context: 'Protect the API.' });
}

/** The built package, for child processes (which run plain Node, not the test transformer). */
export function builtEntry(): string {
  const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
  if (!existsSync(entry)) throw new Error(`${entry} is missing; run npm run build first`);
  return entry;
}
