import { pathToFileURL } from 'node:url';
import {
  PluginError,
  isQuorumError,
  type ConditionV1,
  type JsonSchema,
  type MarkerSetV1,
  type PersonaSourceV1,
  type ProviderFactoryV1,
  type PluginContributionsV1,
  type PluginMeta,
  type QuorumErrorOptions,
  type QuorumPluginV1,
  type StorageFactoryV1,
  type VotingStrategyV1,
} from '@quorum/core';
import { checkPlugin, checkSetupResult } from './check-plugin.js';
import type { QuorumConfig } from './config-schema.js';
import { optionsValidator } from './options-validator.js';
import { resolvePluginModule } from './resolve-plugin-module.js';
import type { SchemaValidator } from './schema-validator.js';
import { locationOf, type PathSegment, type ValueSource } from './value-source.js';

/** A plugin in the registry and what it added. */
export interface LoadedPlugin {
  readonly meta: PluginMeta;
  /** The plugin specification version it declared (`v1`), for listings. */
  readonly specificationVersion: string;
  /** `builtin`, or the module id as written in config. */
  readonly source: string;
  /** The imported file, absolute; absent for built-ins. */
  readonly resolvedPath?: string;
  /** Names of what it contributed, for listings and for naming it in errors. */
  readonly contributes: {
    readonly markerSets: readonly string[];
    readonly votingStrategies: readonly string[];
    readonly storages: readonly string[];
    readonly conditions: readonly string[];
    /** Template directories (absolute). */
    readonly templates: readonly string[];
    readonly providers: readonly string[];
    /** Persona directories (absolute). */
    readonly personas: readonly string[];
    readonly personaSources: readonly string[];
  };
}

/** Everything the loaded plugins provide, each name unique across plugins. */
export interface PluginRegistry {
  readonly plugins: readonly LoadedPlugin[];
  readonly markerSets: readonly MarkerSetV1[];
  readonly votingStrategies: ReadonlyMap<string, VotingStrategyV1>;
  readonly storages: ReadonlyMap<string, StorageFactoryV1>;
  /** Transition conditions templates may use (`all_responded`, `consensus`, or a plugin's). */
  // The condition's options type is checked against its own schema when a template is compiled.
  readonly conditions: ReadonlyMap<string, ConditionV1<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /**
   * Directories of template files the plugins ship, absolute, in plugin order without
   * repeats. Unlike names, a directory two plugins share is not an error.
   */
  readonly templateDirs: readonly string[];
  /** LLM providers by name (`openai`, `mock`…). */
  readonly providers: ReadonlyMap<string, ProviderFactoryV1>;
  /** Directories of persona files the plugins ship, absolute, in plugin order without repeats. */
  readonly personaDirs: readonly string[];
  /** Programmatic persona sources, in plugin order. */
  readonly personaSources: readonly PersonaSourceV1[];
}

export interface LoadPluginsOptions {
  /** Directory module ids are resolved from: the config file's (`LoadedConfig.projectDir`). */
  readonly projectDir: string;
  /** Plugins Quorum ships; they go through the same checks and come first. */
  readonly builtins?: readonly QuorumPluginV1[];
  /** Where the config was read from (`LoadedConfig.source`), to locate problems in plugin entries. */
  readonly source?: ValueSource;
}

const KIND_LABELS = {
  markerSets: 'marker set',
  votingStrategies: 'voting strategy',
  storages: 'storage',
  conditions: 'condition',
  providers: 'provider',
  personaSources: 'persona source',
} as const;
type Kind = keyof typeof KIND_LABELS;

interface RegistryUnderConstruction {
  readonly plugins: LoadedPlugin[];
  readonly markerSets: MarkerSetV1[];
  readonly votingStrategies: Map<string, VotingStrategyV1>;
  readonly storages: Map<string, StorageFactoryV1>;
  readonly conditions: Map<string, ConditionV1<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly templateDirs: string[];
  readonly providers: Map<string, ProviderFactoryV1>;
  readonly personaDirs: string[];
  readonly personaSources: PersonaSourceV1[];
}

/**
 * Loads the built-in plugins and the plugins named in config, in that order. Only named
 * modules are imported (nothing is discovered). Each is resolved from `projectDir`,
 * imported, unwrapped from `default`, checked, given its validated options (defaults
 * filled) through `setup`, and registered; option schemas are compiled here, once. Any
 * failure is a `PluginError` naming the plugin, located at its entry in the config.
 */
