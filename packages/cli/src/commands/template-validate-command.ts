import path from 'node:path';
import type { Command } from 'commander';
import { InvalidInputError, isQuorumError } from '@quorum/core';
import type { Diagnostic } from '@quorum/compiler';
import type { Project } from '../project.js';
import { formatDiagnostic } from '../template-diagnostics.js';

export function registerTemplateValidate(parent: Command, project: Project): void {
  parent
    .command('validate')
    .description('check template files: schema, phase graph, conditions and references')
    .argument('<files...>', 'template files (.yaml)')
    .addHelpText(
      'after',
      '\nPrints each problem as file:line:column: error|warning: message, and "file: ok" for a file\n' +
        'without errors. Exits with 2 when any file has an error; warnings alone exit with 0.\n\n' +
        'Example:\n  quorum template validate templates/*.yaml',
    )
    .action(async (files: string[]) => {
      const [{ validateTemplateFile }, context] = await Promise.all([import('@quorum/compiler'), project.templateContext()]);
      let failed = 0;
      for (const file of files) {
        const absolute = path.resolve(project.io.cwd, file);
        const shown = project.display(absolute);
        const diagnostics = await diagnosticsOf(() => validateTemplateFile(absolute, context));
        for (const diagnostic of diagnostics) project.io.out(`${formatDiagnostic(project, diagnostic, shown)}\n`);
        const errors = diagnostics.filter((d) => d.severity === 'error').length;
        const warnings = diagnostics.length - errors;
        if (errors > 0) {
          failed++;
          continue;
        }
        project.io.out(`${shown}: ok${warnings === 0 ? '' : ` (${warnings} warning${warnings === 1 ? '' : 's'})`}\n`);
      }
      if (failed > 0) {
        throw new InvalidInputError(`${failed} of ${files.length} template file${files.length === 1 ? '' : 's'} ${failed === 1 ? 'has' : 'have'} errors`);
      }
    });
}

/** The diagnostics of one file; a file that cannot be read at all becomes one error. */
async function diagnosticsOf(validate: () => Promise<Diagnostic[]>): Promise<Diagnostic[]> {
  try {
    return await validate();
  } catch (error) {
    if (!isQuorumError(error)) throw error;
    return [{ severity: 'error', code: error.code, message: error.detail, file: error.file, line: error.line, column: error.column }];
  }
}
