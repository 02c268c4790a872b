import { VOTING_STRATEGY_SPECIFICATION_VERSION, type VotingStrategyV1 } from '@quorum/core';
import { groupVotersByVote, voterNames } from './group-voters-by-vote.js';
import { thresholdPercent, wholePercent } from './whole-percent.js';

/** Options of the `veto` strategy. */
export type VetoOptions = {
  /** Share of the eligible voters READY or CHANGES needs (0–1). */
  threshold: number;
};

/**
 * Every voter holds a veto: any REJECT reaches REJECT, with `blockedBy` listing the vetoers.
 * Otherwise READY or CHANGES is reached when its share of the eligible voters (a whole
 * percentage, as in `threshold`) reaches `threshold`; when both do, the larger wins, and a
 * tie reaches nothing.
 */
export const vetoStrategy: VotingStrategyV1<VetoOptions> = {
  specificationVersion: VOTING_STRATEGY_SPECIFICATION_VERSION,
  name: 'veto',
  description: 'Any REJECT vetoes (outcome REJECT); otherwise READY or CHANGES needs a share of the voters (default 50%).',
  optionsSchema: {
    type: 'object',
    description: 'Options of the veto voting strategy.',
    additionalProperties: false,
    properties: {
      threshold: {
        type: 'number',
        exclusiveMinimum: 0,
        maximum: 1,
        default: 0.5,
        description: 'Share of the eligible voters READY or CHANGES needs when nobody vetoes, as a fraction rounded to a whole percent.',
      },
    },
  },
  tally({ ballots, voters, options }) {
    const groups = groupVotersByVote({ ballots, voters });
    if (groups.REJECT.length > 0) {
      return {
        reached: true,
        outcome: 'REJECT',
        blockedBy: groups.REJECT.map((voter) => voter.id),
        reason: `Vetoed: REJECT from ${voterNames(groups.REJECT)}.`,
      };
    }
    const needed = thresholdPercent(options.threshold);
    const ready = wholePercent(groups.READY.length, voters.length);
    const changes = wholePercent(groups.CHANGES.length, voters.length);
    const shares = `READY ${ready}%, CHANGES ${changes}%, ${needed}% needed`;
    const readyReaches = ready > 0 && ready >= needed;
    const changesReaches = changes > 0 && changes >= needed;
    if (readyReaches && (!changesReaches || groups.READY.length > groups.CHANGES.length)) {
      return { reached: true, outcome: 'READY', blockedBy: [], reason: `No veto and READY has the votes (${shares}).` };
    }
    if (changesReaches && (!readyReaches || groups.CHANGES.length > groups.READY.length)) {
      return { reached: true, outcome: 'CHANGES', blockedBy: [], reason: `No veto and CHANGES has the votes (${shares}).` };
    }
    const tie = readyReaches && changesReaches ? '; READY and CHANGES are tied' : '';
    return { reached: false, outcome: null, blockedBy: [], reason: `No veto, but no outcome has the votes (${shares})${tie}.` };
  },
};
