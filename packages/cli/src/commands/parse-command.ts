import type { Command } from 'commander';
import { buildParseOutput } from '../discussion-report.js';
import { discussionArgument } from '../open-discussion.js';
import type { Project } from '../project.js';

export function registerParse(program: Command, project: Project): void {
  program
    .command('parse')
    .description('print a discussion as JSON: headers, comments with votes and markers, questions, decisions, todos, concerns')
    .argument('<file>', 'the discussion file, or "-" to read it from standard input')
    .addHelpText('after', '\nExample:\n  quorum parse discussions/add-rate-limiting.md | quorum votes')
    .action(async (file: string) => {
      const { discussion, location } = await discussionArgument(project, file);
      const registry = await project.plugins();
      project.io.out(`${JSON.stringify(buildParseOutput(discussion, registry.markerSets, location), null, 2)}\n`);
    });
}
