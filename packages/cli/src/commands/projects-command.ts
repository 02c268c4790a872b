import path from 'node:path';
import type { Command } from 'commander';
import type { Project } from '../project.js';

interface ProjectsListOptions {
  projects?: string;
  json?: boolean;
}

/** `quorum projects list`: the design-debate sessions in the projects folder. */
export function registerProjects(program: Command, project: Project): void {
  const projects = program.command('projects').description('the design-debate sessions quorum debate wrote');
  projects
    .command('list')
    .description('list the sessions with their date, outcome, topic and folder, newest first')
    .option('--projects <dir>', 'the projects folder (default: projects/ in the project directory)')
    .option('--json', 'print the sessions as JSON')
    .addHelpText('after', '\nA session that failed, was stopped or is still running shows as incomplete.\n\nExamples:\n  quorum projects list\n  quorum projects list --json | jq \'.[0].folder\'')
    .action(async (options: ProjectsListOptions) => {
      const [{ listProjects, describe, displayDate }, loaded] = await Promise.all([import('../debate/projects-index.js'), project.config()]);
      const root = options.projects === undefined ? path.join(loaded.projectDir, 'projects') : path.resolve(project.io.cwd, options.projects);
      const entries = await listProjects(root);
      if (options.json === true) {
        const rows = entries.map((entry) => ({
          ...entry,
          path: project.display(entry.path),
          diagram: entry.diagram === null ? null : project.display(path.join(entry.path, entry.diagram)),
        }));
        project.io.out(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      if (entries.length === 0) {
        project.io.out(`No design sessions in ${project.display(root) || '.'}; start one with quorum debate "Design a URL shortener"\n`);
        return;
      }
      const rows = [['DATE', 'OUTCOME', 'TOPIC', 'FOLDER'], ...entries.map((entry) => [displayDate(entry.created), describe(entry), entry.topic, project.display(entry.path)])];
      const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
      project.io.out(`${rows.map((row) => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell)).join('  ')).join('\n')}\n`);
    });
}
