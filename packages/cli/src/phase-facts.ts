import { aliasOfAuthor, isHumanName, type CommentSection, type Discussion, type MarkerSetV1, type PhaseFacts } from '@quorum/core';
import { discussionView } from '@quorum/format';
import { extractCommentMentions, extractMarkers, summarizeMarkers } from '@quorum/markers';
import { countVotes, type VoterSpec } from '@quorum/voting';
import type { ResolvedPhase, ResolvedTemplate } from '@quorum/compiler';
import type { ResolvedStrategy } from '@quorum/config';
import { voterFactsOf, type VoterFacts } from './discussion-report.js';

export interface PhaseFactsInput {
  readonly discussion: Discussion;
  readonly template: ResolvedTemplate;
  readonly phase: ResolvedPhase;
  readonly markerSets: readonly MarkerSetV1[];
  /** The template's voting strategy with its options checked. */
  readonly strategy: ResolvedStrategy;
  readonly voters: VoterFacts;
  readonly explicitAdvance: boolean;
}

/**
 * What a discussion file says about its current phase, as transition conditions see it.
 * The phase began at the last PHASE-TRANSITION into it (or at the start of the file). A
 * round is each participant commenting once, so the rounds done are the most comments any
 * one participant has written since then.
 */
export function phaseFacts(input: PhaseFactsInput): PhaseFacts {
  const { discussion, phase } = input;
  const view = discussionView(discussion);
  const events = view.timeline.flatMap((entry) => (entry.kind === 'event' ? [entry.event] : []));
  const entered = events.filter((e) => e.kind === 'phase-transition' && e.to === phase.id).at(-1)?.line ?? 0;
  const since = view.comments.filter((c) => c.line > entered);

  const participantOf = (author: string) => phase.participants.find((alias) => matches(author, alias));
  const perParticipant = new Map<string, number>();
  for (const comment of since) {
    const alias = participantOf(comment.author);
    if (alias !== undefined) perParticipant.set(alias, (perParticipant.get(alias) ?? 0) + 1);
  }

  const markers = extractMarkers(view.comments, input.markerSets);
  const markerCounts: Record<string, number> = {};
  for (const marker of markers) if (marker.line > entered) markerCounts[marker.type] = (markerCounts[marker.type] ?? 0) + 1;

  const roster: VoterSpec[] = phase.participants.map((id) => ({ id, ...voterFactsOf(input.voters, id) }));
  const voteResets = events.flatMap((e) => (e.kind === 'vote-reset' ? [{ phase: e.phase, line: e.line }] : []));
  const lastReset = voteResets.filter((r) => r.phase === phase.id).at(-1)?.line ?? 0;
  const votes = phase.voting
    ? countVotes({
        phase: phase.id,
        comments: view.comments.map((c) => ({ author: c.author, vote: c.vote, line: c.voteLine ?? c.line })),
        voteResets,
        roster,
        strategy: input.strategy.strategy,
        options: input.strategy.options,
      })
    : null;
  const humanApproved = view.comments.some(
    (c) => (c.voteLine ?? c.line) > lastReset && c.vote === 'READY' && (voterFactsOf(input.voters, c.author)?.human ?? isHumanName(c.author)),
  );

  return {
    phase: phase.id,
    rounds: Math.max(0, ...perParticipant.values()),
    participants: phase.participants,
    responded: phase.participants.filter((alias) => perParticipant.has(alias)),
    pendingMentions: pendingMentions(since, phase.participants),
    votes: votes === null ? null : { reached: votes.reached, outcome: votes.outcome },
    openQuestions: summarizeMarkers(markers).questions.filter((q) => q.status === 'open').length,
    humanApproved,
    markerCounts,
    explicitAdvance: input.explicitAdvance,
  };
}

/** Participants mentioned in a comment who have not commented after it. */
function pendingMentions(comments: readonly CommentSection[], participants: readonly string[]): string[] {
  const pending: string[] = [];
  comments.forEach((comment, index) => {
    const mentioned = extractCommentMentions(comment).map((m) => m.alias);
    const everyone = mentioned.includes('all') ? participants : mentioned;
    for (const alias of everyone) {
      const answered = comments.slice(index + 1).some((later) => matches(later.author, alias));
      if (!answered && !pending.includes(alias) && !matches(comment.author, alias)) pending.push(alias);
    }
  });
  return pending;
}

function matches(author: string, alias: string): boolean {
  return author.toLowerCase() === alias.toLowerCase() || aliasOfAuthor(author) === alias.toLowerCase();
}
