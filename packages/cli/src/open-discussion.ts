import { stat } from 'node:fs/promises';
import path from 'node:path';
import { InvalidInputError, NotFoundError, type Discussion } from '@quorum/core';
import { FileStorage } from '@quorum/storage-file';
import type { Project } from './project.js';

/** A discussion named on the command line, with the storage that holds it. */
export interface OpenedDiscussion {
  readonly storage: FileStorage;
  readonly id: string;
  readonly location: string;
  readonly discussion: Discussion;
}

/** The file storage holding the discussion at a path given on the command line. */
export async function discussionFile(project: Project, file: string): Promise<{ storage: FileStorage; id: string }> {
  const absolute = path.resolve(project.io.cwd, file);
  const info = await stat(absolute).catch(() => undefined);
  if (info === undefined) throw new NotFoundError(`${file} does not exist; give the path of a discussion file (quorum list shows them)`);
  if (!info.isFile()) throw new InvalidInputError(`${file} is not a file; give the path of a discussion file`);
  const storage = new FileStorage({ dir: path.dirname(absolute), onWarning: (message) => project.warn(message) });
  return { storage, id: path.basename(absolute) };
}

/** Reads and parses a discussion file (errors carry the file and line). */
export async function openDiscussion(project: Project, file: string): Promise<OpenedDiscussion> {
  const { storage, id } = await discussionFile(project, file);
  const loaded = await storage.load(id);
  return { storage, id, location: project.display(path.join(storage.dir, id)), discussion: loaded.discussion };
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
