import type { TurnDescriptionV1 } from '@quorum/core';
import { designComponents, titleSubject } from './design-components.js';
import type { SeededRandom } from './seeded-random.js';
import { inlineText, joinList, lowerFirst, withoutFinalPunctuation } from './text-fragments.js';

/** The first line of a FINAL DESIGN block, as the markers package reads it (bullets, quotes and bold allowed). */
const FINAL_DESIGN_LINE = /^[ \t>]*(?:[-*+][ \t]+)?(?:\*\*|__)?FINAL[ _]DESIGN(?:\*\*|__)?[ \t]*:/;
/** Any marker line (`TODO:`, `A(Q2):`, `**Q:**`…): the end of a block when restating it. */
const MARKER_LINE = /^[ \t>]*(?:[-*+][ \t]+)?(?:\*\*|__)?[A-Z][A-Z0-9]*(?:[ _-][A-Z0-9]+)*(?:\([^)]*\))?(?:\*\*|__)?[ \t]*:/;
/** A vote line in any case (`vote: ready`), which must never be copied into a comment. */
const VOTE_LIKE_LINE = /^[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?vote(?:\*\*|__)?[ \t]*:/i;
const MAXIMUM_RESTATED_LINES = 40;

/** What a FINAL DESIGN block is built from. */
export interface FinalDesignInput {
  readonly turn: Pick<TurnDescriptionV1, 'title' | 'comments'>;
  /** The persona's expertise that shapes the block (`cost control`). */
  readonly expertise: string;
  /** One of the persona's concerns, accepted as a known risk in the trade-offs. */
  readonly concern: string;
  readonly random: SeededRandom;
}

/**
 * A FINAL DESIGN block: the `FINAL DESIGN:` line, then sub-sections for the architecture
 * components (those mentioned so far, see `designComponents`), the data flows, storage and
 * trade-offs, worded from the title and the persona's expertise.
 */
export function buildFinalDesign(input: FinalDesignInput): string {
  const { random, expertise } = input;
  const components = designComponents(input.turn, 4);
  const labels = components.map((component) => component.label);
  const first = components.find((component) => component.tier <= 1)?.label ?? 'the API';
  const second = components.find((component) => component.tier === 2)?.label ?? 'the core service';
  const store = components.find((component) => component.tier === 3)?.label ?? 'the primary store';
  const subject = titleSubject(input.turn.title).toLowerCase();
  const risk = lowerFirst(withoutFinalPunctuation(inlineText(input.concern, 8)));
  const architecture = random.pick([
    `${joinList(labels)}, each with one owner and one job; ${expertise} decides the boundaries.`,
    `${joinList(labels)}, split so each part can be scaled or replaced on its own along ${expertise} lines.`,
  ]);
  const flows = random.pick([
    `Requests enter through ${first} and ${second} does the work; slow or retryable steps run asynchronously with idempotent handlers.`,
    `${first} hands each request to ${second}; results land in ${store} and an event goes to everything downstream.`,
  ]);
  const storage = random.pick([
    `One primary store for the ${subject} data, a cache only where measurements justify it, and tested backups.`,
    `A managed relational database for the ${subject} records, object storage for large files, nothing kept longer than needed.`,
  ]);
  const tradeOffs = random.pick([
    `Some flexibility is traded for ${expertise} and a lower running cost; the open risk (${risk}) is accepted with a monitor and an owner.`,
    `The smaller version ships first and the ambitious parts wait for real usage; ${expertise} is the one area we do not cut.`,
  ]);
  return [
    'FINAL DESIGN:',
    '',
    `**Architecture components:** ${architecture}`,
    '',
    `**Data flows:** ${flows}`,
    '',
    `**Storage:** ${storage}`,
    '',
    `**Trade-offs:** ${tradeOffs}`,
  ].join('\n');
}

/**
 * The latest FINAL DESIGN block in the comments, for restating it: from its first line to
 * the end of that comment, stopping before any other marker line or code fence. Lines that
 * look like votes are left out and `@` is removed from mentions, so restating a block never
 * casts a vote or calls anyone. Undefined when no comment has a block.
 */
export function latestFinalDesign(comments: TurnDescriptionV1['comments']): string | undefined {
  for (let index = comments.length - 1; index >= 0; index--) {
    const lines = (comments[index]?.text ?? '').split(/\r?\n/);
    const start = lines.findIndex((line) => FINAL_DESIGN_LINE.test(line));
    if (start === -1) continue;
    const block: string[] = [];
    for (const [offset, line] of lines.slice(start).entries()) {
      if (offset > 0 && (MARKER_LINE.test(line) || /^[ \t>]*(?:```|~~~)/.test(line))) break;
      if (VOTE_LIKE_LINE.test(line)) continue;
      block.push(line.replace(/@(?=[\p{L}])/gu, ''));
      if (block.length >= MAXIMUM_RESTATED_LINES) break;
    }
    while (block.length > 1 && (block[block.length - 1] ?? '').trim() === '') block.pop();
    return block.join('\n');
  }
  return undefined;
}
