import { HEADER_KEYS, aliasOfAuthor, type CommentSection, type Discussion, type DiscussionEvent, type RoundEvent } from '@quorum/core';
import type { ResolvedPhase, ResolvedTemplate } from '@quorum/compiler';
import { findField, splitList } from '@quorum/format';

/** Matches a comment author (`AI-Architect`, `architect`) to a participant alias. */
export type AuthorMatcher = (author: string, alias: string) => boolean;

/**
 * The usual matcher: the alias itself or the author name it stands for (`AI-Architect`,
 * `bot_architect`), any case, or the display name of the persona with that alias.
 */
export function authorMatcher(nameOf: (alias: string) => string | undefined = () => undefined): AuthorMatcher {
  // Runs look the same few authors up against the same few aliases over and over.
  const known = new Map<string, Map<string, boolean>>();
  return (author, alias) => {
    let byAlias = known.get(author);
    if (byAlias === undefined) {
      byAlias = new Map();
      known.set(author, byAlias);
    }
    let result = byAlias.get(alias);
    if (result === undefined) {
      const lower = alias.toLowerCase();
      result = author.toLowerCase() === lower || aliasOfAuthor(author) === lower || nameOf(alias) === author;
      byAlias.set(alias, result);
    }
    return result;
  };
}

/**
 * Who takes part in a phase: the phase's own participants list wins; otherwise the
 * discussion's `Participants` header (which `quorum new` fills from `--participants` or the
 * template's defaults), and the template's defaults only when the header is empty.
 */
export function participantsOfPhase(template: ResolvedTemplate, phase: ResolvedPhase, discussion: Discussion): string[] {
  const defaults = template.participants;
  const ownList = phase.participants.length > 0 && !(phase.participants.length === defaults.length && phase.participants.every((p, i) => p === defaults[i]));
  if (ownList) return [...phase.participants];
  const header = splitList(findField(discussion.header.fields, HEADER_KEYS.participants)?.value ?? '');
  return header.length > 0 ? header : [...phase.participants];
}

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

/** A round the engine started (`<!-- ROUND: … -->`) and who has answered in it so far. */
export interface RoundProgress {
  readonly event: RoundEvent;
  /** Responders with a comment, a NO-RESPONSE or a PARTICIPANT-FAILED line after the ROUND line. */
  readonly answered: ReadonlySet<string>;
  /** Responders who commented (not NO-RESPONSE, not failed). */
  readonly commented: ReadonlySet<string>;
  readonly noResponse: ReadonlySet<string>;
  readonly failed: ReadonlySet<string>;
  /** Responders still to be asked, in the round's order. */
  readonly missing: readonly string[];
}

/** What the file says about the rounds of a phase. */
export interface PhaseRounds {
  /** ROUND lines for the phase over the whole discussion. */
  readonly total: number;
  /** ROUND lines for the phase since the discussion last entered it. */
  readonly sinceEntry: readonly RoundProgress[];
}

/**
 * The rounds of `phase` recorded in the file. A round's answers are what follows its ROUND
 * line up to the next ROUND line: comments by its responders and their NO-RESPONSE and
 * PARTICIPANT-FAILED lines.
 */
export function phaseRounds(discussion: Discussion, phase: string, matches: AuthorMatcher): PhaseRounds {
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
 * The discussion as it stood when a round started: the sections before its ROUND line.
 * Every participant of a round is shown this same transcript, also when a resumed run asks
 * the ones an interrupted run had not reached, so the replies do not depend on timing.
 */
export function discussionBefore(discussion: Discussion, line: number): Discussion {
  return { ...discussion, sections: discussion.sections.filter((section) => section.line < line), tail: null };
}
