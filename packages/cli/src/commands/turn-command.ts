import type { Command } from 'commander';
import { runSession, responderAliases, type SessionOptions } from '../engine-session.js';
import type { Project } from '../project.js';
import { report } from './run-command.js';

export function registerTurn(program: Command, project: Project): void {
  program
    .command('turn')
    .description('run one round of a discussion, then move it on if the phase is done')
    .argument('<file>', 'the discussion file')
    .argument('[aliases...]', 'who speaks: @alias… or @all (default: those mentioned since they last spoke, else everyone)')
    .option('--callout <text>', 'what to ask of the participants this round')
    .option('--provider <model>', 'one model for every participant: provider:model or a provider name')
    .option('--record <cassette>', 'save every reply to a cassette file')
    .option('--replay <cassette>', 'answer from a cassette recorded with --record, calling no provider')
    .option('--events <file>', 'also append every event as JSON Lines to this file')
    .option('--json', 'print the events as JSON Lines on standard output instead of progress')
    .option('-v, --verbose', 'say which models answer each participant and the provider settings in use (keys masked)')
    .addHelpText(
      'after',
      '\nExamples:\n  quorum turn discussions/add-rate-limiting.md\n  quorum turn discussions/add-rate-limiting.md @security --callout "Is a per-key limit enough against credential stuffing?"',
    )
    .action(async (file: string, aliases: string[], options: SessionOptions) => {
      const responders = aliases.length === 0 ? undefined : responderAliases(aliases);
      const result = await runSession(project, file, { ...options, responders, maxTurns: 1 });
      // One round is what was asked for, so the turn cap is the normal end here.
      const message = result.outcome === 'turn-cap' ? `round done; the discussion is in phase ${result.phase}` : result.message;
      report(project, file, { ...result, message }, options.json === true);
    });
}
