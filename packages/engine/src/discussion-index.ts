import type { CommentSection, Discussion, Marker, MarkerSetV1, RoundEvent, Section, VoteValue } from '@quorum/core';
import { DESIGN_FACETS, designFacets, extractCommentMentions, extractMarkers, MarkerSummaryBuilder, type Question } from '@quorum/markers';
import type { AuthorMatcher } from './discussion-rounds.js';

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

/** A round as the index follows it: its answers are what comes after its ROUND line, up to the next ROUND or phase change. */
interface RoundState {
  readonly event: RoundEvent;
  readonly commented: Set<string>;
  readonly noResponse: Set<string>;
  readonly failed: Set<string>;
  readonly answered: Set<string>;
}

/** What a discussion has cost so far, from its comments' USAGE lines. */
export interface DiscussionSpend {
  /** Comments with a USAGE line. */
  readonly comments: number;
  /** Input plus output tokens. */
  readonly tokens: number;
  /** US dollars, counting comments with a known cost. */
  readonly cost: number;
  /** Comments whose model had no known price. */
  readonly unpriced: number;
}

/** A comment's latest vote as `countVotes` reads it. */
export interface CastVote {
  readonly author: string;
  readonly vote: VoteValue;
  readonly line: number;
  /** Index of the comment in `comments` (as `Marker.comment`), so its markers can go on its ballot. */
  readonly comment: number;
}

/**
 * Everything the engine asks of a discussion after each round (rounds, who answered,
 * markers, mentions, votes, spend), kept up to date as the discussion grows. A run loads the
 * discussion after every append; the storages keep the earlier sections as the same objects,
 * so `update` only reads the sections added since, and a round costs the size of what it
 * added, not of the discussion. When the sections are not a continuation of the ones seen
 * (a storage that parsed the file again, a phase change that rewrote the header), the index
 * starts over from the first section.
 */
export class DiscussionIndex {
  private first: Section | undefined;
  private last: Section | undefined;
  private seen = 0;
  /** Counts the times the index started over: what was derived from its comments before is stale. */
  generation = 0;
  /** Every comment, in file order. */
  readonly comments: CommentSection[] = [];
  private markers = new MarkerSummaryBuilder();
  /** Line of the last PHASE-TRANSITION into each phase. */
  private readonly entries = new Map<string, number>();
  private readonly rounds = new Map<string, RoundState[]>();
  /** The round later answers belong to: the last ROUND line, until a phase change. */
  private open: RoundState | undefined;
  readonly voteResets: { readonly phase: string; readonly line: number }[] = [];
  /** Indexes in `comments` of each author's comments. */
  private readonly byAuthor = new Map<string, number[]>();
  private readonly latestVotes = new Map<string, CastVote>();
  /** Line of each author's latest READY vote. */
  private readonly latestReady = new Map<string, number>();
  /** Mentions of each comment (lower-cased aliases, once each, `all` for @all). */
  private readonly mentions: (readonly string[])[] = [];
  /** Indexes of the comments that mention each alias by name. */
  private readonly mentioning = new Map<string, number[]>();
  /** Indexes of the comments that mention @all. */
  private readonly mentioningAll: number[] = [];
  private spendState = { comments: 0, tokens: 0, cost: 0, unpriced: 0 };
  /** ROUND lines in the whole discussion. */
  private roundCount = 0;
  private readonly facets = new Set<string>();
  /** Comments `facets` has been worked out from. */
  private facetsScanned = 0;

  constructor(
    private readonly markerSets: readonly MarkerSetV1[],
    private readonly matches: AuthorMatcher,
  ) {}

  /** Brings the index up to date with `discussion`, a later state of the one it last saw. */
  update(discussion: Discussion): this {
    const sections = discussion.sections;
    const continues = this.seen <= sections.length && sections[0] === this.first && (this.seen === 0 || sections[this.seen - 1] === this.last);
    if (!continues) this.reset();
    for (let i = this.seen; i < sections.length; i++) this.ingest(sections[i]!);
    this.seen = sections.length;
    this.first = sections[0];
    this.last = sections.at(-1);
    return this;
  }

  /** Where the discussion entered `phase` for the last time: the line of that PHASE-TRANSITION, or 0. */
  entryLine(phase: string): number {
    return this.entries.get(phase) ?? 0;
  }

  /** The rounds of `phase` recorded in the file. */
  phaseRounds(phase: string): PhaseRounds {
    const { all, start } = this.sinceEntry(phase);
    return { total: all.length, sinceEntry: all.slice(start).map(progressOf) };
  }