export async function loadPlugins(
  config: Pick<QuorumConfig, 'plugins'>,
  options: LoadPluginsOptions,
): Promise<PluginRegistry> {
  const registry: RegistryUnderConstruction = {
    plugins: [],
    markerSets: [],
    votingStrategies: new Map(),
    storages: new Map(),
    conditions: new Map(),
    templateDirs: [],
    providers: new Map(),
    personaDirs: [],
    personaSources: [],
  };
  for (const [index, builtin] of (options.builtins ?? []).entries()) {
    const name = typeof builtin?.meta?.name === 'string' ? builtin.meta.name : `built-in plugin #${index + 1}`;
    const plugin = accept(checkPlugin(builtin), name, {});
    const contributions = await activate(plugin, undefined, name, { path: ['options'] });
    register(registry, plugin, contributions, { meta: plugin.meta, specificationVersion: plugin.specificationVersion, source: 'builtin' }, name, {});
  }
  const source = options.source ?? {};
  const base = source.path ?? [];
  for (const [index, entry] of config.plugins.entries()) {
    const [id, pluginOptions] = typeof entry === 'string' ? [entry, undefined] : entry;
    const entryPath: PathSegment[] = [...base, 'plugins', index];
    const location = locationOf(source, typeof entry === 'string' ? entryPath : [...entryPath, 0]);
    const resolvedPath = await resolvePluginModule(id, options.projectDir, location);
    let module: unknown;
    try {
      module = await import(pathToFileURL(resolvedPath).href);
    } catch (error) {
      const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new PluginError(id, `importing ${resolvedPath} failed: ${detail}`, { ...location, cause: error });
    }
    const plugin = accept(checkPlugin(unwrapDefault(module)), id, location);
    const contributions = await activate(plugin, pluginOptions, id, { ...source, path: [...entryPath, 1] });
    register(registry, plugin, contributions, { meta: plugin.meta, specificationVersion: plugin.specificationVersion, source: id, resolvedPath }, id, location);
  }
  return registry;
}

function accept(result: ReturnType<typeof checkPlugin>, name: string, location: QuorumErrorOptions): QuorumPluginV1 {
  if ('problem' in result) throw new PluginError(name, result.problem, location);
  return result.plugin;
}

/** `default` of an ES module, or of a CommonJS module compiled from one (`__esModule`). */
function unwrapDefault(module: unknown): unknown {
  let value = (module as { default?: unknown }).default ?? module;
  if (typeof value === 'object' && value !== null && '__esModule' in value && 'default' in value) {
    value = (value as { default: unknown }).default;
  }
  return value;
}

/** Validates the plugin's options and merges what `setup` returns over its static contributions. */
async function activate(
  plugin: QuorumPluginV1,
  given: Record<string, unknown> | undefined,
  name: string,
  optionsSource: ValueSource,
): Promise<PluginContributionsV1> {
  const location = locationOf(optionsSource, optionsSource.path ?? []);
  if (plugin.optionsSchema === undefined) {
    if (given !== undefined && Object.keys(given).length > 0) {
      throw new PluginError(name, 'takes no options, but options were given; remove them from the config', location);
    }
    if (plugin.setup === undefined) return plugin;
  }
  let options: Record<string, unknown> = {};
  if (plugin.optionsSchema !== undefined) {
    const result = compileOptions(plugin.optionsSchema, name, 'optionsSchema')(given ?? {}, optionsSource);
    if (!result.ok) {
      const [problem] = result.problems;
      throw new PluginError(name, problem?.detail ?? 'invalid options', {
        file: problem?.file,
        line: problem?.line,
        column: problem?.column,
      });
    }
    options = result.value;
  }
  if (plugin.setup === undefined) return plugin;
  let returned: unknown;
  try {
    returned = await plugin.setup(options);
  } catch (error) {
    if (isQuorumError(error)) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new PluginError(name, `setup() failed: ${detail}`, { ...location, cause: error });
  }
  const checked = checkSetupResult(returned);
  if ('problem' in checked) throw new PluginError(name, checked.problem, location);
  return {
    markerSets: mergeByName(plugin.markerSets, checked.contributions.markerSets),
    votingStrategies: mergeByName(plugin.votingStrategies, checked.contributions.votingStrategies),
    storages: mergeByName(plugin.storages, checked.contributions.storages),
    conditions: mergeByName(plugin.conditions, checked.contributions.conditions),
    templates: [...new Set([...(plugin.templates ?? []), ...(checked.contributions.templates ?? [])])],
    providers: mergeByName(plugin.providers, checked.contributions.providers),
    personas: [...new Set([...(plugin.personas ?? []), ...(checked.contributions.personas ?? [])])],
    personaSources: mergeByName(plugin.personaSources, checked.contributions.personaSources),
  };
}

