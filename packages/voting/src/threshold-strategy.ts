import { VOTING_STRATEGY_SPECIFICATION_VERSION, type VotingStrategyV1 } from '@quorum/core';
import { applyThresholdRule, THRESHOLD_RULE_OPTION_PROPERTIES, type ThresholdRuleOptions } from './threshold-rule.js';

/** Options of the `threshold` strategy. */
export type ThresholdOptions = ThresholdRuleOptions;

/**
 * The default strategy, as in the seed design: an outcome needs `threshold_ready` of the
 * eligible voters, and REJECT votes reaching `threshold_reject` block READY. Shares are whole
 * percentages rounded half up, a non-zero share being at least 1%: 2 of 3 voters is 67% and
 * reaches 0.67; one REJECT among 500 voters is 1% and still blocks at 0.01.
 */
export const thresholdStrategy: VotingStrategyV1<ThresholdOptions> = {
  specificationVersion: VOTING_STRATEGY_SPECIFICATION_VERSION,
  name: 'threshold',
  description: 'An outcome needs a share of the eligible voters (default 67%); any REJECT blocks READY by default.',
  optionsSchema: {
    type: 'object',
    description: 'Options of the threshold voting strategy.',
    additionalProperties: false,
    properties: THRESHOLD_RULE_OPTION_PROPERTIES,
  },
  tally: (input) => applyThresholdRule(input, () => 1),
};
