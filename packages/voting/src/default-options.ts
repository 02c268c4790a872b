import type { VotingStrategyV1 } from '@quorum/core';

/**
 * The defaults a strategy's options schema declares, for callers that have no config to
 * validate (tests, one-off counts): `{ ...defaultOptions(thresholdStrategy), threshold_ready: 0.5 }`.
 * It validates nothing; hosts with user options validate them against `optionsSchema`.
 */
export function defaultOptions<Options extends Record<string, unknown>>(strategy: VotingStrategyV1<Options>): Options {
  const properties = (strategy.optionsSchema.properties ?? {}) as Record<string, { readonly default?: unknown }>;
  return Object.fromEntries(
    Object.entries(properties).flatMap(([key, property]) => (property.default === undefined ? [] : [[key, structuredClone(property.default)]])),
  ) as Options;
}
