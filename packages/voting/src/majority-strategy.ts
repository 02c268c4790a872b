import { VOTE_VALUES, VOTING_STRATEGY_SPECIFICATION_VERSION, type VotingStrategyV1 } from '@quorum/core';
import { groupVotersByVote } from './group-voters-by-vote.js';

/** Options of the `majority` strategy. */
export type MajorityOptions = {
  /** Whether READY also needs a READY vote from a human. */
  human_required: boolean;
};

/**
 * An outcome is reached when more than half of the eligible voters chose it (voters who did
 * not vote count against every outcome). With `human_required`, READY also needs a human's
 * READY vote. Nothing blocks.
 */
export const majorityStrategy: VotingStrategyV1<MajorityOptions> = {
  specificationVersion: VOTING_STRATEGY_SPECIFICATION_VERSION,
  name: 'majority',
  description: 'An outcome needs more than half of the eligible voters.',
  optionsSchema: {
    type: 'object',
    description: 'Options of the majority voting strategy.',
    additionalProperties: false,
    properties: {
      human_required: { type: 'boolean', default: false, description: 'Whether READY also needs a READY vote from a human.' },
    },
  },
  tally({ ballots, voters, options }) {
    const groups = groupVotersByVote({ ballots, voters });
    const majority = VOTE_VALUES.find((vote) => 2 * groups[vote].length > voters.length);
    const counts = `${groups.READY.length} READY, ${groups.CHANGES.length} CHANGES, ${groups.REJECT.length} REJECT of ${voters.length} voters`;
    if (majority === undefined) {
      return { reached: false, outcome: null, blockedBy: [], reason: `No outcome has more than half of the voters (${counts}).` };
    }
    if (majority === 'READY' && options.human_required && !groups.READY.some((voter) => voter.human)) {
      return { reached: false, outcome: null, blockedBy: [], reason: `READY has a majority (${counts}) but no human voted READY.` };
    }
    return { reached: true, outcome: majority, blockedBy: [], reason: `${majority} has more than half of the voters (${counts}).` };
  },
};
