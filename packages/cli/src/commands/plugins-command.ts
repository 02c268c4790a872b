import type { Command } from 'commander';
import type { Project } from '../project.js';
import { registerPluginsList } from './plugins-list-command.js';

/** `quorum plugins list`: the plugins a project loads and what each adds. */
export function registerPlugins(program: Command, project: Project): void {
  const plugins = program
    .command('plugins')
    .description('list the loaded plugins and what each contributes')
    .addHelpText(
      'after',
      '\nOnly the built-in plugins and the plugins named in the config\'s plugins list are loaded;\n' +
        'nothing is discovered from node_modules or the project folders.',
    );
  registerPluginsList(plugins, project);
}
