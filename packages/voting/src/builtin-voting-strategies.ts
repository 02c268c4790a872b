import type { VotingStrategyV1 } from '@quorum/core';
import { majorityStrategy } from './majority-strategy.js';
import { thresholdStrategy } from './threshold-strategy.js';
import { unanimousStrategy } from './unanimous-strategy.js';
import { vetoStrategy } from './veto-strategy.js';
import { weightedStrategy } from './weighted-strategy.js';

/** Name of the strategy used when a template or config names none. */
export const DEFAULT_STRATEGY = 'threshold';

/** Every strategy this package provides. */
export const builtinVotingStrategies: readonly VotingStrategyV1[] = [
  thresholdStrategy,
  majorityStrategy,
  unanimousStrategy,
  vetoStrategy,
  weightedStrategy,
];
