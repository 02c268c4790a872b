import path from 'node:path';
import type { Command } from 'commander';
import { InvalidInputError } from '@quorum/core';
import type { Project } from '../project.js';
import { CliWorkflowHost } from '../workflow-host.js';

interface WorkflowRunOptions {
  var?: string[];
  dryRun?: boolean;
  provider?: string;
  output?: string;
  json?: boolean;
  verbose?: boolean;
  git?: boolean;
}

/** Where run folders go, under the project directory, when --output does not say. */
export const WORKFLOW_RUNS_DIR = 'workflow-runs';

export function registerWorkflowRun(parent: Command, project: Project): void {
  parent
    .command('run')
    .description('run a workflow; run it again with the same vars to carry on after a stop')
    .argument('<file>', 'the workflow file (.yaml, .yml, .json, .js, .mjs)')
    .option('--var <name=value>', 'a value for one of the workflow\'s vars (repeat for more; a list var takes a,b,c)', collect)
    .option('--dry-run', 'print the plan with the vars filled in; call no provider and write nothing')
    .option('--provider <model>', 'one model for every discussion the workflow runs: provider:model or a provider name')
    .option('--output <dir>', `the run folder (default: ${WORKFLOW_RUNS_DIR}/<workflow>/<vars> in the project)`)
    .option('--json', 'print the result (run folder, outputs, discussions) as JSON on standard output')
    .option('--git', 'commit the files every export: files step writes, with git, in the folder it writes them to (a repository of its own unless it already is the top of one)')
    .option('-v, --verbose', "also show every discussion's rounds, replies, votes and phase changes")
    .addHelpText(
      'after',
      '\nProgress goes to stderr, one line per step. Each workflow and set of vars has its own run folder\n' +
        'holding progress.json, the discussions it creates and its exports; a run that was stopped (Ctrl-C,\n' +
        'a crash, a kill) carries on from there when run again with the same vars, repeating no finished\n' +
        'step. A fail step ends the workflow with exit code 1.\n\nExamples:\n' +
        '  quorum workflow run examples/workflows/daily-debate.yaml --var topic="A URL shortener"\n' +
        '  quorum workflow run examples/workflows/fan-out.yaml --var topics="Search,Billing,Sign-up" --dry-run\n' +
        '  quorum workflow run examples/workflows/release-gate.yaml --var sign_off=REJECT || echo blocked',
    )
    .action(async (file: string, options: WorkflowRunOptions) => {
      const { loadWorkflowFile, planWorkflow, runWorkflow } = await import('@quorum/runner');
      const vars = parseVars(options.var ?? []);
      const host = new CliWorkflowHost(project, { provider: options.provider, verbose: options.verbose });
      const cwd = project.io.cwd;
      const workflow = await loadWorkflowFile(file, { cwd, describeTemplate: (name) => host.describeTemplate(name) });
      const loaded = await project.config();
      const outputRoot = path.join(loaded.projectDir, WORKFLOW_RUNS_DIR);
      const outputDir = options.output === undefined ? undefined : path.resolve(cwd, options.output);
      if (options.dryRun) {
        const lines = await planWorkflow(workflow, { vars, outputDir, outputRoot, cwd });
        if (options.provider !== undefined) lines.push(`every discussion runs with ${options.provider} (--provider)`);
        project.io.out(`${lines.join('\n')}\n`);
        return;
      }
      const controller = new AbortController();
      const stop = () => {
        if (controller.signal.aborted) process.exit(130);
        project.warn('stopping after the replies in progress are written (Ctrl-C again to quit at once); run the workflow again to carry on');
        controller.abort();
      };
      process.on('SIGINT', stop);
      try {
        const result = await runWorkflow(workflow, {
          host,
          vars,
          outputDir,
          outputRoot,
          cwd,
          signal: controller.signal,
          git: options.git,
          log: (line) => project.io.err(`${line}\n`),
        });
        if (options.json) {
          project.io.out(`${JSON.stringify(result, null, 2)}\n`);
          return;
        }
        const steps = `${result.ran} step${result.ran === 1 ? '' : 's'} run${result.skipped > 0 ? `, ${result.skipped} finished earlier` : ''}`;
        project.io.out(`${result.name}: finished (${steps}); run folder ${project.display(result.outputDir)}\n`);
        for (const [name, value] of Object.entries(result.outputs)) {
          project.io.out(`${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
        }
      } finally {
        process.removeListener('SIGINT', stop);
      }
    });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `--var name=value` options; a name given twice becomes a list (for list vars). */
function parseVars(given: readonly string[]): Record<string, string | string[]> {
  const vars: Record<string, string | string[]> = {};
  for (const option of given) {
    const equals = option.indexOf('=');
    if (equals <= 0) throw new InvalidInputError(`--var ${option} needs the form name=value`);
    const name = option.slice(0, equals).trim();
    const value = option.slice(equals + 1);
    const previous = vars[name];
    vars[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return vars;
}
