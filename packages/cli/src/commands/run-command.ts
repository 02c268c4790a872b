import type { Command } from 'commander';
import { InvalidInputError } from '@quorum/core';
import type { RunResult } from '@quorum/engine';
import { runSession, type SessionOptions } from '../engine-session.js';
import { parsePositiveInteger, parsePositiveNumber } from '../options.js';
import type { Project } from '../project.js';
import { createDiscussion } from './new-command.js';

interface RunOptions extends SessionOptions {
  template?: string;
  title?: string;
  context?: string;
  contextFile?: string;
  participants?: string;
  dir?: string;
}

export function registerRun(program: Command, project: Project): void {
  program
    .command('run')
    .description('run a discussion to a final phase (or a human wait, a budget or the turn cap)')
    .argument('[file]', 'the discussion file (or create one with --template and --title)')
    .option('--template <name>', 'create a discussion from this template first')
    .option('--title <title>', 'title of the discussion created with --template')
    .option('--context <text>', 'Markdown for the Context section of a new discussion')
    .option('--context-file <file>', 'read the context of a new discussion from a file ("-" for standard input)')
    .option('--participants <aliases>', 'comma-separated participant aliases of a new discussion')
    .option('--dir <dir>', 'directory of a new discussion (default: discussions.dir from config)')
    .option('--max-turns <n>', 'start at most this many rounds in this run', parsePositiveInteger('--max-turns'))
    .option('--max-cost <usd>', 'stop before the discussion would cost more than this in US dollars', parsePositiveNumber('--max-cost'))
    .option('--provider <model>', 'one model for every participant: provider:model or a provider name')
    .option('--record <cassette>', 'save every reply to a cassette file')
    .option('--replay <cassette>', 'answer from a cassette recorded with --record, calling no provider')
    .option('--events <file>', 'also append every event as JSON Lines to this file')
    .option('--json', 'print the events as JSON Lines on standard output instead of progress')
    .option('-v, --verbose', 'say which models answer each participant and the provider settings in use (keys masked)')
    .addHelpText(
      'after',
      '\nA run killed at any point continues where it stopped when run again: nothing is lost or asked twice.\n\nExamples:\n' +
        '  quorum run --template feature --title "Add rate limiting" --context "Limit each API key to 100 requests a minute."\n' +
        '  quorum run discussions/add-rate-limiting.md --max-turns 3 --provider anthropic:claude-sonnet-4-5\n' +
        '  quorum run discussions/review.md --json > events.jsonl',
    )
    .action(async (file: string | undefined, options: RunOptions) => {
      const target = await discussionToRun(project, file, options);
      const result = await runSession(project, target, options);
      report(project, target, result, options.json === true);
    });
}

async function discussionToRun(project: Project, file: string | undefined, options: RunOptions): Promise<string> {
  const creating = options.template !== undefined || options.title !== undefined;
  if (file !== undefined) {
    if (creating) throw new InvalidInputError('give either a discussion file or --template with --title to create one, not both');
    return file;
  }
  if (options.template === undefined || options.title === undefined) {
    throw new InvalidInputError('name a discussion file, or create one with --template NAME --title "…"');
  }
  const created = await createDiscussion(project, options.title, options);
  if (options.json !== true) project.io.err(`created ${created.location}\n`);
  return created.file;
}

/** The last word of a run: how it ended, on stdout (or as the final JSON line's outcome with --json). */
export function report(project: Project, file: string, result: RunResult, json: boolean): void {
  if (json) return;
  const cost = result.cost === null ? 'cost unknown' : `$${result.cost.toFixed(4)}`;
  const tokens = `${result.usage.inputTokens + result.usage.outputTokens} tokens`;
  project.io.out(`${project.display(file)}: ${result.message} [${result.rounds} round${result.rounds === 1 ? '' : 's'}, ${tokens}, ${cost}]\n`);
}
