import type { Command } from 'commander';
import { QuorumError } from '@quorum/core';
import { runDoctorChecks, type CheckLevel, type CheckResult } from '../doctor-checks.js';
import { parsePositiveNumber } from '../options.js';
import type { Project } from '../project.js';

interface DoctorOptions {
  online?: boolean;
  timeout: number;
  json?: boolean;
}

/** `quorum doctor` found problems; they were printed, this is the closing sentence (exit 1). */
class ChecksFailedError extends QuorumError {
  constructor(detail: string) {
    super('CHECKS_FAILED', 1, detail);
  }
}

const LABELS: Readonly<Record<CheckLevel, string>> = { ok: 'ok', note: 'note', warning: 'warning', problem: 'problem' };

export function registerDoctor(program: Command, project: Project): void {
  program
    .command('doctor')
    .description('check the config, plugins, templates, personas, storage and providers of this project')
    .option('--online', 'also ask every configured provider a minimal request')
    .option('--timeout <seconds>', 'time limit of each --online request', parsePositiveNumber('--timeout'), 15)
    .option('--json', 'print the checks and the summary as JSON')
    .addHelpText(
      'after',
      '\nPrints one line per check: ok, note (worth knowing, nothing to fix), warning or problem, then\n' +
        'a summary. Exits with 1 when there is a problem; warnings alone exit with 0. API keys are\n' +
        'never printed: only whether each is set.',
    )
    .action(async (options: DoctorOptions) => {
      const results = await runDoctorChecks(project, { online: options.online === true, timeoutMs: Math.round(options.timeout * 1000) });
      const count = (level: CheckLevel) => results.filter((result) => result.level === level).length;
      const summary = { ok: count('ok'), notes: count('note'), warnings: count('warning'), problems: count('problem') };
      if (options.json) {
        project.io.out(`${JSON.stringify({ checks: results, summary }, null, 2)}\n`);
      } else {
        project.io.out(results.map(renderLine).join(''));
        project.io.out(`\n${plural(summary.ok, 'check')} ok, ${plural(summary.warnings, 'warning')}, ${plural(summary.problems, 'problem')}${summary.notes > 0 ? ` (${plural(summary.notes, 'note')})` : ''}\n`);
      }
      if (summary.problems > 0) {
        throw new ChecksFailedError(`doctor found ${plural(summary.problems, 'problem')}; fix ${summary.problems === 1 ? 'it' : 'them'} and run quorum doctor again`);
      }
    });
}

function renderLine(result: CheckResult): string {
  return `${LABELS[result.level].padEnd(8)}${result.area}: ${result.message}\n`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
