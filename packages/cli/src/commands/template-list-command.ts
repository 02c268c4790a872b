import type { Command } from 'commander';
import type { Project } from '../project.js';

interface TemplateListOptions {
  json?: boolean;
}

/** One row of `quorum template list`. */
export interface TemplateListRow {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** The template file, relative to the working directory when it is inside it. */
  readonly file: string;
}

export function registerTemplateList(parent: Command, project: Project): void {
  parent
    .command('list')
    .description('list every template found, with its title, file and description')
    .option('--json', 'print the list as JSON')
    .addHelpText('after', '\nWhen two folders have a template with the same id, the first folder in the search order wins.')
    .action(async (options: TemplateListOptions) => {
      const [{ findTemplates }, context] = await Promise.all([import('@quorum/compiler'), project.templateContext()]);
      const rows: TemplateListRow[] = (await findTemplates(context.dirs)).map((listing) => ({
        id: listing.id,
        title: listing.title,
        description: listing.description,
        file: project.display(listing.file),
      }));
      if (options.json) {
        project.io.out(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      if (rows.length === 0) {
        project.io.out(`No templates in ${context.dirs.map((dir) => project.display(dir)).join(', ')}\n`);
        return;
      }
      project.io.out(renderTable(rows));
    });
}

function renderTable(rows: readonly TemplateListRow[]): string {
  const table = [['ID', 'TITLE', 'FILE', 'DESCRIPTION'], ...rows.map((row) => [row.id, row.title, row.file, oneLine(row.description)])];
  const widths = [0, 1, 2].map((column) => Math.max(...table.map((row) => row[column]!.length)));
  return `${table.map((row) => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell)).join('  ')).join('\n')}\n`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
