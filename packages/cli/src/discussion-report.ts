import { aliasOfAuthor, isHumanName, type Discussion, type DiscussionEvent, type Marker, type MarkerSetV1, type PersonaV1, type VoteValue } from '@quorum/core';
import type { VoterSpec } from '@quorum/voting';
import { discussionView, type DiscussionView } from '@quorum/format';
import { extractCommentMentions, extractMarkers, summarizeMarkers, type MarkerSummary } from '@quorum/markers';

/** One marker as `quorum parse` prints it (author and comment are given by the comment). */
export type MarkerOutput = Omit<Marker, 'comment'> & Record<string, unknown>;

export interface CommentOutput {
  readonly index: number;
  readonly author: string;
  readonly line: number;
  readonly body: string;
  readonly vote: VoteValue | null;
  readonly voteLine: number | null;
  readonly mentions: string[];
  readonly markers: MarkerOutput[];
}

/** What `quorum parse` prints: everything in the file, structured, for pipes and scripts. */
export interface ParseOutput extends Omit<DiscussionView, 'comments' | 'timeline'> {
  readonly file: string | null;
  readonly context: string;
  readonly comments: CommentOutput[];
  readonly events: DiscussionEvent[];
  readonly questions: MarkerSummary['questions'];
  readonly answers: MarkerSummary['answers'];
  readonly decisions: MarkerSummary['decisions'];
  readonly todos: MarkerSummary['todos'];
  readonly concerns: MarkerSummary['concerns'];
  readonly assignments: MarkerSummary['assignments'];
  readonly done: MarkerSummary['done'];
  readonly diagrams: MarkerSummary['diagrams'];
  /** Every marker by type, custom marker types included. */
  readonly markers: MarkerSummary['byType'];
  readonly markerCounts: Record<string, number>;
  readonly warnings: string[];
}

export function buildParseOutput(discussion: Discussion, markerSets: readonly MarkerSetV1[], file: string | null): ParseOutput {
  const view = discussionView(discussion);
  const markers = extractMarkers(view.comments, markerSets);
  const summary = summarizeMarkers(markers);
  const byComment = new Map<number, MarkerOutput[]>();
  for (const { comment, ...marker } of markers) {
    const list = byComment.get(comment) ?? [];
    list.push(marker);
    byComment.set(comment, list);
  }
  const comments = view.comments.map((comment, index): CommentOutput => ({
    index,
    author: comment.author,
    line: comment.line,
    body: comment.text,
    vote: comment.vote,
    voteLine: comment.voteLine,
    mentions: [...new Set(extractCommentMentions(comment).map((m) => m.alias))],
    markers: byComment.get(index) ?? [],
  }));
  const events: DiscussionEvent[] = [];
  for (const entry of view.timeline) if (entry.kind === 'event') events.push(entry.event);
  const markerCounts: Record<string, number> = {};
  for (const [type, list] of Object.entries(summary.byType)) markerCounts[type] = list.length;

  const { comments: _comments, timeline: _timeline, ...headerValues } = view;
  return {
    file,
    ...headerValues,
    context: discussion.preamble.text,
    comments,
    events,
    questions: summary.questions,
    answers: summary.answers,
    decisions: summary.decisions,
    todos: summary.todos,
    concerns: summary.concerns,
    assignments: summary.assignments,
    done: summary.done,
    diagrams: summary.diagrams,
    markers: summary.byType,
    markerCounts,
    warnings: warningsOf(discussion, view.phase, events),
  };
}

/** Things a person should know about the file, each with its line. */
function warningsOf(discussion: Discussion, phase: string | null, events: readonly DiscussionEvent[]): string[] {
  const warnings: string[] = [];
  if (discussion.tail !== null) {
    warnings.push(
      `line ${discussion.tail.line}: the last comment${discussion.tail.author ? ` (by ${discussion.tail.author})` : ''} has no closing --- line and is ignored until Quorum's next write repairs or closes it`,
    );
  }
  const lastTransition = events.filter((e) => e.kind === 'phase-transition').at(-1);
  if (lastTransition !== undefined && phase !== null && lastTransition.to !== phase) {
    warnings.push(`line ${lastTransition.line}: the last phase transition goes to ${lastTransition.to}, but the Phase header says ${phase}`);
  }
  return warnings;
}

