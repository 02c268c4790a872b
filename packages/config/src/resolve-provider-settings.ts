import { ConfigError } from '@quorum/core';
import type { QuorumConfig } from './config-schema.js';
import type { PluginRegistry } from './load-plugins.js';
import { checkSelectedOptions } from './selection-source.js';
import { unknownNameMessage } from './unknown-name-message.js';
import { locationOf, type ValueSource } from './value-source.js';

/**
 * The settings of every provider a plugin provides, from the config's `providers` block
 * (`providers.openai: { baseURL: … }`), checked against each provider's `optionsSchema`
 * with defaults filled. A block naming a provider no plugin provides is an error with
 * "did you mean", located at its key.
 */
export function resolveProviderSettings(
  registry: Pick<PluginRegistry, 'providers'>,
  config: Pick<QuorumConfig, 'providers'>,
  source: ValueSource = {},
): Record<string, Record<string, unknown>> {
  const base = source.path ?? [];
  const { default: _default, fallback: _fallback, ...blocks } = config.providers;
  for (const name of Object.keys(blocks)) {
    if (!registry.providers.has(name)) {
      throw new ConfigError(unknownNameMessage('provider', name, registry.providers.keys()), locationOf(source, [...base, 'providers', name]));
    }
  }
  const settings: Record<string, Record<string, unknown>> = {};
  for (const [name, factory] of registry.providers) {
    const given = blocks[name] as Record<string, unknown> | undefined;
    settings[name] =
      factory.optionsSchema === undefined
        ? { ...given }
        : checkSelectedOptions(
            factory.optionsSchema,
            given,
            { file: source.file, locate: source.locate, optionsPath: [...base, 'providers', name] },
            `the settings of provider "${name}"`,
          );
  }
  return settings;
}
