import { Command, CommanderError } from 'commander';
import { isQuorumError } from '@quorum/core';
import { processIo, type CliIo } from './cli-io.js';
import { registerAdvance } from './commands/advance-command.js';
import { registerCleanup } from './commands/cleanup-command.js';
import { registerComment } from './commands/comment-command.js';
import { registerDebate } from './commands/debate-command.js';
import { registerDiagram } from './commands/diagram-command.js';
import { registerDoctor } from './commands/doctor-command.js';
import { registerExport } from './commands/export-command.js';
import { registerInit } from './commands/init-command.js';
import { registerList } from './commands/list-command.js';
import { registerNew } from './commands/new-command.js';
import { registerParse } from './commands/parse-command.js';
import { registerParticipants } from './commands/participants-command.js';
import { registerPlugins } from './commands/plugins-command.js';
import { registerProjects } from './commands/projects-command.js';
import { registerRun } from './commands/run-command.js';
import { registerTurn } from './commands/turn-command.js';
import { registerStatus } from './commands/status-command.js';
import { registerSummarize } from './commands/summarize-command.js';
import { registerTemplate } from './commands/template-command.js';
import { registerTopic } from './commands/topic-command.js';
import { registerVotes } from './commands/votes-command.js';
import { registerWorkflow } from './commands/workflow-command.js';
import { Project } from './project.js';
import { VERSION } from './version.js';

/** Exit codes: 0 success, 1 a failure at run time, 2 bad input or usage. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export function createProgram(project: Project): Command {
  const program = new Command('quorum')
    .description('Structured discussions between AI personas and people, in append-only Markdown files.')
    .version(VERSION, '-V, --version')
    .option('-c, --config <file>', 'use this config file instead of searching for quorum.config.*')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput(outputFor(project, 'quorum --help'));
  registerNew(program, project);
  registerComment(program, project);
  registerAdvance(program, project);
  registerTurn(program, project);
  registerRun(program, project);
  registerStatus(program, project);
  registerParse(program, project);
  registerVotes(program, project);
  registerList(program, project);
  registerTemplate(program, project);
  registerParticipants(program, project);
  registerWorkflow(program, project);
  registerSummarize(program, project);
  registerDiagram(program, project);
  registerCleanup(program, project);
  registerDebate(program, project);
  registerProjects(program, project);
  registerTopic(program, project);
  registerExport(program, project);
  registerPlugins(program, project);
  registerDoctor(program, project);
  registerInit(program, project);
  configureSubcommands(program, project, 'quorum');
  return program;
}

/** Every verb, and every verb under a verb (`quorum template show`), reports errors the same way. */
function configureSubcommands(parent: Command, project: Project, prefix: string): void {
  for (const command of parent.commands) {
    const name = `${prefix} ${command.name()}`;
    command.exitOverride().configureOutput(outputFor(project, `${name} --help`));
    configureSubcommands(command, project, name);
  }
}

/** Usage errors as one line: `quorum: <problem>; see quorum <verb> --help`. */
function outputFor(project: Project, help: string) {
  return {
    writeOut: (text: string) => project.io.out(text),
    writeErr: (text: string) => project.io.err(text),
    outputError: (text: string, write: (text: string) => void) =>
      write(`quorum: ${text.replace(/^error: /, '').trim().replace(/\n+/g, ' ')}; see ${help}\n`),
  };
}

/** Runs the CLI and returns the exit code; errors are printed as one sentence on stderr. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const project = new Project(io, configOption(argv));
  try {
    await createProgram(project).parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end the same way as errors in commander; they are not errors.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (isQuorumError(error)) {
      io.err(`quorum: ${error.message}\n`);
      return error.exitCode;
    }
    const detail = error instanceof Error ? error.message : String(error);
    io.err(`quorum: unexpected failure: ${detail}\n`);
    if (io.env.QUORUM_DEBUG && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
    return EXIT.failure;
  }
}

/** `--config` is needed before commander runs (the project is created first). */
function configOption(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return undefined;
    if (arg === '-c' || arg === '--config') return argv[i + 1];
    if (arg.startsWith('--config=')) return arg.slice('--config='.length);
  }
  return undefined;
}
