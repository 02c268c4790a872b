import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { InvalidInputError, NotFoundError, type DiscussionStorageV1 } from '@quorum/core';
import { readStandardInput } from '../open-discussion.js';
import type { Project } from '../project.js';
import { now } from '../clock.js';
import { splitCommaList } from '../options.js';

/** Phase of a discussion created without a template: one free-form phase. */
export const FREE_FORM_PHASE = 'discussion';

interface NewOptions {
  participants?: string;
  context?: string;
  contextFile?: string;
  dir?: string;
}

export function registerNew(program: Command, project: Project): void {
  program
    .command('new')
    .description('create a discussion file and print its path')
    .argument('<title>', 'the discussion title')
    .option('--participants <aliases>', 'comma-separated participant aliases (default: participants from config)')
    .option('--context <text>', 'Markdown for the Context section')
    .option('--context-file <file>', 'read the context from a file ("-" for standard input)')
    .option('--dir <dir>', 'directory to create it in (default: discussions.dir from config)')
    .addHelpText('after', '\nExample:\n  quorum new "Add rate limiting" --participants architect,security --context "Protect the public API."')
    .action(async (title: string, options: NewOptions) => {
      if (options.context !== undefined && options.contextFile !== undefined) {
        throw new InvalidInputError('give the context either with --context or with --context-file, not both');
      }
      const context = options.contextFile === undefined ? options.context : await readContext(project, options.contextFile);
      const loaded = await project.config();
      const participants = options.participants === undefined ? loaded.config.participants : splitCommaList(options.participants, '--participants');
      const { renderNewDiscussion } = await import('@quorum/format');
      const markdown = renderNewDiscussion({
        title: title.trim(),
        phase: FREE_FORM_PHASE,
        created: now(project.io.env),
        participants,
        context,
      });
      const storage = await storageFor(project, options.dir);
      const { location } = await createUnique(storage, slugOf(title), markdown);
      project.io.out(`${location}\n`);
    });
}

async function readContext(project: Project, file: string): Promise<string> {
  if (file === '-') return readStandardInput(project);
  try {
    return await readFile(path.resolve(project.io.cwd, file), 'utf8');
  } catch {
    throw new NotFoundError(`the context file ${file} cannot be read`);
  }
}

async function storageFor(project: Project, dir: string | undefined): Promise<DiscussionStorageV1> {
  const { FileStorage } = await import('@quorum/storage-file');
  if (dir !== undefined) return new FileStorage({ dir: path.resolve(project.io.cwd, dir) });
  const loaded = await project.config();
  if (loaded.config.storage.backend === 'file') return new FileStorage({ dir: await project.discussionsDir() });
  const { resolveStorage } = await import('@quorum/config');
  return resolveStorage(await project.plugins(), loaded.config, loaded.projectDir, loaded.source);
}

/** Creates `<slug>.md`, or `<slug>-2.md`, `<slug>-3.md`… when the name is taken. */
async function createUnique(storage: DiscussionStorageV1, slug: string, markdown: string): Promise<{ location: string }> {
  for (let n = 1; ; n++) {
    try {
      return await storage.create(n === 1 ? `${slug}.md` : `${slug}-${n}.md`, markdown);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ALREADY_EXISTS' || n >= 1000) throw error;
    }
  }
}

/** `Add Rate-Limiting (v2)!` → `add-rate-limiting-v2`; letters of any script are kept. */
export function slugOf(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug === '' ? 'discussion' : slug;
}
