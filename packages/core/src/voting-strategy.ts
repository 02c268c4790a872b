import type { JsonSchema } from './json-schema.js';
import type { VoteValue } from './vote.js';

/** Someone whose vote may count. */
export interface Voter {
  /**
   * How votes are attributed: the comment author name (`AI-Architect`, `Rob`) for a voter who
   * voted, the roster id (`architect`) for one who has not.
   */
  readonly id: string;
  /** Weight for weighted strategies (1 by default). */
  readonly weight: number;
  /** Whether this voter is a person rather than an AI persona. */
  readonly human: boolean;
}

/** A voter's counted vote: the host has already kept only the latest one per voter. */
export interface Ballot {
  readonly voter: string;
  readonly vote: VoteValue;
}

export interface TallyInput<Options> {
  /** At most one ballot per voter. The order carries no meaning. */
  readonly ballots: readonly Ballot[];
  /** Everyone eligible: the roster plus anyone else who voted. Background personas are never here. */
  readonly voters: readonly Voter[];
  /** Validated options with defaults applied. */
  readonly options: Options;
}

/** The strategy's verdict; the host adds the counts, the missing voters and the votes. */
export interface Tally {
  readonly reached: boolean;
  /** The outcome agreed on, or null when no outcome is reached. */
  readonly outcome: VoteValue | null;
  /** Voters whose REJECT blocks READY (their share reached the reject threshold, or a veto). */
  readonly blockedBy: readonly string[];
  /** One sentence saying why, for people. */
  readonly reason: string;
}

/**
 * A rule that turns ballots into a verdict (threshold, majority, unanimous…). Strategies
 * are pure: the same ballots, voters and options always give the same tally, and the order
 * of ballots never matters.
 */
export interface VotingStrategyV1<Options extends Record<string, unknown> = Record<string, unknown>> {
  readonly specificationVersion: 'v1';
  /** The name templates and config use, e.g. `threshold`. */
  readonly name: string;
  readonly description: string;
  /** JSON Schema of the options, with defaults; the host validates and fills them once. */
  readonly optionsSchema: JsonSchema;
  tally(input: TallyInput<Options>): Tally;
}

export const VOTING_STRATEGY_SPECIFICATION_VERSION = 'v1' as const;
