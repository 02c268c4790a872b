import { stat } from 'node:fs/promises';
import path from 'node:path';
import { InvalidInputError, NotFoundError, didYouMean, type Discussion, type DiscussionStorageV1, type LoadedDiscussion } from '@quorum/core';
import { configuredStorage } from './configured-storage.js';
import { FileStorage } from '@quorum/storage-file';
import type { Project } from './project.js';

/** A discussion named on the command line: the storage that holds it and its id there. */
export interface DiscussionHandle {
  readonly storage: DiscussionStorageV1;
  readonly id: string;
  /** The discussion file, absolute, when it is one; null for a discussion a storage plugin keeps. */
  readonly file: string | null;
  /** How to name it to people: the file's path from the current folder, or the id in its storage. */
  readonly location: string;
}

/** A discussion named on the command line, read. */
export interface OpenedDiscussion extends DiscussionHandle {
  readonly discussion: Discussion;
}

/**
 * The discussion a FILE or ID argument names: an existing file is itself (in a file storage
 * over its folder); anything else is an id in the configured storage (`add-rate-limiting`
 * or `add-rate-limiting.md`), so every verb works with a storage plugin as with files.
 */
export async function discussionFile(project: Project, reference: string): Promise<DiscussionHandle> {
  return (await resolveDiscussion(project, reference)).handle;
}

/** The handle, and the discussion when finding it meant reading it (an id in the configured storage). */
async function resolveDiscussion(project: Project, reference: string): Promise<{ handle: DiscussionHandle; loaded?: LoadedDiscussion }> {
  const absolute = path.resolve(project.io.cwd, reference);
  const info = await stat(absolute).catch(() => undefined);
  if (info !== undefined) {
    if (!info.isFile()) throw new InvalidInputError(`${reference} is not a file; give the path of a discussion file`);
    const storage = new FileStorage({ dir: path.dirname(absolute), onWarning: (message) => project.warn(message) });
    return { handle: { storage, id: path.basename(absolute), file: absolute, location: project.display(absolute) } };
  }
  // A path with folders names a file; only a bare name can be an id in the configured storage.
  if (/[\\/]/.test(reference)) throw new NotFoundError(`${reference} does not exist; give the path of a discussion file, or its id (quorum list shows them)`);
  const storage = await configuredStorage(project);
  for (const id of reference.endsWith('.md') ? [reference] : [reference, `${reference}.md`]) {
    const loaded = await loadIfPresent(storage, id);
    if (loaded !== undefined) {
      const file = storage instanceof FileStorage ? path.join(storage.dir, id) : null;
      return { handle: { storage, id, file, location: file === null ? `${id} (${storage.name} storage)` : project.display(file) }, loaded };
    }
  }
  const known = await storage.list().then((summaries) => summaries.map((summary) => summary.id), () => []);
  throw new NotFoundError(`no discussion file ${reference} and no discussion "${reference}" in the ${storage.name} storage${didYouMean(reference, known)}; quorum list shows them`);
}

/** Reads and parses a discussion (errors carry the file and line). */
export async function openDiscussion(project: Project, reference: string): Promise<OpenedDiscussion> {
  const { handle, loaded } = await loadReferenced(project, reference);
  return { ...handle, discussion: loaded.discussion };
}

/** The discussion a FILE or ID names, read once, with its handle. */
export async function loadReferenced(project: Project, reference: string): Promise<{ handle: DiscussionHandle; loaded: LoadedDiscussion }> {
  const { handle, loaded } = await resolveDiscussion(project, reference);
  return { handle, loaded: loaded ?? (await handle.storage.load(handle.id)) };
}

/** The discussion's file, for commands that write beside it; a discussion in a storage plugin is refused with the way out. */
export function fileOf(handle: DiscussionHandle): string {
  if (handle.file !== null) return handle.file;
  throw new InvalidInputError(`${handle.location} is not a file, and this command works beside a discussion file; write one with quorum export ${handle.id} --output ${path.basename(handle.id).replace(/(\.md)?$/, '.md')} and use that`);
}

/** The discussion with this id, or undefined (by error code: a plugin's storage may not share Quorum's error classes). */
async function loadIfPresent(storage: DiscussionStorageV1, id: string): Promise<LoadedDiscussion | undefined> {
  try {
    return await storage.load(id);
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}

/** Standard input, refusing to wait on a terminal where nothing is piped in. */
export async function readStandardInput(project: Project): Promise<string> {
  if (project.io.stdinIsTty) throw new InvalidInputError('"-" reads from standard input, but nothing is piped in');
  return project.io.readStdin();
}

/** A discussion named by a FILE argument, where `-` reads the discussion from standard input. */
export async function discussionArgument(project: Project, file: string): Promise<{ discussion: Discussion; location: string | null }> {
  if (file !== '-') return openDiscussion(project, file);
  const { parseDiscussion } = await import('@quorum/format');
  return { discussion: parseDiscussion(await readStandardInput(project), { file: '<stdin>' }), location: null };
}
