import type { ConditionV1, VoteValue } from '@quorum/core';

/** Options of the `quorum_reached` condition. */
export interface QuorumConditionOptions {
  /** Distinct voters who must have voted in the phase (each voter's latest counted vote). */
  readonly min_voters: number;
  /** The share of the votes cast that `outcome` must exceed. */
  readonly ready_share: number;
  /** The vote whose share is measured: READY by default (hence `ready_share`); REJECT for a transition that abandons. */
  readonly outcome: VoteValue;
}

/**
 * A quorum rule, as assemblies use it: holds when at least `min_voters` distinct voters have
 * voted in the phase and `outcome` (READY by default) has more than `ready_share` of the votes
 * **cast**. Voters who have not voted count neither for nor against the share (the quorum is
 * what guards against a thin turnout), so the share is of ballots, not of eligible voters.
 *
 * It reads the vote count in `PhaseFacts.votes` (`counts`: each voter's latest counted vote,
 * one per voter) and ignores the voting strategy's verdict (`reached`, `outcome`), so it works
 * the same whatever strategy the phase counts with.
 */
export const quorumReachedCondition: ConditionV1<QuorumConditionOptions> = {
  specificationVersion: 'v1',
  name: 'quorum_reached',
  description: 'At least min_voters distinct voters voted and more than ready_share of their votes are READY (or the outcome named).',
  optionsSchema: {
    type: 'object',
    description: 'Options of the quorum_reached condition.',
    additionalProperties: false,
    properties: {
      min_voters: { type: 'integer', minimum: 1, default: 2, description: 'Distinct voters who must have voted in the phase.' },
      ready_share: {
        type: 'number',
        minimum: 0,
        exclusiveMaximum: 1,
        default: 0.5,
        description: 'The outcome needs more than this share of the votes cast (0.5 = a majority of those voting).',
      },
      outcome: { enum: ['READY', 'CHANGES', 'REJECT'], default: 'READY', description: 'The vote whose share is measured.' },
    },
  },
  check(options, phase) {
    if (!phase.voting) {
      return `votes do not count in phase "${phase.id}" (voting: false), so quorum_reached never holds there; set voting: true`;
    }
    if (phase.participants.length > 0 && phase.participants.length < options.min_voters) {
      return `phase "${phase.id}" has ${phase.participants.length} participant${phase.participants.length === 1 ? '' : 's'}, fewer than quorum_reached's min_voters (${options.min_voters}); lower min_voters or add participants`;
    }
    return undefined;
  },
  evaluate(facts, options) {
    if (facts.votes === null) return false;
    const { counts } = facts.votes;
    const cast = counts.READY + counts.CHANGES + counts.REJECT;
    return cast >= options.min_voters && counts[options.outcome] / cast > options.ready_share;
  },
};

