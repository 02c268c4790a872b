import { ConfigError, type VotingStrategyV1 } from '@quorum/core';
import type { PluginRegistry } from './load-plugins.js';
import { checkSelectedOptions, type SelectionSource } from './selection-source.js';
import { unknownNameMessage } from './unknown-name-message.js';
import { locationOf } from './value-source.js';

/** A voting strategy with its options checked and defaults filled in. */
export interface ResolvedStrategy {
  readonly strategy: VotingStrategyV1;
  readonly options: Record<string, unknown>;
}

/**
 * Looks up a voting strategy by name (an unknown name gets "did you mean") and validates
 * `options` against its `optionsSchema`, filling defaults. Problems are `ConfigError`s
 * located through `where` (see `selectionAt`), since the name and the options come from
 * the user's config or template.
 */
export function resolveStrategyOptions(
  registry: PluginRegistry,
  name: string,
  options: Record<string, unknown> | undefined,
  where: SelectionSource = {},
): ResolvedStrategy {
  const strategy = registry.votingStrategies.get(name);
  if (strategy === undefined) {
    const message = unknownNameMessage('voting strategy', name, registry.votingStrategies.keys());
    throw new ConfigError(message, locationOf(where, where.namePath ?? []));
  }
  const label = `the options of voting strategy "${name}"`;
  return { strategy, options: checkSelectedOptions(strategy.optionsSchema, options, where, label) };
}