/** The parts of a discussion vote counting needs; `quorum parse` output has them. */
export interface VotingInput {
  readonly phase: string | null;
  readonly participants: readonly string[];
  readonly comments: readonly {
    readonly author: string;
    readonly vote: VoteValue | null;
    readonly line: number;
    readonly voteLine?: number | null;
    /** Position among the discussion's comments (`quorum parse` gives it; else the position in this list). */
    readonly index?: number;
    /** The comment's markers, from the marker sets the command loaded; without them the voting strategy gets no markers. */
    readonly markers?: readonly Omit<Marker, 'comment'>[];
  }[];
  readonly events: readonly { readonly kind: string; readonly phase?: string; readonly line: number }[];
}

/**
 * The discussion's markers as the vote count passes them to a voting strategy, each with its
 * comment's index, in file order; undefined when the input carries no markers (a comment
 * without its `markers` list).
 */
export function markersOf(input: VotingInput): Marker[] | undefined {
  if (!input.comments.every((comment) => comment.markers !== undefined)) return undefined;
  return input.comments
    .flatMap((comment, position) => comment.markers!.map((marker): Marker => ({ ...marker, comment: comment.index ?? position })))
    .sort((a, b) => a.line - b.line);
}

/** Facts about voters from config, keyed by author name or alias. */
export type VoterFacts = Readonly<Record<string, { human?: boolean; weight?: number; background?: boolean; aliases?: string[] }>>;

/** Config's facts about a voter, by author name or alias (`AI-Architect` finds `architect`), any case. */
export function voterFactsOf(facts: VoterFacts, id: string): VoterFacts[string] | undefined {
  const lower = id.toLowerCase();
  return Object.entries(facts).find(([key]) => key.toLowerCase() === lower || key.toLowerCase() === aliasOfAuthor(id))?.[1];
}

/**
 * Config's voter facts with what the persona files say folded in: a background persona never
 * votes, a persona's `weight` is its vote weight, and a persona whose name does not look like
 * an AI's (`Dreamer`) is still not a person. Config's entries win, field by field: an entry
 * keyed by the persona's alias, its name or an author name that maps to its alias
 * (`AI-Researcher`) is laid over the persona's facts. Personas with nothing to add are left
 * out, so the facts of a project without such personas are config's own.
 */
export function voterFactsWithPersonas(facts: VoterFacts, personas: readonly PersonaV1[]): VoterFacts {
  const merged: Record<string, VoterFacts[string]> = { ...facts };
  for (const persona of personas) {
    const own: VoterFacts[string] = {
      ...(persona.type === 'background' ? { background: true } : {}),
      ...(persona.weight === undefined ? {} : { weight: persona.weight }),
      ...(isHumanName(persona.name) ? { human: false } : {}),
    };
    if (Object.keys(own).length === 0) continue;
    const alias = persona.alias.toLowerCase();
    const configured = Object.keys(facts).filter(
      (key) => key.toLowerCase() === alias || aliasOfAuthor(key) === alias || key.toLowerCase() === persona.name.toLowerCase(),
    );
    for (const key of configured) merged[key] = { ...own, ...facts[key] };
    if (!configured.some((key) => key.toLowerCase() === alias)) {
      merged[persona.alias] = Object.assign({}, own, ...configured.map((key) => facts[key]));
    }
  }
  return merged;
}

/**
 * The roster: the discussion's participants (with their voter facts), plus anyone the facts
 * describe who commented here and is not on it yet (a person flagged `human`, a background
 * persona).
 */
export function rosterOf(input: VotingInput, facts: VoterFacts): VoterSpec[] {
  const roster: VoterSpec[] = input.participants.map((id) => ({ id, ...voterFactsOf(facts, id) }));
  const known = new Set(roster.map((r) => r.id.toLowerCase()));
  const authors = new Set(input.comments.flatMap((c) => [c.author.toLowerCase(), aliasOfAuthor(c.author)]));
  for (const [id, fact] of Object.entries(facts)) {
    // `AI-Researcher` and `researcher` are the same voter: add them once.
    if (known.has(id.toLowerCase()) || known.has(aliasOfAuthor(id)) || !authors.has(id.toLowerCase())) continue;
    roster.push({ id, ...fact });
    known.add(id.toLowerCase()).add(aliasOfAuthor(id));
  }
  return roster;
}

export function voteResetsOf(input: VotingInput): { phase: string; line: number }[] {
  return input.events.flatMap((e) => (e.kind === 'vote-reset' && typeof e.phase === 'string' ? [{ phase: e.phase, line: e.line }] : []));
}
