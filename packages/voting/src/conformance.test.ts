import { votingStrategyConformance } from '@quorum/conformance';
import { builtinVotingStrategies, countVotes } from './index.js';

const OPTIONS_CASES: Record<string, Record<string, unknown>[]> = {
  threshold: [{ threshold_ready: 0.5 }, { threshold_ready: 1, threshold_reject: 0.5 }],
  majority: [],
  unanimous: [],
  veto: [],
  weighted: [{ threshold_ready: 0.5 }],
};

for (const strategy of builtinVotingStrategies) {
  votingStrategyConformance(strategy.name, strategy, OPTIONS_CASES[strategy.name] ?? [], { countVotes });
}
