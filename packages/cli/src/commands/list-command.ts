import path from 'node:path';
import type { Command } from 'commander';
import type { DiscussionSummary } from '@quorum/core';
import { configuredStorage } from '../configured-storage.js';
import type { Project } from '../project.js';

interface ListOptions {
  status?: string;
  json?: boolean;
}

export function registerList(program: Command, project: Project): void {
  program
    .command('list')
    .description('list discussions with their title, phase and status')
    .argument('[dir]', 'the directory to list (default: discussions.dir from config)')
    .option('--status <status>', 'only discussions with this status (e.g. OPEN, ACCEPTED), any case')
    .option('--json', 'print the list as JSON')
    .action(async (dir: string | undefined, options: ListOptions) => {
      const { FileStorage } = await import('@quorum/storage-file');
      // A folder given is listed as files; otherwise the configured storage (a plugin's too).
      const storage = dir === undefined ? await configuredStorage(project) : new FileStorage({ dir: path.resolve(project.io.cwd, dir) });
      const directory = storage instanceof FileStorage ? storage.dir : null;
      const wanted = options.status?.toLowerCase();
      const discussions = (await storage.list())
        .filter((d) => wanted === undefined || d.status?.toLowerCase() === wanted)
        .map((d) => ({ ...d, location: directory === null ? d.id : project.display(path.join(directory, d.id)) }));
      if (options.json) {
        project.io.out(`${JSON.stringify(discussions, null, 2)}\n`);
        return;
      }
      if (discussions.length === 0) {
        project.io.out(`No discussions${wanted ? ` with status ${options.status}` : ''} in ${directory === null ? `the ${storage.name} storage` : project.display(directory) || '.'}\n`);
        return;
      }
      project.io.out(renderTable(discussions));
    });
}

function renderTable(discussions: readonly DiscussionSummary[]): string {
  const rows = [['FILE', 'STATUS', 'PHASE', 'TITLE'], ...discussions.map((d) => [d.location, d.status ?? '-', d.phase ?? '-', d.title ?? '-'])];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  return `${rows.map((row) => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell)).join('  ')).join('\n')}\n`;
}
