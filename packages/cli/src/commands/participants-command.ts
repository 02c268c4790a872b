import type { Command } from 'commander';
import type { Project } from '../project.js';
import { registerParticipantsAdd } from './participants-add-command.js';
import { registerParticipantsList } from './participants-list-command.js';
import { clackPrompts, type ParticipantPrompts } from './participants-prompts.js';
import { registerParticipantsRemove } from './participants-remove-command.js';
import { registerParticipantsShow } from './participants-show-command.js';

/**
 * `quorum participants list|show|add|remove`: the personas a project can use. `prompts`
 * supplies the terminal questions (the wizard, confirmations); tests pass scripted ones.
 */
export function registerParticipants(program: Command, project: Project, prompts: () => Promise<ParticipantPrompts> = clackPrompts): void {
  const participants = program
    .command('participants')
    .description('list, show, add and remove participant personas')
    .addHelpText(
      'after',
      "\nPersonas are found, highest first, in: the project's personas/ folder, the config's\n" +
        'personas.dirs, plugins, then the personas bundled with Quorum. A persona replaces a lower\n' +
        'one with the same alias.',
    );
  registerParticipantsList(participants, project);
  registerParticipantsShow(participants, project);
  registerParticipantsAdd(participants, project, prompts);
  registerParticipantsRemove(participants, project, prompts);
}
