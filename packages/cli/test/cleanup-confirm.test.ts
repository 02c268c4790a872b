import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli-io.js';
import { registerCleanup, type CleanupPrompts } from '../src/commands/cleanup-command.js';
import { Project } from '../src/project.js';

const CANCEL = Symbol('cancel');
const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A project on a terminal with one unreferenced diagram, and `quorum cleanup` wired to answer `answer`. */
async function setup(answer: boolean | symbol) {
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'quorum-cleanup-'));
  made.push(cwd);
  await mkdir(path.join(cwd, 'discussions/diagrams/old'), { recursive: true });
  await writeFile(path.join(cwd, 'discussions/diagrams/old/1-flow.mmd'), 'flowchart LR\n');
  const out: string[] = [];
  const io: CliIo = { cwd, env: {}, stdinIsTty: true, out: (text) => out.push(text), err: (text) => out.push(text), readStdin: async () => '' };
  const asked: string[] = [];
  const prompts: CleanupPrompts = {
    confirm: async ({ message }) => {
      asked.push(message);
      return answer;
    },
    isCancel: (value): value is symbol => value === CANCEL,
  };
  const program = new Command('quorum').exitOverride();
  registerCleanup(program, new Project(io, undefined), async () => prompts);
  const run = (args: string[]) => program.parseAsync(args, { from: 'user' });
  const left = async () => readdir(path.join(cwd, 'discussions/diagrams'), { recursive: true });
  return { run, out, asked, left };
}

describe('quorum cleanup --delete on a terminal', () => {
  it('asks first, and deletes only after a yes', async () => {
    const { run, out, asked, left } = await setup(true);
    await run(['cleanup', '--delete']);
    expect(asked).toEqual(['Delete 1 unreferenced diagram file from discussions/diagrams?']);
    expect(out.join('')).toContain('Deleted 1 file\n');
    expect(await left()).toEqual([]);
  });

  it('deletes nothing when the answer is no or the question is cancelled', async () => {
    for (const answer of [false, CANCEL]) {
      const { run, out, left } = await setup(answer);
      await run(['cleanup', '--delete']);
      expect(out.join('')).toContain('Nothing was deleted.\n');
      expect(await left()).toEqual(['old', path.join('old', '1-flow.mmd')]);
    }
  });

  it('does not ask with --yes', async () => {
    const { run, asked, left } = await setup(false);
    await run(['cleanup', '--delete', '--yes']);
    expect(asked).toEqual([]);
    expect(await left()).toEqual([]);
  });
});
