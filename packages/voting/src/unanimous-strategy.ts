import { VOTE_VALUES, VOTING_STRATEGY_SPECIFICATION_VERSION, type VotingStrategyV1 } from '@quorum/core';
import { groupVotersByVote, voterNames } from './group-voters-by-vote.js';

/** The `unanimous` strategy takes no options. */
export type UnanimousOptions = Record<string, never>;

/**
 * An outcome is reached when every eligible voter chose it, so a voter who has not voted
 * holds everything up. Any REJECT blocks READY (`blockedBy` lists the REJECT voters).
 */
export const unanimousStrategy: VotingStrategyV1<UnanimousOptions> = {
  specificationVersion: VOTING_STRATEGY_SPECIFICATION_VERSION,
  name: 'unanimous',
  description: 'An outcome needs the vote of every eligible voter; any REJECT blocks READY.',
  optionsSchema: {
    type: 'object',
    description: 'The unanimous voting strategy takes no options.',
    additionalProperties: false,
    properties: {},
  },
  tally({ ballots, voters }) {
    const groups = groupVotersByVote({ ballots, voters });
    const blockedBy = groups.REJECT.map((voter) => voter.id);
    const unanimous = voters.length === 0 ? undefined : VOTE_VALUES.find((vote) => groups[vote].length === voters.length);
    if (unanimous !== undefined) {
      return { reached: true, outcome: unanimous, blockedBy, reason: `All ${voters.length} voters voted ${unanimous}.` };
    }
    const counts = `${groups.READY.length} READY, ${groups.CHANGES.length} CHANGES, ${groups.REJECT.length} REJECT of ${voters.length} voters`;
    const blocked = blockedBy.length === 0 ? '' : `; REJECT from ${voterNames(groups.REJECT)} blocks READY`;
    return { reached: false, outcome: null, blockedBy, reason: `Not every voter chose the same outcome (${counts})${blocked}.` };
  },
};
