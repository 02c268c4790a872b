import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { AlreadyExistsError, InvalidInputError, NotFoundError, type PersonaV1 } from '@quorum/core';
import type { Project } from '../project.js';
import { writeFileAtomically } from '../write-file-atomically.js';
import type { ParticipantPrompts } from './participants-prompts.js';
import { runPersonaWizard } from './participants-wizard.js';

interface AddOptions {
  fromFile?: string;
  force?: boolean;
}

export function registerParticipantsAdd(parent: Command, project: Project, prompts: () => Promise<ParticipantPrompts>): void {
  parent
    .command('add')
    .description("add a persona to the project's personas/ folder, from a file or with a wizard")
    .option('--from-file <file>', 'a persona YAML file to check and copy to personas/<alias>.yaml')
    .option('--force', 'replace a persona the project already has with this alias')
    .addHelpText(
      'after',
      '\nWithout --from-file, on a terminal, a wizard asks for each field. A project persona may\n' +
        'have the alias of a bundled or plugin persona: it replaces that one in this project.\n\n' +
        'Examples:\n  quorum participants add --from-file critic.yaml\n  quorum participants add',
    )
    .action(async (options: AddOptions) => {
      const [{ parsePersonaFile, renderPersonaYaml, describeOrigin }, loaded, registry] = await Promise.all([
        import('@quorum/personas'),
        project.config(),
        project.personas(),
      ]);
      let persona: PersonaV1;
      let text: string;
      if (options.fromFile !== undefined) {
        const source = path.resolve(project.io.cwd, options.fromFile);
        text = await readPersonaSource(source, project.display(source));
        persona = parsePersonaFile(project.display(source), text, { matchFileName: false });
      } else if (project.io.stdinIsTty) {
        persona = await runPersonaWizard(await prompts(), { registry, force: options.force === true, display: (file) => project.display(file) });
        text = renderPersonaYaml(persona);
      } else {
        throw new InvalidInputError('standard input is not a terminal, so the wizard cannot ask its questions; pass --from-file <file> with a persona YAML file');
      }

      const folder = path.join(loaded.projectDir, 'personas');
      const target = path.join(folder, `${persona.alias}.yaml`);
      const twin = path.join(folder, `${persona.alias}.yml`);
      const existing = (await exists(target)) ? target : (await exists(twin)) ? twin : undefined;
      if (existing !== undefined && options.force !== true) {
        throw new AlreadyExistsError(`${project.display(existing)} already defines participant "${persona.alias}"; pass --force to replace it`);
      }
      await mkdir(folder, { recursive: true });
      await writeFileAtomically(target, text);
      if (existing === twin) await rm(twin, { force: true });

      const active = registry.get(persona.alias);
      const replaced =
        existing !== undefined
          ? `; it replaces the previous ${project.display(existing)}`
          : active !== undefined && active.kind !== 'project'
            ? `; it takes the place of the ${describeOrigin(active, (dir) => project.display(dir))} persona "${active.persona.alias}" in this project`
            : '';
      project.io.out(`Added participant ${persona.alias} (${persona.name}, ${persona.type}) in ${project.display(target)}${replaced}\n`);
    });
}

async function readPersonaSource(file: string, display: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new NotFoundError(`the persona file ${display} does not exist`);
    if (code === 'EISDIR') throw new InvalidInputError(`${display} is a directory; pass a persona YAML file`);
    throw new InvalidInputError(`the persona file ${display} cannot be read: ${(error as Error).message}`);
  }
}

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined)) !== undefined;
}
