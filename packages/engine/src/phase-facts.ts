import { isHumanName, type CommentSection, type Discussion, type MarkerSetV1, type PhaseFacts, type VotingStrategyV1 } from '@quorum/core';
import type { ResolvedPhase } from '@quorum/compiler';
import { extractCommentMentions } from '@quorum/markers';
import { countVotes, type VoteCount, type VoterSpec } from '@quorum/voting';
import { CommentAnalysis } from './comment-analysis.js';
import { commentsOf, eventsOf, phaseEntryLine, phaseRounds, type AuthorMatcher } from './discussion-rounds.js';

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
  /** Markers and mentions per comment, kept between calls by a run. */
  readonly analysis?: CommentAnalysis | undefined;
}

/**
 * What a discussion file says about its current phase, as transition conditions see it.
 * The phase began at the last PHASE-TRANSITION into it (or at the start of the file).
 * Rounds are the engine's finished ROUND lines since then; in a discussion driven by hand
 * (no ROUND lines), a round is each participant commenting once, so the rounds are the most
 * comments any one participant has written since the phase began.
 */
export function phaseFacts(input: PhaseFactsInput): PhaseFacts & { readonly voteCount: VoteCount | null } {
  const { discussion, phase, matches } = input;
  const analysis = input.analysis ?? new CommentAnalysis(input.markerSets);
  const participants = input.participants;
  const entered = phaseEntryLine(discussion, phase.id);
  const comments = commentsOf(discussion);
  const since = comments.filter((c) => c.line > entered);
  const rounds = phaseRounds(discussion, phase.id, matches);

  const responded = new Set<string>();
  const perParticipant = new Map<string, number>();
  for (const comment of since) {
    const alias = participants.find((a) => matches(comment.author, a));
    if (alias === undefined) continue;
    responded.add(alias);
    perParticipant.set(alias, (perParticipant.get(alias) ?? 0) + 1);
  }
  for (const round of rounds.sinceEntry) for (const alias of round.noResponse) responded.add(alias);

  const summary = analysis.summaryOf(comments);
  const markerCounts: Record<string, number> = {};
  for (const [type, markers] of Object.entries(summary.byType)) {
    let count = 0;
    for (const marker of markers) if (marker.line > entered) count++;
    if (count > 0) markerCounts[type] = count;
  }

  const events = eventsOf(discussion);
  const voteResets = events.flatMap((e) => (e.kind === 'vote-reset' ? [{ phase: e.phase, line: e.line }] : []));
  const lastReset = voteResets.filter((r) => r.phase === phase.id).at(-1)?.line ?? 0;
  const voteCount = phase.voting
    ? countVotes({
        phase: phase.id,
        comments: comments.map((c) => ({ author: c.author, vote: c.vote, line: c.voteLine ?? c.line })),
        voteResets,
        roster: participants.map((id): VoterSpec => ({ id, ...input.voterFact(id) })),
        strategy: input.strategy.strategy,
        options: input.strategy.options,
      })
    : null;
  const humanApproved = comments.some(
    (c) => (c.voteLine ?? c.line) > lastReset && c.vote === 'READY' && (input.voterFact(c.author)?.human ?? isHumanName(c.author)),
  );
  const finishedRounds = rounds.sinceEntry.filter((r) => r.missing.length === 0).length;

  return {
    phase: phase.id,
    rounds: rounds.sinceEntry.length > 0 ? finishedRounds : Math.max(0, ...perParticipant.values()),
    participants,
    responded: participants.filter((alias) => responded.has(alias)),
    pendingMentions: pendingMentions(since, participants, matches, analysis),
    votes: voteCount === null ? null : { reached: voteCount.reached, outcome: voteCount.outcome },
    openQuestions: summary.questions.filter((q) => q.status === 'open').length,
    humanApproved,
    markerCounts,
    explicitAdvance: input.explicitAdvance,
    voteCount,
  };
}

/**
 * Participants mentioned in a comment who have not commented after it, in the order they
 * were first mentioned; `@all` mentions every participant. One pass from the end: an alias
 * is pending for a comment when it has not written any later comment.
 */
export function pendingMentions(
  comments: readonly CommentSection[],
  participants: readonly string[],
  matches: AuthorMatcher,
  analysis?: CommentAnalysis,
): string[] {
  const mentionsOf = analysis === undefined ? (c: CommentSection) => [...new Set(extractCommentMentions(c).map((m) => m.alias))] : (c: CommentSection) => analysis.mentionsOf(c);
  // The last comment index of each author, to answer "has alias commented after i?" at once.
  const lastByAuthor = new Map<string, number>();
  comments.forEach((comment, index) => lastByAuthor.set(comment.author, index));
  const lastOf = (alias: string) => {
    let last = -1;
    for (const [author, index] of lastByAuthor) if (index > last && matches(author, alias)) last = index;
    return last;
  };
  const lastCache = new Map<string, number>();
  const pending: string[] = [];
  comments.forEach((comment, index) => {
    const mentioned = mentionsOf(comment);
    const everyone = mentioned.includes('all') ? participants : mentioned;
    for (const alias of everyone) {
      if (pending.includes(alias) || matches(comment.author, alias)) continue;
      let last = lastCache.get(alias);
      if (last === undefined) {
        last = lastOf(alias);
        lastCache.set(alias, last);
      }
      if (last <= index) pending.push(alias);
    }
  });
  return pending;
}
