import type { JsonSchema } from './json-schema.js';
import type { Marker } from './marker-set.js';
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
  /**
   * The markers of the comment that cast this vote (the voter's latest counted vote), in file
   * order, from every marker set the host loaded (plugins' included): a voter can write
   * `RANK: b > a > c` in the comment that carries the vote. Empty when that comment has none.
   *
   * Optional: hosts fill it since this field was added to v1; an older host leaves it out, so
   * a strategy that reads it must also work (or say why it cannot decide) without it.
   */
  readonly markers?: readonly Marker[];
}

export interface TallyInput<Options> {
  /** At most one ballot per voter. The order carries no meaning. */
  readonly ballots: readonly Ballot[];
  /** Everyone eligible: the roster plus anyone else who voted. Background personas are never here. */
  readonly voters: readonly Voter[];
  /** Validated options with defaults applied. */
  readonly options: Options;
  /**
   * Every marker of the comments that count for this vote, in file order: the comments after
   * the phase's latest VOTE-RESET (every comment when the phase has none: the same scope as the
   * ballots), whoever wrote them and whether or not they carry a vote, from every marker set
   * the host loaded. A strategy that chooses among options finds them here (`PROPOSAL(id): …`).
   *
   * Optional, like {@link Ballot.markers}: absent when the host is older than this field.
   */
  readonly markers?: readonly Marker[];
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
  /**
   * For strategies that choose among options (proposals named in markers): the option chosen,
   * e.g. the winning proposal's id, or null when none is chosen yet. Strategies that only
   * decide READY/CHANGES/REJECT leave it out. The host passes it through unchanged to its vote
   * count (`quorum status`, `quorum votes`, the engine's `vote-count` event).
   */
  readonly choice?: string | null;
}

/**
 * A rule that turns ballots into a verdict (threshold, majority, unanimous…). Strategies
 * are pure: the same ballots, voters, options and markers always give the same tally, and the
 * order of ballots never matters (the order of `TallyInput.markers` is file order and may).
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