/** Static items, with those `setup` returned replacing same-named ones and adding the rest. */
function mergeByName<T extends { readonly name: string }>(
  fixed: readonly T[] | undefined,
  fromSetup: readonly T[] | undefined,
): readonly T[] {
  const merged = new Map((fixed ?? []).map((item) => [item.name, item]));
  for (const item of fromSetup ?? []) merged.set(item.name, item);
  return [...merged.values()];
}

function compileOptions(schema: JsonSchema, name: string, where: string): SchemaValidator<Record<string, unknown>> {
  try {
    return optionsValidator(schema);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new PluginError(name, `${where} is not a valid JSON Schema: ${detail}`, { cause: error });
  }
}

function register(
  registry: RegistryUnderConstruction,
  plugin: QuorumPluginV1,
  contributions: PluginContributionsV1,
  identity: Omit<LoadedPlugin, 'contributes'>,
  name: string,
  location: QuorumErrorOptions,
): void {
  const taken = registry.plugins.find((other) => other.meta.name === plugin.meta.name);
  if (taken !== undefined) {
    throw new PluginError(
      name,
      `its name "${plugin.meta.name}" is already taken by ${describeSource(taken)}`,
      location,
    );
  }
  const contributes = {
    markerSets: [] as string[],
    votingStrategies: [] as string[],
    storages: [] as string[],
    conditions: [] as string[],
    templates: [...new Set(contributions.templates ?? [])],
    providers: [] as string[],
    personas: [...new Set(contributions.personas ?? [])],
    personaSources: [] as string[],
  };
  const claim = (kind: Kind, itemName: string) => {
    const owner = [...registry.plugins, { ...identity, contributes }].find((other) =>
      other.contributes[kind].includes(itemName),
    );
    if (owner !== undefined) {
      throw new PluginError(
        name,
        `${KIND_LABELS[kind]} "${itemName}" is already provided by ${describeSource(owner)}`,
        location,
      );
    }
    contributes[kind].push(itemName);
  };
  for (const set of contributions.markerSets ?? []) claim('markerSets', set.name);
  for (const strategy of contributions.votingStrategies ?? []) {
    claim('votingStrategies', strategy.name);
    compileOptions(strategy.optionsSchema, name, `the optionsSchema of voting strategy "${strategy.name}"`);
  }
  for (const storage of contributions.storages ?? []) {
    claim('storages', storage.name);
    compileOptions(storage.optionsSchema, name, `the optionsSchema of storage "${storage.name}"`);
  }
  for (const condition of contributions.conditions ?? []) {
    claim('conditions', condition.name);
    if (condition.optionsSchema !== undefined) {
      compileOptions(condition.optionsSchema, name, `the optionsSchema of condition "${condition.name}"`);
    }
  }
  for (const provider of contributions.providers ?? []) {
    claim('providers', provider.name);
    if (provider.optionsSchema !== undefined) {
      compileOptions(provider.optionsSchema, name, `the optionsSchema of provider "${provider.name}"`);
    }
  }
  for (const source of contributions.personaSources ?? []) claim('personaSources', source.name);
  registry.plugins.push({ ...identity, contributes });
  for (const provider of contributions.providers ?? []) registry.providers.set(provider.name, provider);
  for (const dir of contributes.personas) if (!registry.personaDirs.includes(dir)) registry.personaDirs.push(dir);
  registry.personaSources.push(...(contributions.personaSources ?? []));
  registry.markerSets.push(...(contributions.markerSets ?? []));
  for (const strategy of contributions.votingStrategies ?? []) registry.votingStrategies.set(strategy.name, strategy);
  for (const storage of contributions.storages ?? []) registry.storages.set(storage.name, storage);
  for (const condition of contributions.conditions ?? []) registry.conditions.set(condition.name, condition);
  for (const dir of contributes.templates) if (!registry.templateDirs.includes(dir)) registry.templateDirs.push(dir);
}

/** The plugin that contributed the named marker set, voting strategy, storage or condition. */
export function providerOf(registry: PluginRegistry, kind: Kind, name: string): LoadedPlugin | undefined {
  return registry.plugins.find((plugin) => plugin.contributes[kind].includes(name));
}

/** How errors name a plugin: its module id as written, or a built-in's meta name. */
export function pluginName(plugin: Pick<LoadedPlugin, 'meta' | 'source'>): string {
  return plugin.source === 'builtin' ? plugin.meta.name : plugin.source;
}

/** `plugin "./my-plugin.mjs"` or `built-in plugin "quorum-voting"`, for messages. */
function describeSource(plugin: Pick<LoadedPlugin, 'meta' | 'source'>): string {
  return plugin.source === 'builtin' ? `built-in plugin "${plugin.meta.name}"` : `plugin "${plugin.source}"`;
}
