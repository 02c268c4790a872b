import path from 'node:path';
import type { Command } from 'commander';
import { InvalidInputError } from '@quorum/core';
import type { Project } from '../project.js';
import { CliWorkflowHost } from '../workflow-host.js';

export function registerWorkflowValidate(parent: Command, project: Project): void {
  parent
    .command('validate')
    .description('check workflow files: schema, references, templates and phases, called workflows')
    .argument('<files...>', 'workflow files (.yaml, .yml, .json, .js, .mjs)')
    .addHelpText(
      'after',
      '\nPrints each problem as file:line:column: error: message, and "file: ok" for a file without\n' +
        'errors; exits with 2 when any file has one. Nothing runs and nothing is written.\n\n' +
        'Example:\n  quorum workflow validate examples/workflows/*.yaml',
    )
    .action(async (files: string[]) => {
      const { analyseWorkflowFile, formatWorkflowDiagnostic } = await import('@quorum/runner');
      const host = new CliWorkflowHost(project);
      let failed = 0;
      for (const file of files) {
        const { diagnostics } = await analyseWorkflowFile(file, { cwd: project.io.cwd, describeTemplate: (name) => host.describeTemplate(name) });
        for (const diagnostic of diagnostics) project.io.out(`${formatWorkflowDiagnostic(diagnostic)}\n`);
        if (diagnostics.length > 0) failed++;
        else project.io.out(`${project.display(path.resolve(project.io.cwd, file))}: ok\n`);
      }
      if (failed > 0) {
        throw new InvalidInputError(`${failed} of ${files.length} workflow file${files.length === 1 ? '' : 's'} ${failed === 1 ? 'has' : 'have'} errors`);
      }
    });
}
