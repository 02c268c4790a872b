import { execFile } from 'node:child_process';
import { mkdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { QuorumError } from '@quorum/core';
import { writeFileAtomically } from '../write-file-atomically.js';
import type { GeneratedFile, RefusedFile } from './generated-files.js';

const run = promisify(execFile);

export interface WrittenFiles {
  /** Paths written (new or changed), relative to the folder. */
  readonly written: readonly string[];
  /** Paths whose content was already there. */
  readonly unchanged: readonly string[];
  readonly refused: readonly RefusedFile[];
  /** The commit made with `git`, or null (no `git`, or nothing changed). */
  readonly commit: string | null;
}

/**
 * Writes the files into `dir` and nowhere else: every path is checked again against the real
 * folder (a symbolic link inside it that points out is refused), each file is written to a
 * temporary file and renamed into place (a link at the name is replaced, never followed).
 * With `git`, the folder becomes (or stays) a repository and the written files are committed
 * with the git command-line tool.
 */
export async function writeGeneratedFiles(
  dir: string,
  files: readonly GeneratedFile[],
  options: { readonly git?: { readonly message: string } | undefined; readonly refused?: readonly RefusedFile[] } = {},
): Promise<WrittenFiles> {
  await mkdir(dir, { recursive: true });
  const root = await realpath(dir);
  const written: string[] = [];
  const unchanged: string[] = [];
  const refused: RefusedFile[] = [...(options.refused ?? [])];
  for (const file of files) {
    const target = path.join(root, ...file.path.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    const parent = await realpath(path.dirname(target));
    if (!isWithin(root, parent)) {
      refused.push({ path: file.path, author: file.author, reason: 'a symbolic link in the output folder leads outside it' });
      continue;
    }
    const current = await readFile(target, 'utf8').catch(() => undefined);
    if (current === file.content) {
      unchanged.push(file.path);
      continue;
    }
    await writeFileAtomically(path.join(parent, path.basename(target)), file.content);
    written.push(file.path);
  }
  // Every delivered file is staged, so a file written by an earlier run without a commit gets one.
  const delivered = [...written, ...unchanged];
  const commit = options.git === undefined ? null : await commitFiles(root, delivered, options.git.message);
  return { written, unchanged, refused, commit };
}

/**
 * Makes `dir` a repository of its own unless it already is the top of one (a folder inside
 * another repository, such as a project that ignores its run folders, gets its own), stages
 * `files` and commits them; null when nothing changed.
 */
async function commitFiles(dir: string, files: readonly string[], message: string): Promise<string | null> {
  const git = async (...args: string[]) => (await run('git', args, { cwd: dir, maxBuffer: 16 * 1024 * 1024 })).stdout.trim();
  try {
    const top = await git('rev-parse', '--show-toplevel').catch(() => '');
    if (top === '' || (await realpath(top)) !== dir) await git('init', '--quiet');
    if (files.length === 0) return null;
    await git('add', '--', ...files);
    const staged = await git('diff', '--cached', '--name-only', '--', ...files);
    if (staged === '') return null;
    // A machine without a git identity (a CI runner) still gets a commit, by Quorum.
    const identity = (await git('config', 'user.email').catch(() => '')) === '' ? ['-c', 'user.name=Quorum', '-c', 'user.email=quorum@localhost'] : [];
    await git(...identity, 'commit', '--quiet', '--no-verify', '-m', message, '--', ...files);
    return await git('rev-parse', 'HEAD');
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new QuorumError('STORAGE', 1, '--git needs the git command, which is not installed or not on PATH');
    throw new QuorumError('STORAGE', 1, `git could not commit the generated files in ${dir}: ${detail.split('\n')[0]}`);
  }
}

function isWithin(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
