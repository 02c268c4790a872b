import { isHumanName, type Discussion, type MarkerSetV1, type PhaseFacts, type VotingStrategyV1 } from '@quorum/core';
import type { ResolvedPhase } from '@quorum/compiler';
import { countVotes, type VoteCount, type VoterSpec } from '@quorum/voting';
import { DiscussionIndex } from './discussion-index.js';
import type { AuthorMatcher } from './discussion-rounds.js';

/** What is known about a voter besides their comments: from config `voters` and persona files. */
export interface VoterFact {
  readonly human?: boolean | undefined;
  readonly weight?: number | undefined;
  readonly background?: boolean | undefined;
  readonly aliases?: readonly string[] | undefined;
}

/** A voting strategy with its options checked and defaults filled. */
export interface StrategyChoice {
  readonly strategy: VotingStrategyV1;
  readonly options: Record<string, unknown>;
}

export interface PhaseFactsInput {
  readonly discussion: Discussion;
  readonly phase: ResolvedPhase;
  /** The phase's participants when the template names none: the discussion's. */
  readonly participants: readonly string[];
  readonly markerSets: readonly MarkerSetV1[];
  /** The voting rule of this phase. */
  readonly strategy: StrategyChoice;
  readonly voterFact: (id: string) => VoterFact | undefined;
  readonly matches: AuthorMatcher;
  readonly explicitAdvance: boolean;
  /** The index a run keeps of the discussion (brought up to date here); a new one otherwise. */
  readonly index?: DiscussionIndex | undefined;
}

/**
 * What a discussion file says about its current phase, as transition conditions see it.
 * The phase began at the last PHASE-TRANSITION into it (or at the start of the file).
 * Rounds are the engine's finished ROUND lines since then; in a discussion driven by hand
 * (no ROUND lines), a round is each participant commenting once, so the rounds are the most
 * comments any one participant has written since the phase began.
 */
export function phaseFacts(input: PhaseFactsInput): PhaseFacts & { readonly voteCount: VoteCount | null } {
  const { phase, participants, matches } = input;
  const index = (input.index ?? new DiscussionIndex(input.markerSets, matches)).update(input.discussion);
  const entered = index.entryLine(phase.id);
  const rounds = index.roundCounts(phase.id);

  // A comment counts for the first participant its author is.
  const responded = new Set<string>();
  const perParticipant = new Map<string, number>();
  for (const [author, count] of index.commentCountsAfter(entered)) {
    const alias = participants.find((a) => matches(author, a));
    if (alias === undefined) continue;
    responded.add(alias);
    perParticipant.set(alias, (perParticipant.get(alias) ?? 0) + count);
  }
  for (const alias of rounds.noResponse) responded.add(alias);

  const lastReset = index.voteResets.filter((r) => r.phase === phase.id).at(-1)?.line ?? 0;
  const voteCount = phase.voting
    ? countVotes({
        phase: phase.id,
        comments: index.votes(),
        voteResets: index.voteResets,
        markers: index.markersAfter(lastReset),
        roster: participants.map((id): VoterSpec => ({ id, ...input.voterFact(id) })),
        strategy: input.strategy.strategy,
        options: input.strategy.options,
      })
    : null;
  const humanApproved = index.readyAfter(lastReset).some((author) => input.voterFact(author)?.human ?? isHumanName(author));

  const facts = {
    phase: phase.id,
    rounds: rounds.started > 0 ? rounds.finished : Math.max(0, ...perParticipant.values()),
    participants,
    responded: participants.filter((alias) => responded.has(alias)),
    pendingMentions: index.pendingMentions(entered, participants),
    votes: voteCount === null ? null : { reached: voteCount.reached, outcome: voteCount.outcome, counts: voteCount.counts, voters: voteCount.voters.length },
    openQuestions: index.openQuestionCount,
    humanApproved,
    markerCounts: index.markerCountsAfter(entered),
    explicitAdvance: input.explicitAdvance,
    totalRounds: index.totalRounds,
    designFacets: [] as readonly string[],
  };
  // Working out the design facets scans the comments since the last time, so only when a
  // condition reads them (final_design), while the transitions are evaluated; once read they stay.
  let designFacets: readonly string[] | undefined;
  Object.defineProperty(facts, 'designFacets', { enumerable: true, get: () => (designFacets ??= index.designFacets()) });
  // Not one of the facts conditions see: a copy of them (a spread) leaves it out.
  return Object.defineProperty(facts, 'voteCount', { value: voteCount, enumerable: false }) as typeof facts & { readonly voteCount: VoteCount | null };
}
