import type { LoadedPlugin, PluginRegistry } from '@quorum/config';

/** What one loaded plugin is and adds, as `quorum plugins list` and `quorum doctor` show it. */
export interface PluginListing {
  readonly name: string;
  readonly version: string;
  /** The plugin specification version it implements (`v1`). */
  readonly specificationVersion: string;
  /** `built-in`, `package` (an npm package name in config) or `path` (a module file in config). */
  readonly origin: 'built-in' | 'package' | 'path';
  /** The module id as written in config; the plugin's name for a built-in. */
  readonly source: string;
  /** The imported file, as the CLI displays paths; null for a built-in. */
  readonly file: string | null;
  readonly contributes: {
    /** Marker types (`question`, `risk`…) of every marker set, by set. */
    readonly markerSets: readonly { readonly name: string; readonly types: readonly string[] }[];
    readonly votingStrategies: readonly string[];
    readonly conditions: readonly string[];
    readonly providers: readonly string[];
    /** Persona folders, as the CLI displays paths. */
    readonly personaFolders: readonly string[];
    readonly personaSources: readonly string[];
    readonly storages: readonly string[];
    /** Template folders, as the CLI displays paths. */
    readonly templateFolders: readonly string[];
  };
}

/** Whether a module id in config is a path (`./x.mjs`, `/abs/x.js`) rather than a package name. */
function isPathId(id: string): boolean {
  return id.startsWith('.') || id.startsWith('/') || /^[A-Za-z]:[\\/]/.test(id);
}

export function originOf(plugin: Pick<LoadedPlugin, 'source'>): PluginListing['origin'] {
  if (plugin.source === 'builtin') return 'built-in';
  return isPathId(plugin.source) ? 'path' : 'package';
}

/** Every plugin of the registry, in load order (built-ins first). */
export function listPlugins(registry: PluginRegistry, display: (file: string) => string): PluginListing[] {
  const markerTypes = new Map(registry.markerSets.map((set) => [set.name, set.markers.map((marker) => marker.type)]));
  return registry.plugins.map((plugin) => ({
    name: plugin.meta.name,
    version: plugin.meta.version,
    specificationVersion: plugin.specificationVersion,
    origin: originOf(plugin),
    source: plugin.source === 'builtin' ? plugin.meta.name : plugin.source,
    file: plugin.resolvedPath === undefined ? null : display(plugin.resolvedPath),
    contributes: {
      markerSets: plugin.contributes.markerSets.map((name) => ({ name, types: markerTypes.get(name) ?? [] })),
      votingStrategies: plugin.contributes.votingStrategies,
      conditions: plugin.contributes.conditions,
      providers: plugin.contributes.providers,
      personaFolders: plugin.contributes.personas.map(display),
      personaSources: plugin.contributes.personaSources,
      storages: plugin.contributes.storages,
      templateFolders: plugin.contributes.templates.map(display),
    },
  }));
}

/** `markers: risk (risk); strategies: ranked` — the non-empty contributions of one plugin. */
export function describeContributions(listing: PluginListing): string[] {
  const { contributes } = listing;
  const parts: [string, readonly string[]][] = [
    ['marker types', contributes.markerSets.flatMap((set) => set.types)],
    ['voting strategies', contributes.votingStrategies],
    ['conditions', contributes.conditions],
    ['providers', contributes.providers],
    ['persona folders', contributes.personaFolders],
    ['persona sources', contributes.personaSources],
    ['storage backends', contributes.storages],
    ['template folders', contributes.templateFolders],
  ];
  return parts.filter(([, items]) => items.length > 0).map(([label, items]) => `${label}: ${items.join(', ')}`);
}
