import type { JsonSchema } from './json-schema.js';
import type { VoteValue } from './vote.js';

/**
 * The vote count of a phase as conditions see it. `reached` and `outcome` are the voting
 * strategy's verdict; `counts` and `voters` let a condition apply its own rule (a quorum, a
 * share) whatever the strategy.
 */
export interface PhaseVotes {
  readonly reached: boolean;
  /** The outcome agreed on, or null when none is reached. */
  readonly outcome: VoteValue | null;
  /**
   * Counted votes of each kind: each eligible voter's latest vote since the phase's last
   * VOTE-RESET, one per voter, unweighted. Their sum is the number of distinct voters who voted.
   */
  readonly counts: Readonly<Record<VoteValue, number>>;
  /** The eligible voters the count was made over (those who voted and those who did not; background personas never). */
  readonly voters: number;
}

/**
 * What the engine knows about the current phase when it evaluates transitions: after each
 * round, and when someone asks for an explicit advance. Conditions are pure functions of
 * these facts and their options.
 */
export interface PhaseFacts {
  readonly phase: string;
  /** Rounds completed since the discussion last entered this phase (the round just finished included). */
  readonly rounds: number;
  /** Participants of the phase (aliases). */
  readonly participants: readonly string[];
  /** Participants who answered (a comment or an explicit "nothing to add") in the last round. */
  readonly responded: readonly string[];
  /** Participants @mentioned since their last comment who have not answered yet. */
  readonly pendingMentions: readonly string[];
  /**
   * The vote count of the phase, or null when votes do not count in it. `counts` and `voters`
   * were added to v1 later; a condition that reads only `reached` and `outcome` is unaffected.
   */
  readonly votes: PhaseVotes | null;
  /** Questions asked and not answered (see the markers package for how a question is answered). */
  readonly openQuestions: number;
  /** Whether a person has voted READY since the phase's last vote reset. */
  readonly humanApproved: boolean;
  /** Markers found in the phase's comments, counted by type (`decision`, `risk`…). */
  readonly markerCounts: Readonly<Record<string, number>>;
  /** True while evaluating an explicit advance (`quorum advance`): `manual` holds only then. */
  readonly explicitAdvance: boolean;
  /** Rounds the engine has run in the whole discussion, over all phases. */
  readonly totalRounds: number;
  /** Design facets the discussion's comments cover, all phases (`designFacets` in the markers package). */
  readonly designFacets: readonly string[];
}

/** The parts of a phase a condition's static check may look at. */
export interface PhaseOutline {
  readonly id: string;
  readonly voting: boolean;
  readonly participants: readonly string[];
}

/**
 * A transition condition (`all_responded`, `consensus: READY`, or one a plugin adds).
 * In a template it is written as its bare name when it takes no options, or as
 * `{ name: options }`.
 */
export interface ConditionV1<Options = unknown> {
  readonly specificationVersion: 'v1';
  /** The name templates use, in snake_case, e.g. `all_responded`. */
  readonly name: string;
  readonly description: string;
  /**
   * JSON Schema of the options (`{ consensus: READY }` has the options `READY`). Absent when
   * the condition takes none; then it is written as a bare name.
   */
  readonly optionsSchema?: JsonSchema;
  /**
   * A static check before any run: a sentence saying why the condition can never hold in
   * this phase (e.g. a consensus condition where votes do not count), or undefined.
   */
  check?(options: Options, phase: PhaseOutline): string | undefined;
  /** Whether the condition holds. Must be pure. */
  evaluate(facts: PhaseFacts, options: Options): boolean;
}

export const CONDITION_SPECIFICATION_VERSION = 'v1' as const;
