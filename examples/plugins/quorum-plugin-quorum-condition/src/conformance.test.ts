import { conditionConformance } from '@quorum/conformance';
import { quorumReachedCondition } from './index.js';

conditionConformance('quorum_reached', quorumReachedCondition, {
  valid: [{}, { min_voters: 3 }, { min_voters: 1, ready_share: 0, outcome: 'REJECT' }, { ready_share: 0.66 }],
  invalid: [{ min_voters: 0 }, { min_voters: 2.5 }, { outcome: 'ready' }, { ready_share: 1 }, { ready_share: -0.1 }, { min_voter: 3 }, 3],
});
