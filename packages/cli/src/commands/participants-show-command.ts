import type { Command } from 'commander';
import type { PersonaV1 } from '@quorum/core';
import type { Project } from '../project.js';

interface ShowOptions {
  json?: boolean;
}

/** What `quorum participants show --json` prints: every field of the persona and where it came from. */
export type ParticipantShowReport = PersonaV1 & {
  readonly origin: string;
  readonly file: string | null;
  readonly replaces: readonly string[];
};

export function registerParticipantsShow(parent: Command, project: Project): void {
  parent
    .command('show')
    .description('show a participant persona in full: every field, its personality, and where it came from')
    .argument('<alias>', 'a participant alias (quorum participants list)')
    .option('--json', 'print the persona as JSON')
    .addHelpText('after', '\nExamples:\n  quorum participants show architect\n  quorum participants show visualizer --json')
    .action(async (alias: string, options: ShowOptions) => {
      const [{ describeOrigin }, registry] = await Promise.all([import('@quorum/personas'), project.personas()]);
      const registered = registry.require(alias);
      const display = (dir: string) => project.display(dir);
      const report: ParticipantShowReport = {
        ...registered.persona,
        origin: describeOrigin(registered, display),
        file: registered.origin.file === undefined ? null : display(registered.origin.file),
        replaces: registry.shadowed(registered.persona.alias).map((hidden) => describeOrigin(hidden, display)),
      };
      project.io.out(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderPersona(report));
    });
}

function renderPersona(report: ParticipantShowReport): string {
  const lines = [
    `Participant: ${report.alias} — ${report.name}`,
    `Role: ${report.role}`,
    `Type: ${report.type === 'voting' ? 'voting (votes when a phase counts votes)' : 'background (comments, never votes)'}`,
    `Provider: ${report.provider ?? '- (the config decides)'}`,
  ];
  if (report.model !== undefined) lines.push(`Model: ${report.model}`);
  if (report.temperature !== undefined) lines.push(`Temperature: ${report.temperature}`);
  if (report.weight !== undefined) lines.push(`Weight: ${report.weight}`);
  lines.push(`Origin: ${report.origin}${report.file === null ? '' : ` (${report.file})`}`);
  if (report.replaces.length > 0) lines.push(`Replaces: ${report.replaces.join(', ')}`);
  lines.push('', 'Expertise:', ...listed(report.expertise), '', 'Concerns:', ...listed(report.concerns), '', 'Personality:');
  lines.push(...report.personality.replace(/\n+$/, '').split('\n').map((line) => (line === '' ? '' : `  ${line}`)));
  return `${lines.join('\n')}\n`;
}

function listed(items: readonly string[]): string[] {
  return items.length === 0 ? ['  (none)'] : items.map((item) => `  - ${item}`);
}
