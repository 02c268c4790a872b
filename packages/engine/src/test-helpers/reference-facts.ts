import { isHumanName, type CommentSection, type Discussion, type DiscussionEvent, type PhaseFacts, type RoundEvent } from '@quorum/core';
import { designFacets, extractCommentMentions, extractMarkers, summarizeMarkers } from '@quorum/markers';
import { countVotes, type VoteCount, type VoterSpec } from '@quorum/voting';
import type { AuthorMatcher } from '../discussion-rounds.js';
import type { PhaseRounds } from '../discussion-index.js';
import type { PhaseFactsInput } from '../phase-facts.js';

/*
 * The straightforward way to read a discussion's facts: every pass over the whole file.
 * The engine keeps an incremental index instead (discussion-index.ts); these are the model
 * its property tests compare it with.
 */

/** Where the discussion entered `phase` for the last time: the line of that PHASE-TRANSITION, or 0. */
export function phaseEntryLine(discussion: Discussion, phase: string): number {
  let line = 0;
  for (const event of eventsOf(discussion)) if (event.kind === 'phase-transition' && event.to === phase) line = event.line;
  return line;
}

export function eventsOf(discussion: Discussion): DiscussionEvent[] {
  const events: DiscussionEvent[] = [];
  for (const section of discussion.sections) if (section.kind === 'events') events.push(...section.events);
  return events;
}

export function commentsOf(discussion: Discussion): CommentSection[] {
  return discussion.sections.filter((section): section is CommentSection => section.kind === 'comment');
}

/**
 * The rounds of `phase` recorded in the file. A round's answers are what follows its ROUND
 * line up to the next ROUND line: comments by its responders and their NO-RESPONSE and
 * PARTICIPANT-FAILED lines.
 */
export function referencePhaseRounds(discussion: Discussion, phase: string, matches: AuthorMatcher): PhaseRounds {
  const entry = phaseEntryLine(discussion, phase);
  const rounds: { event: RoundEvent; commented: Set<string>; noResponse: Set<string>; failed: Set<string> }[] = [];
  let total = 0;
  let open: (typeof rounds)[number] | undefined;
  for (const section of discussion.sections) {
    if (section.kind === 'comment') {
      if (open === undefined) continue;
      const alias = open.event.responders.find((r) => matches(section.author, r));
      if (alias !== undefined) open.commented.add(alias);
      continue;
    }
    for (const event of section.events) {
      if (event.kind === 'round') {
        open = undefined;
        if (event.phase !== phase) continue;
        total++;
        if (event.line > entry) {
          open = { event, commented: new Set(), noResponse: new Set(), failed: new Set() };
          rounds.push(open);
        }
      } else if (event.kind === 'phase-transition') {
        open = undefined;
      } else if (open !== undefined && (event.kind === 'no-response' || event.kind === 'participant-failed')) {
        const alias = open.event.responders.find((r) => r.toLowerCase() === event.participant.toLowerCase());
        if (alias !== undefined) (event.kind === 'no-response' ? open.noResponse : open.failed).add(alias);
      }
    }
  }
  return {
    total,
    sinceEntry: rounds.map(({ event, commented, noResponse, failed }) => {
      const answered = new Set([...commented, ...noResponse, ...failed]);
      return { event, answered, commented, noResponse, failed, missing: event.responders.filter((r) => !answered.has(r)) };
    }),
  };
}

/**
 * What a discussion file says about its current phase, as transition conditions see it.
 * The phase began at the last PHASE-TRANSITION into it (or at the start of the file).
 * Rounds are the engine's finished ROUND lines since then; in a discussion driven by hand
 * (no ROUND lines), a round is each participant commenting once, so the rounds are the most
 * comments any one participant has written since the phase began.
 */
export function referencePhaseFacts(input: PhaseFactsInput): PhaseFacts & { readonly voteCount: VoteCount | null } {
  const { discussion, phase, matches } = input;
    const participants = input.participants;
  const entered = phaseEntryLine(discussion, phase.id);
  const comments = commentsOf(discussion);
  const since = comments.filter((c) => c.line > entered);
  const rounds = referencePhaseRounds(discussion, phase.id, matches);

  const responded = new Set<string>();
  const perParticipant = new Map<string, number>();
  for (const comment of since) {
    const alias = participants.find((a) => matches(comment.author, a));
    if (alias === undefined) continue;
    responded.add(alias);
    perParticipant.set(alias, (perParticipant.get(alias) ?? 0) + 1);
  }
  for (const round of rounds.sinceEntry) for (const alias of round.noResponse) responded.add(alias);

  const markers = extractMarkers(comments, input.markerSets);
  const summary = summarizeMarkers(markers);
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
        comments: comments.map((c, index) => ({ author: c.author, vote: c.vote, line: c.voteLine ?? c.line, comment: index })),
        voteResets,
        markers,
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
    pendingMentions: referencePendingMentions(since, participants, matches),
    votes:
      voteCount === null
        ? null
        : { reached: voteCount.reached, outcome: voteCount.outcome, counts: voteCount.counts, voters: voteCount.voters.length },
    openQuestions: summary.questions.filter((q) => q.status === 'open').length,
    humanApproved,
    markerCounts,
    explicitAdvance: input.explicitAdvance,
    totalRounds: events.filter((e) => e.kind === 'round').length,
    designFacets: designFacets(comments.map((c) => c.text).join('\n')),
    voteCount,
  };
}

/**
 * Participants mentioned in a comment who have not commented after it, in the order they
 * were first mentioned; `@all` mentions every participant. One pass from the end: an alias
 * is pending for a comment when it has not written any later comment.
 */
export function referencePendingMentions(
  comments: readonly CommentSection[],
  participants: readonly string[],
  matches: AuthorMatcher,
): string[] {
  const mentionsOf = (c: CommentSection) => [...new Set(extractCommentMentions(c).map((m) => m.alias))];
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