  /** The rounds of `phase` since the discussion last entered it, and how many of them every responder answered. */
  roundCounts(phase: string): { readonly started: number; readonly finished: number; readonly noResponse: ReadonlySet<string> } {
    const { all, start } = this.sinceEntry(phase);
    let finished = 0;
    const noResponse = new Set<string>();
    for (let i = start; i < all.length; i++) {
      const round = all[i]!;
      if (round.answered.size === round.event.responders.length) finished++;
      if (round.noResponse.size > 0) for (const alias of round.noResponse) noResponse.add(alias);
    }
    return { started: all.length - start, finished, noResponse };
  }

  /** The round of `phase` numbered `number` (counted over the whole discussion) since the discussion last entered the phase. */
  round(phase: string, number: number): RoundProgress | undefined {
    const { all, start } = this.sinceEntry(phase);
    for (let i = all.length - 1; i >= start; i--) if (all[i]!.event.round === number) return progressOf(all[i]!);
    return undefined;
  }

  /** The rounds of `phase`, and the index of the first since the discussion last entered it. */
  private sinceEntry(phase: string): { all: readonly RoundState[]; start: number } {
    const all = this.rounds.get(phase) ?? NO_ROUNDS;
    const entry = this.entryLine(phase);
    return { all, start: firstIndex(all.length, (i) => all[i]!.event.line > entry) };
  }

  /** Index in `comments` of the first comment after `line`. */
  firstCommentAfter(line: number): number {
    return firstIndex(this.comments.length, (i) => this.comments[i]!.line > line);
  }

  /** How many comments each author wrote after `line`. */
  commentCountsAfter(line: number): Map<string, number> {
    const start = this.firstCommentAfter(line);
    const counts = new Map<string, number>();
    for (const [author, indexes] of this.byAuthor) {
      const count = indexes.length - firstIndex(indexes.length, (i) => indexes[i]! >= start);
      if (count > 0) counts.set(author, count);
    }
    return counts;
  }

  /** Each author's latest vote (whatever phase it was cast in; `countVotes` applies resets). */
  votes(): CastVote[] {
    return [...this.latestVotes.values()];
  }

  /** The markers of the comments after `line`, in file order, from the marker summary (for a voting strategy). */
  markersAfter(line: number): Marker[] {
    return this.markers.markersAfter(line);
  }

  /** Authors whose latest READY vote is after `line`. */
  readyAfter(line: number): string[] {
    return [...this.latestReady].flatMap(([author, ready]) => (ready > line ? [author] : []));
  }

  openQuestions(): readonly Question[] {
    return this.markers.openQuestions();
  }

  get openQuestionCount(): number {
    return this.markers.openQuestionCount;
  }

  /** Markers of each type after `line`. */
  markerCountsAfter(line: number): Record<string, number> {
    return this.markers.countsAfter(line);
  }

  /** ROUND lines in the whole discussion, all phases. */
  get totalRounds(): number {
    return this.roundCount;
  }

  /**
   * The design facets the comments cover, in the order of `DESIGN_FACETS`. Comments are
   * scanned when this is asked, from where the last call stopped, and not at all once every
   * facet is covered (early in a long discussion).
   */
  designFacets(): string[] {
    for (; this.facetsScanned < this.comments.length && this.facets.size < DESIGN_FACETS.length; this.facetsScanned++) {
      for (const facet of designFacets(this.comments[this.facetsScanned]!.text, this.facets)) this.facets.add(facet);
    }
    return DESIGN_FACETS.flatMap((facet) => (this.facets.has(facet.id) ? [facet.id] : []));
  }

  /** Tokens and cost of the comments with a USAGE line. */
  spend(): DiscussionSpend {
    return { ...this.spendState, cost: Math.round(this.spendState.cost * 1e6) / 1e6 };
  }

  /**
   * Aliases mentioned in a comment after `line` who have not commented after that mention,
   * in the order they were first mentioned so (`@all` mentions every participant). For each
   * candidate alias, its first qualifying mention after its last comment is found by binary
   * search over the comments mentioning it, so the cost does not grow with the discussion.
   */
  pendingMentions(line: number, participants: readonly string[]): string[] {
    const start = this.firstCommentAfter(line);
    const found = new Map<string, { index: number; position: number }>();
    const consider = (alias: string, index: number, position: number) => {
      const known = found.get(alias);
      if (known === undefined || index < known.index || (index === known.index && position < known.position)) found.set(alias, { index, position });
    };
    const firstBy = (indexes: readonly number[], after: number, alias: string, accept: (index: number) => boolean) => {
      for (let i = firstIndex(indexes.length, (k) => indexes[k]! > after); i < indexes.length; i++) {
        const index = indexes[i]!;
        if (!this.matches(this.comments[index]!.author, alias) && accept(index)) return index;
      }
      return undefined;
    };
    for (const [alias, indexes] of this.mentioning) {
      if (indexes.length === 0 || indexes.at(-1)! < start) continue;
      const after = Math.max(start - 1, this.lastCommentBy(alias));
      // A comment with @all mentions the participants instead of the names it gives.
      const index = firstBy(indexes, after, alias, (i) => !this.mentions[i]!.includes('all'));
      if (index !== undefined) consider(alias, index, this.mentions[index]!.indexOf(alias));
    }
    if (this.mentioningAll.length > 0 && this.mentioningAll.at(-1)! >= start) {
      participants.forEach((alias, position) => {
        const index = firstBy(this.mentioningAll, Math.max(start - 1, this.lastCommentBy(alias)), alias, () => true);
        if (index !== undefined) consider(alias, index, position);
      });
    }
    return [...found].sort(([, a], [, b]) => a.index - b.index || a.position - b.position).map(([alias]) => alias);
  }

