import type { Tally, VoteValue, VotingStrategyV1 } from '@quorum/core';

/** Options of the `quorum` voting strategy. */
export interface QuorumStrategyOptions extends Record<string, unknown> {
  /** Distinct voters who must have voted before anything is decided. */
  readonly min_voters: number;
  /** An outcome needs more than this share of the votes cast. */
  readonly ready_share: number;
}

const ORDER: readonly VoteValue[] = ['READY', 'CHANGES', 'REJECT'];
const percent = (share: number) => `${Math.round(share * 100)}%`;

/**
 * A quorum rule, as assemblies use: nothing is decided until at least `min_voters` distinct
 * voters voted; then an outcome needs more than `ready_share` of the votes *cast* (the
 * threshold strategy counts shares of everyone eligible, so a silent voter counts against
 * every outcome there; here, once the quorum is present, silence does not). Ballots are
 * already one per voter (the host keeps each voter's latest), so distinct voters are the
 * ballots.
 */
export const quorumStrategy: VotingStrategyV1<QuorumStrategyOptions> = {
  specificationVersion: 'v1',
  name: 'quorum',
  description: 'Nothing is decided until min_voters voted; then an outcome needs more than ready_share of the votes cast.',
  optionsSchema: {
    type: 'object',
    description: 'Options of the quorum voting strategy.',
    additionalProperties: false,
    properties: {
      min_voters: { type: 'integer', minimum: 1, default: 2, description: 'Distinct voters needed before anything is decided.' },
      ready_share: {
        type: 'number',
        minimum: 0,
        exclusiveMaximum: 1,
        default: 0.5,
        description: 'An outcome needs more than this share of the votes cast (0.5 = a majority of those voting).',
      },
    },
  },
  tally({ ballots, options }): Tally {
    const counts: Record<VoteValue, number> = { READY: 0, CHANGES: 0, REJECT: 0 };
    for (const ballot of ballots) counts[ballot.vote]++;
    const cast = ballots.length;
    if (cast < options.min_voters) {
      return {
        reached: false,
        outcome: null,
        blockedBy: [],
        reason: `No quorum: ${cast} of the ${options.min_voters} voters needed have voted.`,
      };
    }
    const shares = ORDER.map((vote) => `${vote} ${percent(counts[vote] / cast)}`).join(', ');
    const winner = ORDER.find((vote) => counts[vote] / cast > options.ready_share);
    if (winner === undefined) {
      return { reached: false, outcome: null, blockedBy: [], reason: `Quorum present (${cast} voters), but no outcome has more than ${percent(options.ready_share)} of the votes (${shares}).` };
    }
    return { reached: true, outcome: winner, blockedBy: [], reason: `Quorum present (${cast} voters) and ${winner} has more than ${percent(options.ready_share)} of the votes (${shares}).` };
  },
};
