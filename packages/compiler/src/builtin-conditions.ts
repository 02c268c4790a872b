import { CONDITION_SPECIFICATION_VERSION, VOTE_VALUES, type ConditionV1, type VoteValue } from '@quorum/core';

/** Options of the `marker` condition: a marker type, or a type and how many are needed. */
export type MarkerConditionOptions = string | { readonly type: string; readonly min?: number };

/** Every participant of the phase answered in the last round (a comment or "nothing to add"). */
export const allRespondedCondition: ConditionV1<undefined> = {
  specificationVersion: CONDITION_SPECIFICATION_VERSION,
  name: 'all_responded',
  description: 'Every participant of the phase answered in the last round.',
  evaluate: (facts) => facts.participants.every((participant) => facts.responded.includes(participant)),
};

/** Everyone @mentioned has answered since. */
export const allMentionedRespondedCondition: ConditionV1<undefined> = {
  specificationVersion: CONDITION_SPECIFICATION_VERSION,
  name: 'all_mentioned_responded',
  description: 'Everyone @mentioned has answered since they were mentioned.',
  evaluate: (facts) => facts.pendingMentions.length === 0,
};

/** The phase's votes reached the given outcome under the template's voting strategy. */
export const consensusCondition: ConditionV1<VoteValue> = {
  specificationVersion: CONDITION_SPECIFICATION_VERSION,
  name: 'consensus',
  description: 'The votes of the phase reached the outcome named (READY, CHANGES or REJECT).',
  optionsSchema: {
    description: 'The outcome the votes must reach.',
    enum: [...VOTE_VALUES],
  },
  check: (_options, phase) =>
    phase.voting
      ? undefined
      : `votes do not count in phase "${phase.id}" (voting: false), so a consensus is never reached there; set voting: true`,
  evaluate: (facts, outcome) => facts.votes !== null && facts.votes.reached && facts.votes.outcome === outcome,
};

/** At least N rounds were done since the discussion entered the phase. */
export const roundsCondition: ConditionV1<number> = {
  specificationVersion: CONDITION_SPECIFICATION_VERSION,
  name: 'rounds',
  description: 'At least this many rounds were done since the discussion entered the phase.',
  optionsSchema: { description: 'The number of rounds.', type: 'integer', minimum: 1 },
  evaluate: (facts, rounds) => facts.rounds >= rounds,
};

/** No question asked in the discussion is still unanswered. */
export const noOpenQuestionsCondition: ConditionV1<undefined> = {
  specificationVersion: CONDITION_SPECIFICATION_VERSION,
  name: 'no_open_questions',
  description: 'No question (Q:) is left unanswered.',
  evaluate: (facts) => facts.openQuestions === 0,
};

/** A person voted READY since the phase's last vote reset. */
export const humanApprovedCondition: ConditionV1<undefined> = {
  specificationVersion: CONDITION_SPECIFICATION_VERSION,
  name: 'human_approved',
  description: 'A person (not an AI persona) voted READY since the last vote reset.',
  evaluate: (facts) => facts.humanApproved,
};

/** Only an explicit advance (`quorum advance`) moves on. */
export const manualCondition: ConditionV1<undefined> = {
  specificationVersion: CONDITION_SPECIFICATION_VERSION,
  name: 'manual',
  description: 'Holds only when someone advances the discussion explicitly (quorum advance).',
  evaluate: (facts) => facts.explicitAdvance,
};

/**
 * Enough markers of a type were written in the phase: `{ marker: decision }` needs one
 * `DECISION:`, `{ marker: { type: decision, min: 2 } }` two. Quorum's addition to the seed's
 * conditions, for templates that end on a marker (a debate's FINAL DESIGN, a pipeline's
 * conflict list).
 */
export const markerCondition: ConditionV1<MarkerConditionOptions> = {
  specificationVersion: CONDITION_SPECIFICATION_VERSION,
  name: 'marker',
  description: 'At least `min` (default 1) markers of the type were written in the phase.',
  optionsSchema: {
    description: 'A marker type (`decision`), or `{ type, min }`.',
    anyOf: [
      { type: 'string', minLength: 1, description: 'The marker type, e.g. decision.' },
      {
        type: 'object',
        additionalProperties: false,
        required: ['type'],
        properties: {
          type: { type: 'string', minLength: 1, description: 'The marker type, e.g. decision.' },
          min: { type: 'integer', minimum: 1, description: 'How many are needed (1 by default).' },
        },
      },
    ],
  },
  evaluate: (facts, options) => {
    const [type, min] = typeof options === 'string' ? [options, 1] : [options.type, options.min ?? 1];
    return (facts.markerCounts[type] ?? 0) >= min;
  },
};

/** Options of the `final_design` condition. */
export interface FinalDesignConditionOptions {
  readonly min_turns?: number;
  readonly min_facets?: number;
}

/**
 * A FINAL DESIGN block was written in the phase, and the debate has earned it: at least
 * `min_turns` rounds in the whole discussion and at least `min_facets` distinct design
 * facets (architecture, storage, APIs, security… see `designFacets` in the markers package)
 * covered by its comments. Until then a block is an opening offer, not an outcome.
 */
export const finalDesignCondition: ConditionV1<FinalDesignConditionOptions | undefined> = {
  specificationVersion: CONDITION_SPECIFICATION_VERSION,
  name: 'final_design',
  description: 'A FINAL DESIGN block was written in the phase after at least `min_turns` rounds in all and `min_facets` design facets covered.',
  optionsSchema: {
    description: 'How much debate a FINAL DESIGN block needs before it counts.',
    type: 'object',
    additionalProperties: false,
    properties: {
      min_turns: { type: 'integer', minimum: 0, description: 'Rounds in the whole discussion before a block counts (0 by default).' },
      min_facets: { type: 'integer', minimum: 0, maximum: 11, description: 'Distinct design facets the comments must cover (0 by default).' },
    },
  },
  evaluate: (facts, options) =>
    (facts.markerCounts['final_design'] ?? 0) >= 1 &&
    facts.totalRounds >= (options?.min_turns ?? 0) &&
    facts.designFacets.length >= (options?.min_facets ?? 0),
};

/** The conditions Quorum ships, in the order the documentation lists them. */
export const builtinConditions: readonly ConditionV1[] = [
  allRespondedCondition,
  allMentionedRespondedCondition,
  consensusCondition,
  roundsCondition,
  noOpenQuestionsCondition,
  humanApprovedCondition,
  manualCondition,
  markerCondition,
  finalDesignCondition,
];
