import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { InvalidInputError } from '@quorum/core';
import type { Project } from '../project.js';
import { starterFiles } from '../starter-project.js';

interface InitOptions {
  force?: boolean;
}

export function registerInit(program: Command, project: Project): void {
  program
    .command('init')
    .description('start a Quorum project: quorum.config.yaml, templates/ and personas/ with one example each')
    .argument('[dir]', 'the project folder (default: the working directory); created when missing')
    .option('--force', 'replace starter files that already exist')
    .addHelpText(
      'after',
      '\nWrites quorum.config.yaml (with its $schema, for editor completion), templates/proposal.yaml\n' +
        'and personas/reviewer.yaml, each commented. Existing files are never replaced without\n' +
        '--force. Then run quorum doctor to check the project.',
    )
    .action(async (dir: string | undefined, options: InitOptions) => {
      const projectDir = path.resolve(project.io.cwd, dir ?? '.');
      const files = starterFiles(projectDir).map((starter) => ({ ...starter, absolute: path.join(projectDir, starter.file) }));
      if (!options.force) {
        const existing: string[] = [];
        for (const file of files) if (await exists(file.absolute)) existing.push(project.display(file.absolute));
        if (existing.length > 0) {
          throw new InvalidInputError(`${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; quorum init replaces nothing without --force`);
        }
      }
      for (const file of files) {
        await mkdir(path.dirname(file.absolute), { recursive: true });
        await writeFile(file.absolute, file.text);
        project.io.out(`wrote ${project.display(file.absolute)}\n`);
      }
      const cd = dir === undefined ? '' : `cd ${dir} && `;
      project.io.out(`Next: ${cd}quorum doctor, then quorum new "A first topic" --template proposal\n`);
    });
}

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined)) !== undefined;
}
