import type { Tally, TallyInput, Voter, VoteValue } from '@quorum/core';
import { groupVotersByVote, voterNames } from './group-voters-by-vote.js';
import { thresholdPercent, wholePercent } from './whole-percent.js';

/** Options of the threshold rule, shared by the `threshold` and `weighted` strategies. */
export type ThresholdRuleOptions = {
  /** Share an outcome needs (0–1). */
  threshold_ready: number;
  /** Share of REJECT votes that blocks READY (0–1). */
  threshold_reject: number;
  /** Whether READY also needs a READY vote from a human. */
  human_required: boolean;
};

/** JSON Schema properties of {@link ThresholdRuleOptions}, with the defaults of the seed design. */
export const THRESHOLD_RULE_OPTION_PROPERTIES = {
  threshold_ready: {
    type: 'number',
    exclusiveMinimum: 0,
    maximum: 1,
    default: 0.67,
    description: 'Share of the vote an outcome needs, as a fraction rounded to a whole percent (0.67: 2 of 3 voters).',
  },
  threshold_reject: {
    type: 'number',
    minimum: 0,
    maximum: 1,
    default: 0.01,
    description: 'Share of REJECT votes that blocks READY; at 0.01 any REJECT blocks, since a non-zero share counts as at least 1%.',
  },
  human_required: {
    type: 'boolean',
    default: false,
    description: 'Whether READY also needs a READY vote from a human.',
  },
} as const;

/**
 * The threshold rule over weighted shares (every weight 1 gives the plain threshold rule).
 * Shares are whole percentages of the eligible voters' total weight (see `wholePercent`).
 * REJECT blocks READY when its share reaches `threshold_reject`. READY is reached when its
 * share reaches `threshold_ready`, nothing blocks it and, if required, a human voted READY;
 * otherwise REJECT, then CHANGES, is reached when its share reaches `threshold_ready`.
 */
export function applyThresholdRule(input: TallyInput<ThresholdRuleOptions>, weightOf: (voter: Voter) => number): Tally {
  const { options } = input;
  const groups = groupVotersByVote(input);
  const total = sumWeights(input.voters, weightOf);
  const share = (vote: VoteValue) => wholePercent(sumWeights(groups[vote], weightOf), total);
  const needed = thresholdPercent(options.threshold_ready);
  const blocksAt = thresholdPercent(options.threshold_reject);
  const reaches = (vote: VoteValue) => share(vote) > 0 && share(vote) >= needed;
  const shares = `READY ${share('READY')}%, CHANGES ${share('CHANGES')}%, REJECT ${share('REJECT')}%`;

  const blocking = groups.REJECT.length > 0 && share('REJECT') >= blocksAt ? groups.REJECT : [];
  const blockedBy = blocking.map((voter) => voter.id);
  const humanMissing = options.human_required && !groups.READY.some((voter) => voter.human);
  if (reaches('READY') && blocking.length === 0 && !humanMissing) {
    return { reached: true, outcome: 'READY', blockedBy, reason: `READY has ${share('READY')}% of the vote, ${needed}% needed, and no REJECT blocks it.` };
  }
  const readyProblem =
    blocking.length > 0
      ? `REJECT from ${voterNames(blocking)} (${share('REJECT')}%, blocking from ${blocksAt}%) blocks READY`
      : reaches('READY')
        ? 'no human voted READY'
        : undefined;
  const because = readyProblem === undefined ? '' : `; ${readyProblem}`;
  for (const vote of ['REJECT', 'CHANGES'] as const) {
    if (reaches(vote)) {
      return { reached: true, outcome: vote, blockedBy, reason: `${vote} has ${share(vote)}% of the vote, ${needed}% needed${because}.` };
    }
  }
  const reason = reaches('READY')
    ? `READY has ${share('READY')}% of the vote, ${needed}% needed, but ${readyProblem}.`
    : `No outcome has ${needed}% of the vote (${shares})${because}.`;
  return { reached: false, outcome: null, blockedBy, reason };
}

function sumWeights(voters: readonly Voter[], weightOf: (voter: Voter) => number): number {
  return voters.reduce((total, voter) => total + weightOf(voter), 0);
}