  /** Index of the last comment by an author who is `alias`, or -1. */
  private lastCommentBy(alias: string): number {
    let last = -1;
    for (const [author, indexes] of this.byAuthor) if (indexes.at(-1)! > last && this.matches(author, alias)) last = indexes.at(-1)!;
    return last;
  }

  private reset(): void {
    this.generation++;
    this.seen = 0;
    this.comments.length = 0;
    this.markers = new MarkerSummaryBuilder();
    this.entries.clear();
    this.rounds.clear();
    this.open = undefined;
    this.voteResets.length = 0;
    this.byAuthor.clear();
    this.latestVotes.clear();
    this.latestReady.clear();
    this.mentions.length = 0;
    this.mentioning.clear();
    this.mentioningAll.length = 0;
    this.spendState = { comments: 0, tokens: 0, cost: 0, unpriced: 0 };
    this.roundCount = 0;
    this.facets.clear();
    this.facetsScanned = 0;
  }

  private ingest(section: Section): void {
    if (section.kind === 'comment') {
      this.ingestComment(section);
      return;
    }
    for (const event of section.events) {
      switch (event.kind) {
        case 'round': {
          this.roundCount++;
          this.open = { event, commented: new Set(), noResponse: new Set(), failed: new Set(), answered: new Set() };
          const rounds = this.rounds.get(event.phase);
          if (rounds === undefined) this.rounds.set(event.phase, [this.open]);
          else rounds.push(this.open);
          break;
        }
        case 'phase-transition':
          this.open = undefined;
          this.entries.set(event.to, event.line);
          break;
        case 'vote-reset':
          this.voteResets.push({ phase: event.phase, line: event.line });
          break;
        case 'no-response':
        case 'participant-failed': {
          const open = this.open;
          const alias = open?.event.responders.find((r) => r.toLowerCase() === event.participant.toLowerCase());
          if (open === undefined || alias === undefined) break;
          (event.kind === 'no-response' ? open.noResponse : open.failed).add(alias);
          open.answered.add(alias);
          break;
        }
      }
    }
  }

  private ingestComment(comment: CommentSection): void {
    const index = this.comments.length;
    this.comments.push(comment);
    const { author } = comment;
    const own = this.byAuthor.get(author);
    if (own === undefined) this.byAuthor.set(author, [index]);
    else own.push(index);

    if (comment.vote !== null) {
      const line = comment.voteLine ?? comment.line;
      this.latestVotes.set(author, { author, vote: comment.vote as VoteValue, line, comment: index });
      if (comment.vote === 'READY') this.latestReady.set(author, line);
    }
    for (const marker of extractMarkers([comment], this.markerSets, index)) this.markers.add(marker);

    const mentioned = [...new Set(extractCommentMentions(comment).map((m) => m.alias))];
    this.mentions.push(mentioned);
    for (const alias of mentioned) {
      if (alias === 'all') {
        this.mentioningAll.push(index);
        continue;
      }
      const indexes = this.mentioning.get(alias);
      if (indexes === undefined) this.mentioning.set(alias, [index]);
      else indexes.push(index);
    }

    const open = this.open;
    const responder = open?.event.responders.find((r) => this.matches(author, r));
    if (open !== undefined && responder !== undefined) {
      open.commented.add(responder);
      open.answered.add(responder);
    }

    if (comment.usage !== null) {
      this.spendState.comments++;
      this.spendState.tokens += comment.usage.inputTokens + comment.usage.outputTokens;
      if (comment.usage.cost === null) this.spendState.unpriced++;
      else this.spendState.cost += comment.usage.cost;
    }
  }
}

const NO_ROUNDS: readonly RoundState[] = [];

function progressOf(round: RoundState): RoundProgress {
  const { event, answered, commented, noResponse, failed } = round;
  return { event, answered, commented, noResponse, failed, missing: event.responders.filter((r) => !answered.has(r)) };
}

/** The first index in [0, length) where `after` holds, for a predicate that is false and then true; `length` when it never holds. */
function firstIndex(length: number, after: (index: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (after(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}
