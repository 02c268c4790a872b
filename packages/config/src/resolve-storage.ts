import { ConfigError, PluginError, isQuorumError, type DiscussionStorageV1 } from '@quorum/core';
import type { QuorumConfig } from './config-schema.js';
import { pluginName, providerOf, type PluginRegistry } from './load-plugins.js';
import { checkSelectedOptions, selectionAt } from './selection-source.js';
import { unknownNameMessage } from './unknown-name-message.js';
import { locationOf, type ValueSource } from './value-source.js';

const STORAGE_METHODS = ['create', 'load', 'appendComment', 'appendEvents', 'updateHeaders', 'list'] as const;

/**
 * Creates the storage the config names (`storage.backend`) with its options validated
 * against the factory's `optionsSchema` (defaults filled). Problems with the config are
 * `ConfigError`s located through `source` (`LoadedConfig.source`); a factory that throws
 * or returns something that is not a storage is a `PluginError` naming its plugin.
 */
export function resolveStorage(
  registry: PluginRegistry,
  config: Pick<QuorumConfig, 'storage'>,
  projectDir: string,
  source: ValueSource = {},
): DiscussionStorageV1 {
  const where = selectionAt(source, ['storage'], 'backend');
  const { backend } = config.storage;
  const factory = registry.storages.get(backend);
  if (factory === undefined) {
    const message = unknownNameMessage('storage', backend, registry.storages.keys());
    throw new ConfigError(message, locationOf(where, where.namePath ?? []));
  }
  const options = checkSelectedOptions(
    factory.optionsSchema,
    config.storage.options,
    where,
    `the options of storage "${backend}"`,
  );
  const provider = providerOf(registry, 'storages', backend);
  const plugin = provider === undefined ? backend : pluginName(provider);
  let storage: unknown;
  try {
    storage = factory.create(options, { projectDir });
  } catch (error) {
    if (isQuorumError(error)) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new PluginError(plugin, `storage "${backend}" could not be created: ${detail}`, { cause: error });
  }
  const problem = storageProblem(storage);
  if (problem !== undefined) throw new PluginError(plugin, `storage "${backend}" ${problem}`);
  return storage as DiscussionStorageV1;
}

function storageProblem(storage: unknown): string | undefined {
  if (typeof storage !== 'object' || storage === null) return 'created something that is not a storage object';
  const value = storage as Record<string, unknown>;
  if (value['specificationVersion'] !== 'v1') {
    return `implements storage specification ${String(value['specificationVersion'])}, but this Quorum supports v1`;
  }
  const missing = STORAGE_METHODS.find((method) => typeof value[method] !== 'function');
  return missing === undefined ? undefined : `created a storage without a ${missing}() method`;
}
