import type { Command } from 'commander';
import type { Project } from '../project.js';

interface ListOptions {
  json?: boolean;
}

/** One row of `quorum participants list`. */
export interface ParticipantListRow {
  readonly alias: string;
  readonly name: string;
  readonly role: string;
  readonly type: 'voting' | 'background';
  /** The persona's provider hint; null when the config decides. */
  readonly provider: string | null;
  /** `bundled`, `project`, `config <folder>` or `plugin <name>`. */
  readonly origin: string;
  /** The file it was read from, relative to the working directory when inside it; null for a programmatic source. */
  readonly file: string | null;
  /** The origins of personas with the same alias that this one replaces. */
  readonly replaces: readonly string[];
}

export function registerParticipantsList(parent: Command, project: Project): void {
  parent
    .command('list')
    .description('list every participant persona: alias, name, role, type, provider hint and origin')
    .option('--json', 'print the list as JSON')
    .action(async (options: ListOptions) => {
      const [{ describeOrigin }, registry] = await Promise.all([import('@quorum/personas'), project.personas()]);
      const display = (dir: string) => project.display(dir);
      const rows: ParticipantListRow[] = registry.list().map((registered) => ({
        alias: registered.persona.alias,
        name: registered.persona.name,
        role: registered.persona.role,
        type: registered.persona.type,
        provider: registered.persona.provider ?? null,
        origin: describeOrigin(registered, display),
        file: registered.origin.file === undefined ? null : display(registered.origin.file),
        replaces: registry.shadowed(registered.persona.alias).map((hidden) => describeOrigin(hidden, display)),
      }));
      if (options.json) {
        project.io.out(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      if (rows.length === 0) {
        project.io.out('No participants: add one with quorum participants add\n');
        return;
      }
      project.io.out(renderTable(rows));
    });
}

function renderTable(rows: readonly ParticipantListRow[]): string {
  const table = [
    ['ALIAS', 'NAME', 'ROLE', 'TYPE', 'PROVIDER', 'ORIGIN'],
    ...rows.map((row) => [
      row.alias,
      row.name,
      row.role,
      row.type,
      row.provider ?? '-',
      row.replaces.length === 0 ? row.origin : `${row.origin} (replaces ${row.replaces.join(', ')})`,
    ]),
  ];
  const last = table[0]!.length - 1;
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  return `${table.map((row) => row.map((cell, column) => (column < last ? cell.padEnd(widths[column]!) : cell)).join('  ')).join('\n')}\n`;
}
