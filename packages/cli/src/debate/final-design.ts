import type { Discussion, MarkerSetV1 } from '@quorum/core';
import { discussionView } from '@quorum/format';
import { extractMarkers } from '@quorum/markers';

/** A FINAL DESIGN block as written in a comment of the debate. */
export interface FinalDesignBlock {
  /** From the `FINAL DESIGN:` line to the end of the block (the next other marker line, or the end of the comment). */
  readonly text: string;
  /** The comment's author (`AI-Cost-Cutter`). */
  readonly author: string;
  /** The phase the comment was written in, or null when the file does not say. */
  readonly phase: string | null;
  /** File line of the `FINAL DESIGN:` line. */
  readonly line: number;
}

/** What a block's sub-section is about; `other` keeps its own title (Security, Rollout…). */
export type DesignSectionKey = 'components' | 'data-flows' | 'storage' | 'trade-offs' | 'other';

export interface DesignSection {
  readonly key: DesignSectionKey;
  /** As written (`Architecture components`), or the standard title when several were merged. */
  readonly title: string;
  readonly text: string;
}

/** A FINAL DESIGN block split into its parts. */
export interface ParsedFinalDesign {
  /** Text before the first section (and after `FINAL DESIGN:` on its own line). */
  readonly summary: string;
  readonly sections: readonly DesignSection[];
}

/** The standard titles, in the order DESIGN.md shows them. */
export const SECTION_TITLES: Readonly<Record<Exclude<DesignSectionKey, 'other'>, string>> = {
  components: 'Architecture components',
  'data-flows': 'Data flows',
  storage: 'Storage',
  'trade-offs': 'Trade-offs',
};

/**
 * The latest FINAL DESIGN block of the discussion: the one an accepted debate accepted (the
 * final review and the closing phase restate the block before both sides vote READY), or the
 * last one proposed when the debate ended unresolved. Undefined when nobody wrote one.
 *
 * A block runs from its `FINAL DESIGN:` line (the last one in its comment) to the next line
 * that is another marker (`Q:`, `DECISION:`, `DIAGRAM:`…) or the end of the comment; the
 * marker rules (code blocks, emphasis, bullets) are the markers package's.
 */
export function latestFinalDesignBlock(discussion: Discussion, markerSets: readonly MarkerSetV1[]): FinalDesignBlock | undefined {
  const view = discussionView(discussion);
  const markers = extractMarkers(view.comments, markerSets);
  const phases = phaseOfComments(discussion, view.comments.length);
  for (let index = view.comments.length - 1; index >= 0; index--) {
    const own = markers.filter((marker) => marker.comment === index);
    const start = own.filter((marker) => marker.type === 'final_design').at(-1);
    if (start === undefined) continue;
    const comment = view.comments[index]!;
    const lines = comment.text.split('\n');
    const first = start.line - comment.textLine;
    const next = own.find((marker) => marker.line > start.line && marker.type !== 'final_design');
    const last = next === undefined ? lines.length : next.line - comment.textLine;
    const text = lines.slice(first, last).join('\n').trim();
    return { text: withoutTrailingQuestion(text), author: comment.author, phase: phases[index] ?? null, line: start.line };
  }
  return undefined;
}

/**
 * The parts of a block: sub-sections introduced by a Markdown heading (`### Storage`), a bold
 * label (`**Storage:** …`, `- **Storage**: …`) or, for the four standard parts only, a plain
 * label at the start of a line (`Data flows: …`). Sections about the same standard part are
 * merged; text before the first section is the summary.
 */
