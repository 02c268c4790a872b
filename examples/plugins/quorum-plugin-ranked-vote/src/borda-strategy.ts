import type { Ballot, Tally, VoteValue, Voter, VotingStrategyV1 } from '@quorum/core';

/** Options of the `borda` strategy. */
export interface BordaOptions extends Record<string, unknown> {
  /** Share of the eligible voters (by count) who must have voted before a winner counts. */
  readonly min_turnout: number;
  /** The second choice of a CHANGES ballot: the value it leans towards. */
  readonly changes_leans: 'READY' | 'REJECT';
  /** Whether a ballot counts with its voter's weight (config `voters.<name>.weight`) instead of 1. */
  readonly weighted: boolean;
}

const ORDER: readonly VoteValue[] = ['READY', 'CHANGES', 'REJECT'];

/**
 * The full ranking a single vote stands for. The three votes lie on one scale
 * (READY – CHANGES – REJECT), so a voter's first choice is their vote, the next is the
 * nearest value, and the far end is last; a CHANGES voter's second choice is `changes_leans`.
 */
export function rankingOf(vote: VoteValue, changesLeans: 'READY' | 'REJECT'): readonly [VoteValue, VoteValue, VoteValue] {
  if (vote === 'READY') return ['READY', 'CHANGES', 'REJECT'];
  if (vote === 'REJECT') return ['REJECT', 'CHANGES', 'READY'];
  return changesLeans === 'READY' ? ['CHANGES', 'READY', 'REJECT'] : ['CHANGES', 'REJECT', 'READY'];
}

/** Borda points of each outcome: 2 for a ballot's first choice, 1 for its second, 0 for its last. */
export function bordaScores(ballots: readonly Ballot[], voters: readonly Voter[], options: BordaOptions): Record<VoteValue, number> {
  const weightOf = new Map(voters.map((voter) => [voter.id, voter.weight]));
  const scores: Record<VoteValue, number> = { READY: 0, CHANGES: 0, REJECT: 0 };
  // Summed in voter order so that weighted (fractional) sums never depend on ballot order.
  for (const ballot of [...ballots].sort((a, b) => (a.voter < b.voter ? -1 : a.voter > b.voter ? 1 : 0))) {
    const weight = options.weighted ? (weightOf.get(ballot.voter) ?? 1) : 1;
    const [first, second] = rankingOf(ballot.vote, options.changes_leans);
    scores[first] += 2 * weight;
    scores[second] += weight;
  }
  return scores;
}

const format = (n: number) => String(Math.round(n * 100) / 100);

/**
 * A Borda count over the three outcomes. Each ballot is read as a ranking (see
 * {@link rankingOf}); the outcome with the most points wins once enough voters voted. A tie
 * for first place reaches nothing. Borda never vetoes: a lone REJECT lowers READY's score
 * but blocks nothing, so `blockedBy` is always empty.
 */
export const bordaStrategy: VotingStrategyV1<BordaOptions> = {
  specificationVersion: 'v1',
  name: 'borda',
  description: 'A Borda count: each vote ranks READY, CHANGES and REJECT by closeness; the most points wins, ties reach nothing.',
  optionsSchema: {
    type: 'object',
    description: 'Options of the borda voting strategy.',
    additionalProperties: false,
    properties: {
      min_turnout: {
        type: 'number',
        exclusiveMinimum: 0,
        maximum: 1,
        default: 1,
        description: 'Share of the eligible voters who must have voted before a winner counts (1 = everyone).',
      },
      changes_leans: {
        enum: ['READY', 'REJECT'],
        default: 'READY',
        description: 'The second choice of a CHANGES vote.',
      },
      weighted: { type: 'boolean', default: false, description: "Count each ballot with its voter's weight." },
    },
  },
  tally({ ballots, voters, options }): Tally {
    const eligible = voters.length;
    const turnout = eligible === 0 ? 0 : ballots.length / eligible;
    const scores = bordaScores(ballots, voters, options);
    const summary = `Borda count over ${ballots.length} of ${eligible} ballot${eligible === 1 ? '' : 's'}: ${ORDER.map((v) => `${v} ${format(scores[v])}`).join(', ')}`;
    if (ballots.length === 0 || turnout + 1e-9 < options.min_turnout) {
      const needed = Math.ceil(options.min_turnout * eligible - 1e-9);
      return { reached: false, outcome: null, blockedBy: [], reason: `${summary}; waiting for ${needed} of ${eligible} voters to vote.` };
    }
    const best = Math.max(...ORDER.map((v) => scores[v]));
    const leaders = ORDER.filter((v) => Math.abs(scores[v] - best) < 1e-9);
    if (leaders.length > 1) {
      return { reached: false, outcome: null, blockedBy: [], reason: `${summary}; ${leaders.join(' and ')} tie, so nothing is decided.` };
    }
    const winner = leaders[0]!;
    return { reached: true, outcome: winner, blockedBy: [], reason: `${summary}; ${winner} wins.` };
  },
};
