import type { ConditionV1, VoteValue } from '@quorum/core';

/** Options of the `quorum_reached` condition. */
export interface QuorumConditionOptions {
  /** Distinct participants of the phase who must have answered (commented or voted). */
  readonly min_voters: number;
  /** The outcome the phase's vote count must have reached. */
  readonly outcome: VoteValue;
}

/**
 * Holds when at least `min_voters` distinct participants of the phase answered and the
 * phase's votes reached `outcome` under the phase's voting strategy. With the `quorum`
 * strategy (same package) that reads "at least N distinct voters and more than X of them
 * READY"; with any other strategy it adds a turnout floor to that strategy's verdict.
 *
 * Why both parts: a condition sees the phase facts of `ConditionV1`, which carry the vote
 * count's verdict (`reached`, `outcome`) and who answered, not the ballots themselves; the
 * share is therefore the strategy's job, and the turnout is checked here from `responded`.
 */
export const quorumReachedCondition: ConditionV1<QuorumConditionOptions> = {
  specificationVersion: 'v1',
  name: 'quorum_reached',
  description: 'At least min_voters distinct participants answered and the votes reached the outcome (READY by default).',
  optionsSchema: {
    type: 'object',
    description: 'Options of the quorum_reached condition.',
    additionalProperties: false,
    properties: {
      min_voters: { type: 'integer', minimum: 1, default: 2, description: 'Distinct participants who must have answered in the phase.' },
      outcome: { enum: ['READY', 'CHANGES', 'REJECT'], default: 'READY', description: 'The outcome the votes must reach.' },
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
    return facts.votes !== null && facts.votes.reached && facts.votes.outcome === options.outcome && facts.responded.length >= options.min_voters;
  },
};