export function parseFinalDesign(block: string): ParsedFinalDesign {
  const lines = withoutTrailingQuestion(block.replace(/\r\n?/g, '\n')).split('\n');
  const summary: string[] = [];
  const sections: { key: DesignSectionKey; title: string; lines: string[] }[] = [];
  let current: { key: DesignSectionKey; title: string; lines: string[] } | undefined;
  let fence: string | undefined;
  for (const [index, raw] of lines.entries()) {
    let line = raw;
    if (index === 0) {
      line = raw.replace(/^[ \t>]*(?:[-*+][ \t]+)?(?:\*\*|__|\*|_)?FINAL[ _]DESIGN(?:\*\*|__|\*|_)?[ \t]*:(?:\*\*|__)?/, '').trim();
      if (line === '') continue;
    }
    const fenceMark = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== undefined) {
      if (fenceMark !== undefined && fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = undefined;
      (current?.lines ?? summary).push(line);
      continue;
    }
    if (fenceMark !== undefined) fence = fenceMark;
    const heading = fenceMark === undefined ? sectionHeading(line) : undefined;
    if (heading === undefined) {
      (current?.lines ?? summary).push(line);
      continue;
    }
    const key = sectionKey(heading.title);
    const existing = key === 'other' ? undefined : sections.find((section) => section.key === key);
    if (existing !== undefined) {
      current = existing;
      if (current.lines.length > 0) current.lines.push('');
    } else {
      current = { key, title: heading.title, lines: [] };
      sections.push(current);
    }
    if (heading.rest !== '') current.lines.push(heading.rest);
  }
  return {
    summary: tidy(summary),
    sections: sections.map((section) => ({ key: section.key, title: section.title, text: tidy(section.lines) })).filter((section) => section.text !== ''),
  };
}

/** The section of a parsed block about `key`, if it has one. */
export function sectionText(design: ParsedFinalDesign | undefined, key: Exclude<DesignSectionKey, 'other'>): string {
  return design?.sections.find((section) => section.key === key)?.text ?? '';
}

const MARKDOWN_HEADING = /^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/;
const BOLD_LABEL = /^\s*(?:[-*+]\s+|\d{1,3}[.)]\s+)?(?:\*\*|__)([^*_\n]{1,60}?)(?:\s*:\s*(?:\*\*|__)|(?:\*\*|__)\s*:|(?:\*\*|__)\s*$)\s*(.*)$/;
const PLAIN_LABEL = /^\s*(?:[-*+]\s+|\d{1,3}[.)]\s+)?([A-Z][A-Za-z /&-]{1,40}):\s*(.*)$/;

function sectionHeading(line: string): { title: string; rest: string } | undefined {
  const heading = MARKDOWN_HEADING.exec(line);
  if (heading !== null) return { title: cleanTitle(heading[1]!), rest: '' };
  const bold = BOLD_LABEL.exec(line);
  if (bold !== null) return { title: cleanTitle(bold[1]!), rest: bold[2]!.trim() };
  const plain = PLAIN_LABEL.exec(line);
  if (plain !== null && sectionKey(plain[1]!) !== 'other') return { title: cleanTitle(plain[1]!), rest: plain[2]!.trim() };
  return undefined;
}

function cleanTitle(title: string): string {
  return title.replace(/[*_`]/g, '').replace(/\s*:\s*$/, '').trim();
}

/** Which standard part a section title names. */
export function sectionKey(title: string): DesignSectionKey {
  if (/trade[\s-]?offs?|compromises?/i.test(title)) return 'trade-offs';
  if (/\bflows?\b|pipeline|request path|interactions?/i.test(title)) return 'data-flows';
  if (/storage|data ?stores?|databases?|persistence|data model/i.test(title)) return 'storage';
  if (/architecture|components?|services|system overview|structure/i.test(title)) return 'components';
  return 'other';
}

/** Lines joined, blank lines at both ends removed, runs of blank lines made one. */
function tidy(lines: readonly string[]): string {
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** A block that ends with a paragraph asking the other side something (`Now, how do you plan…?`) ends before it. */
export function withoutTrailingQuestion(text: string): string {
  const paragraphs = text.split(/\n\s*\n/);
  while (paragraphs.length > 1 && /\?\s*$/.test(paragraphs.at(-1)!) && !/^\s*(?:[-*+]|\d+[.)]|#|\*\*|__)/.test(paragraphs.at(-1)!)) paragraphs.pop();
  return paragraphs.join('\n\n');
}

/** The phase each comment was written in, from the phase-transition lines before it. */
function phaseOfComments(discussion: Discussion, count: number): (string | null)[] {
  const phases: (string | null)[] = [];
  const first = discussion.sections.flatMap((section) => (section.kind === 'events' ? section.events : [])).find((event) => event.kind === 'phase-transition');
  let phase: string | null = first?.kind === 'phase-transition' ? first.from : (discussion.header.fields.find((field) => field.key.toLowerCase() === 'phase')?.value ?? null);
  for (const section of discussion.sections) {
    if (section.kind === 'comment') phases.push(phase);
    else for (const event of section.events) if (event.kind === 'phase-transition') phase = event.to;
  }
  return phases.slice(0, count);
}
