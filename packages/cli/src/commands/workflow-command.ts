import type { Command } from 'commander';
import type { Project } from '../project.js';
import { registerWorkflowRun } from './workflow-run-command.js';
import { registerWorkflowValidate } from './workflow-validate-command.js';

/** `quorum workflow run|validate`: scripted workflows that drive discussions. */
export function registerWorkflow(program: Command, project: Project): void {
  const workflow = program
    .command('workflow')
    .description('run and check scripted workflows that create, run, comment on and export discussions')
    .addHelpText(
      'after',
      '\nA workflow is a YAML or JSON file (schemas/workflow.schema.json), or a JavaScript module whose\n' +
        'default export is built with defineWorkflow from @quorum/runner. Examples: examples/workflows/.',
    );
  registerWorkflowRun(workflow, project);
  registerWorkflowValidate(workflow, project);
}
