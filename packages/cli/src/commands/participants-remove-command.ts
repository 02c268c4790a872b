import { rm } from 'node:fs/promises';
import type { Command } from 'commander';
import { InvalidInputError } from '@quorum/core';
import type { Project } from '../project.js';
import type { ParticipantPrompts } from './participants-prompts.js';

interface RemoveOptions {
  yes?: boolean;
}

export function registerParticipantsRemove(parent: Command, project: Project, prompts: () => Promise<ParticipantPrompts>): void {
  parent
    .command('remove')
    .description("remove a persona from the project's personas/ folder")
    .argument('<alias>', 'the alias of a project persona (quorum participants list)')
    .option('-y, --yes', 'do not ask for confirmation on a terminal')
    .addHelpText(
      'after',
      '\nOnly project personas (personas/<alias>.yaml) can be removed. When the project persona\n' +
        'replaced a bundled or plugin persona with the same alias, that one is used again.\n\n' +
        'Example:\n  quorum participants remove critic --yes',
    )
    .action(async (alias: string, options: RemoveOptions) => {
      const [{ describeOrigin }, registry] = await Promise.all([import('@quorum/personas'), project.personas()]);
      const registered = registry.require(alias);
      const display = (dir: string) => project.display(dir);
      if (registered.kind !== 'project' || registered.origin.file === undefined) {
        const where =
          registered.kind === 'bundled'
            ? 'is bundled with Quorum and cannot be removed; to change it in this project, add a project persona with the same alias (quorum participants add)'
            : registered.kind === 'config'
              ? `comes from the folder ${display(registered.origin.source)} named in config (personas.dirs); delete its file there, or take the folder out of the config`
              : `comes from plugin ${registered.origin.source}; take the plugin out of the config to drop it, or add a project persona with the same alias to replace it`;
        throw new InvalidInputError(`participant "${registered.persona.alias}" ${where}`);
      }
      const file = registered.origin.file;
      if (project.io.stdinIsTty && options.yes !== true) {
        const ui = await prompts();
        const answer = await ui.confirm({ message: `Remove ${project.display(file)} (${registered.persona.name})?`, initialValue: false });
        if (ui.isCancel(answer) || answer !== true) {
          project.io.out('Nothing was removed.\n');
          return;
        }
      }
      await rm(file);
      const next = registry.shadowed(registered.persona.alias)[0];
      const after = next === undefined ? '' : `; the ${describeOrigin(next, display)} persona "${next.persona.alias}" is used again`;
      project.io.out(`Removed participant ${registered.persona.alias} (${project.display(file)})${after}\n`);
    });
}
