import { aliasOfAuthor, isHumanName, type Ballot, type Marker, type Voter, type VoteValue, type VotingStrategyV1 } from '@quorum/core';

/** Someone who takes part in the discussion, as the roster (config, persona files) declares them. */
export interface VoterSpec {
  /** Roster id: a participant alias (`architect`) or an author name (`AI-Architect`). */
  readonly id: string;
  /** Further aliases the voter's comments may be matched by. */
  readonly aliases?: readonly string[];
  /** Weight for weighted strategies; 1 when absent. */
  readonly weight?: number;
  /** Whether this is a person; when absent, judged from the author name (`isHumanName`). */
  readonly human?: boolean;
  /** Background participants comment but never vote and are never eligible voters. */
  readonly background?: boolean;
}

/** What `countVotes` needs from a discussion. */
export interface CountVotesInput {
  /** The current phase; VOTE-RESETs of other phases do not apply. */
  readonly phase: string | null;
  /** Comments in any order; `line` orders the votes (a comment's vote line, or its `Name:` line). */
  readonly comments: readonly CountedComment[];
  readonly voteResets: readonly { readonly phase: string; readonly line: number }[];
  /**
   * The markers of the discussion's comments (from every marker set the host loaded), at least
   * those after the current phase's last VOTE-RESET. Those after it reach the strategy as
   * `TallyInput.markers`, in file order; each ballot gets the markers of the comment that cast
   * it (matched by `comment`). Without this, the strategy gets no markers at all.
   */
  readonly markers?: readonly Marker[];
  readonly roster: readonly VoterSpec[];
  readonly strategy: VotingStrategyV1;
  /** The strategy's options, already validated with defaults applied. */
  readonly options: Record<string, unknown>;
}

/** A comment as `countVotes` reads it. */
export interface CountedComment {
  readonly author: string;
  readonly vote: VoteValue | null;
  readonly line: number;
  /**
   * Index of the comment among the discussion's comments, as in `Marker.comment`: ties a
   * ballot to its comment's markers. A ballot from a comment without it gets no `markers`.
   */
  readonly comment?: number;
}

/** The outcome of a vote with everything that went into it. */
export interface VoteCount {
  /** Name of the strategy used. */
  readonly strategy: string;
  readonly phase: string | null;
  readonly reached: boolean;
  readonly outcome: VoteValue | null;
  readonly reason: string;
  /** The option the strategy chose (`Tally.choice`), or null when it chose none; absent for strategies that choose no option. */
  readonly choice?: string | null;
  /** Number of counted votes of each kind (unweighted). */
  readonly counts: Readonly<Record<VoteValue, number>>;
  readonly blockedBy: readonly string[];
  /** Roster ids of eligible roster voters without a counted vote. */
  readonly missing: readonly string[];
  /** The counted vote of each voter, by author name. */
  readonly votes: Readonly<Record<string, VoteValue>>;
  /** Ids of the eligible voters: roster voters first, in roster order, then others by name. */
  readonly voters: readonly string[];
}

/** A counted vote. */
interface Cast {
  readonly author: string;
  readonly vote: VoteValue;
  readonly line: number;
  readonly comment: number | undefined;
}

/**
 * Counts the votes of the current phase with a strategy.
 *
 * - Only votes after the last VOTE-RESET of the current phase count (by line; with no such
 *   reset, all of them), and of those only each voter's latest.
 * - An author is matched to a roster entry by its exact id, else by `aliasOfAuthor(author)`
 *   equal to the entry's id or one of its aliases (case-insensitive): `AI-Architect` votes
 *   as `architect`. Two authors matched to one entry share one vote, the latest.
 * - Background roster entries never vote and are not eligible.
 * - Eligible voters are the other roster entries plus every author with a counted vote who
 *   is not on the roster (weight 1). A voter is identified by the author name of their vote
 *   when they voted, by roster id when they did not.
 * - Humans are those the roster flags; otherwise `isHumanName` decides.
 * - With `markers`, the strategy gets those after the cutoff (in file order) and each ballot
 *   the markers of the comment that cast it; without, neither. The strategy's `choice` is
 *   passed through when it gives one.
 */
