import type { Command } from 'commander';
import { describeContributions, listPlugins, type PluginListing } from '../plugin-listing.js';
import type { Project } from '../project.js';

interface PluginsListOptions {
  json?: boolean;
}

export function registerPluginsList(parent: Command, project: Project): void {
  parent
    .command('list')
    .description('list every loaded plugin: name, version, specification version, origin and contributions')
    .option('--json', 'print the list as JSON')
    .addHelpText(
      'after',
      '\nThe origin is "built-in", the npm package name or the module path as written in the config.\n' +
        'A plugin that fails to load fails the command with one sentence naming it.',
    )
    .action(async (options: PluginsListOptions) => {
      const registry = await project.plugins();
      const listings = listPlugins(registry, (file) => project.display(file));
      if (options.json) {
        project.io.out(`${JSON.stringify(listings, null, 2)}\n`);
        return;
      }
      project.io.out(listings.map(renderPlugin).join(''));
    });
}

function renderPlugin(listing: PluginListing): string {
  // A package's file says which installed copy was imported; a path is its file already.
  const origin =
    listing.origin === 'built-in'
      ? 'built-in'
      : `${listing.origin} ${listing.source}${listing.file !== null && listing.origin === 'package' ? ` from ${listing.file}` : ''}`;
  const contributions = describeContributions(listing);
  return [
    `${listing.name} ${listing.version} (specification ${listing.specificationVersion}, ${origin})`,
    ...(contributions.length === 0 ? ['  contributes nothing'] : contributions.map((line) => `  ${line}`)),
  ].join('\n') + '\n';
}
