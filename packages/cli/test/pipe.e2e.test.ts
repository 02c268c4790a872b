import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderComment, renderNewDiscussion } from '@quorum/format';
import { expect, it } from 'vitest';
import { BINARY, hermeticEnv, temporaryProject } from './run-quorum.js';

it('exits quietly when the reader closes the pipe early (quorum parse FILE | head)', async () => {
  const cwd = await temporaryProject();
  // Far more output than a pipe buffers, so the writer is still writing when the pipe closes.
  const comments = Array.from({ length: 2000 }, (_, i) => renderComment({ author: 'AI-Architect', text: `Point ${i}.\nQ: what about case ${i}? @security` })).join('');
  await writeFile(path.join(cwd, 'big.md'), renderNewDiscussion({ title: 'Big', phase: 'discussion', created: '2026-01-01T00:00:00Z' }) + comments);
  const child = spawn(process.execPath, [BINARY, 'parse', 'big.md'], { cwd, env: hermeticEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(stderr).toBe('');
  expect(code).toBe(0);
});