export function countVotes(input: CountVotesInput): VoteCount {
  const cutoff = input.voteResets.reduce(
    (last, reset) => (reset.phase === input.phase ? Math.max(last, reset.line) : last),
    Number.NEGATIVE_INFINITY,
  );
  const entryOf = rosterMatcher(input.roster);
  const rostered = new Map<VoterSpec, Cast>();
  const unrostered = new Map<string, Cast>();
  for (const { author, vote, line, comment } of input.comments) {
    if (vote === null || line <= cutoff) continue;
    const entry = entryOf(author);
    const earlier = entry === undefined ? unrostered.get(author) : rostered.get(entry);
    if (earlier !== undefined && earlier.line > line) continue;
    if (entry === undefined) unrostered.set(author, { author, vote, line, comment });
    else rostered.set(entry, { author, vote, line, comment });
  }
  const markers = input.markers === undefined ? undefined : markersAfter(input.markers, cutoff);
  const markersOf = markers === undefined ? undefined : markersByComment(markers);

  const voters: Voter[] = [];
  const ballots: Ballot[] = [];
  const missing: string[] = [];
  const addVoter = (id: string, weight: number, human: boolean | undefined, cast: Cast | undefined) => {
    voters.push({ id, weight, human: human ?? isHumanName(id) });
    if (cast === undefined) return;
    const own = markersOf === undefined || cast.comment === undefined ? undefined : (markersOf.get(cast.comment) ?? []);
    ballots.push(own === undefined ? { voter: id, vote: cast.vote } : { voter: id, vote: cast.vote, markers: own });
  };
  for (const entry of input.roster) {
    if (entry.background === true) continue;
    const cast = rostered.get(entry);
    addVoter(cast?.author ?? entry.id, entry.weight ?? 1, entry.human, cast);
    if (cast === undefined) missing.push(entry.id);
  }
  const others = [...unrostered.values()].sort((a, b) => (a.author < b.author ? -1 : a.author > b.author ? 1 : 0));
  for (const cast of others) addVoter(cast.author, 1, undefined, cast);

  const tally = input.strategy.tally(markers === undefined ? { ballots, voters, options: input.options } : { ballots, voters, options: input.options, markers });
  const counts: Record<VoteValue, number> = { READY: 0, CHANGES: 0, REJECT: 0 };
  for (const ballot of ballots) counts[ballot.vote] += 1;
  return {
    strategy: input.strategy.name,
    phase: input.phase,
    reached: tally.reached,
    outcome: tally.outcome,
    reason: tally.reason,
    ...(tally.choice === undefined ? {} : { choice: tally.choice }),
    counts,
    blockedBy: tally.blockedBy,
    missing,
    votes: Object.fromEntries(ballots.map((ballot) => [ballot.voter, ballot.vote])),
    voters: voters.map((voter) => voter.id),
  };
}

/** The markers on lines after `cutoff`, in file order. */
function markersAfter(markers: readonly Marker[], cutoff: number): Marker[] {
  const after = markers.filter((marker) => marker.line > cutoff);
  for (let i = 1; i < after.length; i++) {
    if (after[i - 1]!.line > after[i]!.line) return after.sort((a, b) => a.line - b.line);
  }
  return after;
}

/** The markers of each comment, by comment index, in file order. */
function markersByComment(markers: readonly Marker[]): Map<number, Marker[]> {
  const byComment = new Map<number, Marker[]>();
  for (const marker of markers) {
    const list = byComment.get(marker.comment);
    if (list === undefined) byComment.set(marker.comment, [marker]);
    else list.push(marker);
  }
  return byComment;
}

/** Finds an author's roster entry (see `countVotes`), remembering each answer. */
function rosterMatcher(roster: readonly VoterSpec[]): (author: string) => VoterSpec | undefined {
  const known = new Map<string, VoterSpec | undefined>();
  return (author) => {
    if (known.has(author)) return known.get(author);
    const alias = aliasOfAuthor(author);
    const entry =
      roster.find((candidate) => candidate.id === author) ??
      roster.find((candidate) => [candidate.id, ...(candidate.aliases ?? [])].some((name) => name.toLowerCase() === alias));
    known.set(author, entry);
    return entry;
  };
}
