import type { ConditionV1 } from './condition.js';
import type { JsonSchema } from './json-schema.js';
import type { MarkerSetV1 } from './marker-set.js';
import type { PersonaSourceV1 } from './persona.js';
import type { ProviderFactoryV1 } from './provider.js';
import type { StorageFactoryV1 } from './storage.js';
import type { VotingStrategyV1 } from './voting-strategy.js';

/** Who a plugin is. */
export interface PluginMeta {
  readonly name: string;
  readonly version: string;
}

/** What a plugin adds. Every kind has its own specification version. */
export interface PluginContributionsV1 {
  readonly markerSets?: readonly MarkerSetV1[];
  // The strategy's options type is checked against its own schema at load time.
  readonly votingStrategies?: readonly VotingStrategyV1<any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly storages?: readonly StorageFactoryV1[];
  // The condition's options type is checked against its own schema at load time.
  readonly conditions?: readonly ConditionV1<any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  /**
   * Directories holding phase templates (`<id>.yaml`), as absolute paths. The host searches
   * them for templates named by id, as it does the directories named in config, so a plugin
   * can ship templates without anyone copying files.
   */
  readonly templates?: readonly string[];
  /** LLM providers, by the name used in model ids (`openai` in `openai:gpt-4o`). */
  readonly providers?: readonly ProviderFactoryV1[];
  /** Directories of persona YAML files (`<alias>.yaml`), as absolute paths: a persona pack. */
  readonly personas?: readonly string[];
  /** Programmatic persona sources, for personas that do not live in files. */
  readonly personaSources?: readonly PersonaSourceV1[];
}

/**
 * The default export of a plugin module. Built-in markers, strategies and storage are
 * delivered through this same shape.
 *
 * A plugin that takes options declares `optionsSchema`; the host validates the options
 * named in config against it (filling defaults) and passes them to `setup`, whose result
 * is merged over the static contributions.
 */
export interface QuorumPluginV1 extends PluginContributionsV1 {
  readonly specificationVersion: 'v1';
  readonly meta: PluginMeta;
  readonly optionsSchema?: JsonSchema;
  setup?(options: Record<string, unknown>): PluginContributionsV1 | Promise<PluginContributionsV1>;
}

/** Plugin specification versions this host understands. */
export const SUPPORTED_PLUGIN_SPECIFICATION_VERSIONS = ['v1'] as const;

/** The contribution keys a plugin may declare, for shape checks and "did you mean". */
export const PLUGIN_CONTRIBUTION_KEYS = [
  'markerSets',
  'votingStrategies',
  'storages',
  'conditions',
  'templates',
  'providers',
  'personas',
  'personaSources',
] as const;

/** Identity function that gives plugin authors type checking. */
export function definePlugin<const P extends QuorumPluginV1>(plugin: P): P {
  return plugin;
}
