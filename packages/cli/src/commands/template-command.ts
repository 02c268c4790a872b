import type { Command } from 'commander';
import type { Project } from '../project.js';
import { registerTemplateGraph } from './template-graph-command.js';
import { registerTemplateList } from './template-list-command.js';
import { registerTemplateShow } from './template-show-command.js';
import { registerTemplateValidate } from './template-validate-command.js';

/** `quorum template list|validate|show|graph`: working with phase templates. */
export function registerTemplate(program: Command, project: Project): void {
  const template = program
    .command('template')
    .description('list, validate, show and draw phase templates')
    .addHelpText(
      'after',
      '\nTemplates are found by id in, in order: the project\'s templates/ folder, the config\'s\n' +
        'templates.dirs, folders that plugins add, then the templates bundled with Quorum.\n' +
        'Where a NAME is asked for, a path to a .yaml file works too.',
    );
  registerTemplateList(template, project);
  registerTemplateValidate(template, project);
  registerTemplateShow(template, project);
  registerTemplateGraph(template, project);
}
