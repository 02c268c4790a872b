import { lstat, readdir, realpath, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { InvalidInputError, NotFoundError, StorageError, isQuorumError } from '@quorum/core';
import { extractMarkers, summarizeMarkers } from '@quorum/markers';
import { DIAGRAMS_DIR, diagramStem, isInside, listDiagramFiles, resolveDiagramReference } from '../diagram-files.js';
import type { Project } from '../project.js';
import { clackPrompts, type ParticipantPrompts } from './participants-prompts.js';

interface CleanupOptions {
  delete?: boolean;
  yes?: boolean;
  json?: boolean;
}

/** The confirmation `--delete` asks for on a terminal; tests pass scripted answers. */
export type CleanupPrompts = Pick<ParticipantPrompts, 'confirm' | 'isCancel'>;

/** What `quorum cleanup --json` prints. */
export interface CleanupReport {
  /** The discussions folder searched for references. */
  readonly dir: string;
  /** Its diagrams folder, where files are listed (and deleted). */
  readonly diagrams: string;
  /** Diagram files (`.mmd`, `.svg`) no discussion references, as shown. */
  readonly unreferenced: string[];
  /** The files deleted (empty without `--delete`, or when the confirmation was declined). */
  readonly deleted: string[];
}

export function registerCleanup(program: Command, project: Project, prompts: () => Promise<CleanupPrompts> = clackPrompts): void {
  program
    .command('cleanup')
    .description('list diagram files that no discussion references, and delete them with --delete')
    .argument('[dir]', 'the discussions folder (default: discussions.dir from config); its diagrams/ folder is cleaned')
    .option('--delete', 'delete the files listed, after a confirmation on a terminal')
    .option('-y, --yes', 'delete without asking (needed with --delete when there is no terminal)')
    .option('--json', 'print what was found (and deleted) as JSON')
    .addHelpText(
      'after',
      '\nA diagram is referenced when a discussion in DIR has a DIAGRAM: line naming its .mmd or\n' +
        'its .svg (both are kept, or listed, together). Only .mmd and .svg files under DIR/diagrams\n' +
        'are considered; symbolic links are neither followed nor deleted.\n\n' +
        'Examples:\n  quorum cleanup\n  quorum cleanup discussions --delete --yes',
    )
    .action(async (dir: string | undefined, options: CleanupOptions) => {
      const directory = dir === undefined ? await project.discussionsDir() : path.resolve(project.io.cwd, dir);
      // A project without discussions yet has nothing to clean; a folder named on the command line must exist.
      if (dir !== undefined && !(await lstat(directory).catch(() => undefined))?.isDirectory()) {
        throw new NotFoundError(`${dir} is not a folder; give the folder that holds the discussions (default: discussions.dir from config)`);
      }
      const root = path.join(directory, DIAGRAMS_DIR);
      const shownRoot = project.display(root);
      const info = await lstat(root).catch(() => undefined);
      if (info?.isSymbolicLink()) {
        throw new InvalidInputError(`${shownRoot} is a symbolic link; cleanup only works in a real folder, so nothing was listed or deleted`);
      }
      const files = info?.isDirectory() ? await listDiagramFiles(root) : [];
      const referenced = files.length === 0 ? new Set<string>() : await referencedStems(project, directory);
      const unreferenced = files.filter((file) => !referenced.has(diagramStem(file)));
      const report: { -readonly [Key in keyof CleanupReport]: CleanupReport[Key] } = {
        dir: project.display(directory) || '.',
        diagrams: shownRoot,
        unreferenced: unreferenced.map((file) => project.display(file)),
        deleted: [],
      };
      if (!options.json) {
        project.io.out(
          unreferenced.length === 0
            ? `No unreferenced diagram files in ${shownRoot}\n`
            : `Unreferenced diagram files in ${shownRoot} (${unreferenced.length}):\n${report.unreferenced.map((file) => `  ${file}\n`).join('')}`,
        );
      }
      if (options.delete && unreferenced.length > 0 && (await confirmed(project, prompts, options, unreferenced.length, shownRoot))) {
        const deleted = await deleteInside(root, unreferenced, (file) => project.display(file));
        report.deleted = deleted.map((file) => project.display(file));
        if (!options.json) project.io.out(`Deleted ${deleted.length} file${deleted.length === 1 ? '' : 's'}\n`);
      }
      if (options.json) project.io.out(`${JSON.stringify(report, null, 2)}\n`);
    });
}

/** `--yes`, else a question on a terminal; without a terminal `--delete` needs `--yes`. */
async function confirmed(project: Project, prompts: () => Promise<CleanupPrompts>, options: CleanupOptions, count: number, shownRoot: string): Promise<boolean> {
  if (options.yes) return true;
  if (!project.io.stdinIsTty) {
    throw new InvalidInputError(`cleanup --delete asks before deleting, but there is no terminal to ask on; pass --yes to delete the ${count} file${count === 1 ? '' : 's'} listed`);
  }
  const ui = await prompts();
  const answer = await ui.confirm({ message: `Delete ${count} unreferenced diagram file${count === 1 ? '' : 's'} from ${shownRoot}?`, initialValue: false });
  if (ui.isCancel(answer) || answer !== true) {
    if (!options.json) project.io.out('Nothing was deleted.\n');
    return false;
  }
  return true;
}

/**
 * The diagram stems (paths without `.mmd`/`.svg`) the discussions in `directory` reference. A
 * discussion that cannot be read stops the command: its references are unknown, so nothing it
 * might use may be called unreferenced.
 */
async function referencedStems(project: Project, directory: string): Promise<Set<string>> {
  const [{ FileStorage }, registry] = await Promise.all([import('@quorum/storage-file'), project.plugins()]);
  const storage = new FileStorage({ dir: directory });
  const stems = new Set<string>();
  for (const { id } of await storage.list()) {
    const file = path.join(directory, id);
    let loaded;
    try {
      loaded = await storage.load(id);
    } catch (error) {
      if (!isQuorumError(error)) throw error;
      throw new InvalidInputError(`${error.message}; cleanup cannot tell which diagrams ${project.display(file)} uses, so nothing was listed or deleted`);
    }
    const comments = loaded.discussion.sections.flatMap((section) => (section.kind === 'comment' ? [section] : []));
    for (const diagram of summarizeMarkers(extractMarkers(comments, registry.markerSets)).diagrams) {
      stems.add(diagramStem(resolveDiagramReference(file, diagram.path)));
    }
  }
  return stems;
}

/**
 * Deletes `files`, each only if it is still a regular file (not a link) whose real location is
 * inside the real diagrams folder; then removes the folders under it that this left empty.
 */
async function deleteInside(root: string, files: readonly string[], display: (file: string) => string): Promise<string[]> {
  const realRoot = await realpath(root);
  const deleted: string[] = [];
  const folders = new Set<string>();
  for (const file of files) {
    const info = await lstat(file).catch(() => undefined);
    if (info === undefined || !info.isFile()) continue;
    const realFolder = await realpath(path.dirname(file)).catch(() => undefined);
    if (realFolder === undefined || !isInside(realRoot, realFolder)) continue;
    try {
      await unlink(file);
    } catch (error) {
      throw new StorageError(`could not delete ${display(file)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); ${deleted.length} file${deleted.length === 1 ? ' was' : 's were'} deleted before it`);
    }
    deleted.push(file);
    for (let folder = path.dirname(file); folder !== root && isInside(root, folder); folder = path.dirname(folder)) folders.add(folder);
  }
  // Deepest first, so a folder emptied by removing its empty subfolder goes too.
  for (const folder of [...folders].sort((a, b) => b.length - a.length)) {
    if ((await readdir(folder).catch(() => ['?'])).length === 0) await rmdir(folder).catch(() => undefined);
  }
  return deleted;
}
