import { aliasOfAuthor, VOTING_STRATEGY_SPECIFICATION_VERSION, type Voter, type VotingStrategyV1 } from '@quorum/core';
import { applyThresholdRule, THRESHOLD_RULE_OPTION_PROPERTIES, type ThresholdRuleOptions } from './threshold-rule.js';

/** Options of the `weighted` strategy. */
export type WeightedOptions = ThresholdRuleOptions & {
  /** Weights by voter id or alias, overriding each voter's own weight. */
  weights: Record<string, number>;
};

/**
 * The threshold rule with each voter counting for their weight: shares are whole
 * percentages of the eligible voters' total weight. A voter's weight is `weights[id]`, else
 * `weights[alias]` (`AI-Architect` → `architect`), else their own `weight`.
 */
export const weightedStrategy: VotingStrategyV1<WeightedOptions> = {
  specificationVersion: VOTING_STRATEGY_SPECIFICATION_VERSION,
  name: 'weighted',
  description: 'The threshold rule with votes weighted per voter (roster weights, overridable by option).',
  optionsSchema: {
    type: 'object',
    description: 'Options of the weighted voting strategy.',
    additionalProperties: false,
    properties: {
      ...THRESHOLD_RULE_OPTION_PROPERTIES,
      weights: {
        type: 'object',
        additionalProperties: { type: 'number', minimum: 0 },
        default: {},
        description: 'Weight per voter id or alias (e.g. { "architect": 2 }), overriding the roster weight; others keep theirs (1 by default).',
      },
    },
  },
  tally: (input) => applyThresholdRule(input, (voter) => weightOf(voter, input.options.weights)),
};

function weightOf(voter: Voter, weights: Readonly<Record<string, number>>): number {
  for (const key of [voter.id, aliasOfAuthor(voter.id)]) {
    const weight = Object.hasOwn(weights, key) ? weights[key] : undefined;
    if (weight !== undefined) return weight;
  }
  return voter.weight;
}
