import { conditionConformance, votingStrategyConformance } from '@quorum/conformance';
import { countVotes } from '@quorum/voting';
import { quorumReachedCondition, quorumStrategy } from './index.js';

conditionConformance('quorum_reached', quorumReachedCondition, {
  valid: [{}, { min_voters: 3 }, { min_voters: 1, outcome: 'REJECT' }],
  invalid: [{ min_voters: 0 }, { min_voters: 2.5 }, { outcome: 'ready' }, { min_voter: 3 }, 3],
});
votingStrategyConformance('quorum', quorumStrategy, [{ min_voters: 1 }, { min_voters: 4, ready_share: 0.66 }], { countVotes });
