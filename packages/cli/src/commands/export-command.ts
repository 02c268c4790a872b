import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { InvalidInputError, StorageError } from '@quorum/core';
import { loadReferenced } from '../open-discussion.js';
import type { Project } from '../project.js';
import { writeFileAtomically } from '../write-file-atomically.js';

interface ExportOptions {
  output?: string;
}

export function registerExport(program: Command, project: Project): void {
  program
    .command('export')
    .description("write a discussion's Markdown, as its storage holds it, to a file or standard output")
    .argument('<discussion>', 'a discussion file, or the id of a discussion in the configured storage (e.g. add-rate-limiting.md)')
    .option('-o, --output <file>', 'write the Markdown to this file (replaced if it exists) instead of standard output')
    .addHelpText(
      'after',
      '\nA path to an existing file is read as a discussion file; anything else is looked up by id in\n' +
        'the storage the config names (storage.backend), so discussions kept by a storage plugin\n' +
        '(a database, say) export as the same Markdown. With --output the written path is printed.\n\n' +
        'Examples:\n  quorum export discussions/add-rate-limiting.md > review.md\n  quorum export add-rate-limiting --output add-rate-limiting.md',
    )
    .action(async (discussion: string, options: ExportOptions) => {
      const { handle, loaded } = await loadReferenced(project, discussion);
      if (options.output === undefined) {
        project.io.out(loaded.source);
        return;
      }
      const target = path.resolve(project.io.cwd, options.output);
      if ((await stat(target).catch(() => undefined))?.isDirectory()) {
        const suggestion = path.join(options.output, path.basename(handle.id).replace(/(\.md)?$/, '.md'));
        throw new InvalidInputError(`--output ${options.output} is a folder; name the file to write, e.g. --output ${suggestion}`);
      }
      try {
        await mkdir(path.dirname(target), { recursive: true });
        await writeFileAtomically(target, loaded.source);
      } catch (error) {
        throw new StorageError(`could not write ${project.display(target)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check that its folder can be written to`, { cause: error });
      }
      project.io.out(`${project.display(target)}\n`);
    });
}
