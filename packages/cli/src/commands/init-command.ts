import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { InvalidInputError } from '@quorum/core';
import type { Project } from '../project.js';
import { STARTER_CONFIG_FILE, starterFiles } from '../starter-project.js';

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
        '--force, and a folder that another config file (.quorumrc, quorum.config.json, a "quorum"\n' +
        'key in package.json…) already configures is left alone. Then run quorum doctor to check\n' +
        'the project.',
    )
    .action(async (dir: string | undefined, options: InitOptions) => {
      const projectDir = path.resolve(project.io.cwd, dir ?? '.');
      const info = await stat(projectDir).catch(() => undefined);
      if (info !== undefined && !info.isDirectory()) {
        throw new InvalidInputError(`${dir ?? '.'} is not a folder; give quorum init the folder of the project (it is created when missing)`);
      }
      const other = await otherConfigFile(projectDir);
      if (other !== undefined) {
        throw new InvalidInputError(
          `${project.display(other)} already configures Quorum in this folder, and a ${STARTER_CONFIG_FILE} beside it would be ignored; keep it, or remove it and run quorum init again`,
        );
      }
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
      const cd = dir === undefined ? '' : `cd ${shellWord(dir)} && `;
      project.io.out(`Next: ${cd}quorum doctor, then quorum new "A first topic" --template proposal\n`);
    });
}

/** `dir` as a shell reads it back: quoted when it holds anything but plain path characters. */
function shellWord(word: string): string {
  return /^[\w./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined)) !== undefined;
}

/**
 * A config file other than the starter one that Quorum would read in `dir` (it would win
 * over, or sit confusingly beside, the quorum.config.yaml init writes); a package.json
 * counts only when it has a "quorum" key.
 */
async function otherConfigFile(dir: string): Promise<string | undefined> {
  const { CONFIG_SEARCH_PLACES } = await import('@quorum/config');
  for (const place of CONFIG_SEARCH_PLACES) {
    if (place === STARTER_CONFIG_FILE) continue;
    const file = path.join(dir, place);
    if (!(await stat(file).catch(() => undefined))?.isFile()) continue;
    if (place !== 'package.json') return file;
    const manifest: unknown = await readFile(file, 'utf8').then(JSON.parse, () => undefined).catch(() => undefined);
    if (typeof manifest === 'object' && manifest !== null && Object.hasOwn(manifest, 'quorum')) return file;
  }
  return undefined;
}
