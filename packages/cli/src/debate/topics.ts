import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { InvalidInputError, StorageError } from '@quorum/core';

/**
 * The repository's top-level `topics/topics.json`, absolute: the design topics Quorum ships
 * for `quorum topic` and `quorum debate --random/--daily`. Resolved from this module
 * (`dist/debate/` or `src/debate/`, three levels below the package, which sits in `packages/`),
 * as the bundled templates and personas are.
 */
export const BUNDLED_TOPICS_FILE: string = fileURLToPath(new URL('../../../../topics/topics.json', import.meta.url));

/** A software-design topic: what to design, and tags that `--keywords` match besides its words. */
export interface Topic {
  readonly title: string;
  readonly tags: readonly string[];
}

/** A topic picked, and whether the keywords found any topic (false: picked from every topic). */
export interface TopicChoice {
  readonly topic: Topic;
  /** The keywords asked for, normalised (empty without --keywords). */
  readonly keywords: readonly string[];
  /** Whether at least one topic matched a keyword; false with keywords means none did and every topic was a candidate. */
  readonly matched: boolean;
  /** How many topics the choice was made from. */
  readonly candidates: number;
}

/** Reads a topic list (`{ "topics": [{ "title", "tags" }] }`), checking every entry. */
export async function loadTopics(file: string = BUNDLED_TOPICS_FILE): Promise<Topic[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new StorageError(`the topic list ${file} cannot be read; reinstall Quorum or restore topics/topics.json`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new StorageError(`the topic list ${file} is not valid JSON (${(error as Error).message})`);
  }
  const entries = (data as { topics?: unknown } | null)?.topics;
  if (!Array.isArray(entries) || entries.length === 0) throw new StorageError(`the topic list ${file} has no "topics" array with at least one topic`);
  return entries.map((entry: unknown, index) => {
    const { title, tags } = (entry ?? {}) as { title?: unknown; tags?: unknown };
    if (typeof title !== 'string' || title.trim() === '' || /[\r\n]/.test(title)) {
      throw new StorageError(`the topic list ${file}: topic ${index + 1} needs a "title" of one line`);
    }
    if (tags !== undefined && (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string'))) {
      throw new StorageError(`the topic list ${file}: topic ${index + 1} ("${title}") has "tags" that are not a list of strings`);
    }
    return { title: title.trim(), tags: ((tags as string[] | undefined) ?? []).map((tag) => tag.trim().toLowerCase()).filter((tag) => tag !== '') };
  });
}

/** `--keywords "Security, edge"` → `['security', 'edge']`. */
export function parseKeywords(value: string, option = '--keywords'): string[] {
  const keywords = [...new Set(value.split(',').map((keyword) => keyword.trim().toLowerCase()).filter((keyword) => keyword !== ''))];
  if (keywords.length === 0) throw new InvalidInputError(`${option} needs at least one keyword, such as ${option} security,edge`);
  const bad = keywords.find((keyword) => /[\p{Cc}]/u.test(keyword));
  if (bad !== undefined) throw new InvalidInputError(`${option}: keywords must be plain words, separated by commas`);
  return keywords;
}

/** Whether `keyword` is one of the topic's tags or a whole word (or words) of its title or tags, any case. */
export function topicMatches(topic: Topic, keyword: string): boolean {
  const wanted = keyword.toLowerCase();
  if (topic.tags.includes(wanted)) return true;
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(wanted)}(?![\\p{L}\\p{N}])`, 'iu');
  return pattern.test(topic.title) || topic.tags.some((tag) => pattern.test(tag));
}

/** The topics to choose from: those matching any keyword, or all of them when none match (or there are no keywords). */
export function candidateTopics(topics: readonly Topic[], keywords: readonly string[]): { candidates: readonly Topic[]; matched: boolean } {
  if (keywords.length === 0) return { candidates: topics, matched: true };
  const matching = topics.filter((topic) => keywords.some((keyword) => topicMatches(topic, keyword)));
  return matching.length === 0 ? { candidates: topics, matched: false } : { candidates: matching, matched: true };
}

/** A topic at random among the candidates; `random` returns numbers in [0, 1) (seed it with {@link seededRandom}). */
export function randomTopic(topics: readonly Topic[], keywords: readonly string[], random: () => number): TopicChoice {
  const { candidates, matched } = candidateTopics(topics, keywords);
  const index = Math.min(candidates.length - 1, Math.floor(random() * candidates.length));
  return { topic: candidates[index]!, keywords, matched, candidates: candidates.length };
}

/**
 * The topic of a day: the candidates in list order, one a day, starting again after the last.
 * The same date and keywords always give the same topic (whatever the keywords' order), and
 * consecutive days never repeat a topic while there is more than one candidate.
 */
export function dailyTopic(topics: readonly Topic[], keywords: readonly string[], date: string): TopicChoice {
  const { candidates, matched } = candidateTopics(topics, keywords);
  const day = Math.floor(Date.parse(`${parseDate(date)}T00:00:00Z`) / 86_400_000);
  const index = ((day % candidates.length) + candidates.length) % candidates.length;
  return { topic: candidates[index]!, keywords, matched, candidates: candidates.length };
}

/** `2026-01-31` checked to be a real calendar date. */
export function parseDate(value: string, option = '--date'): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  const time = match === null ? Number.NaN : Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (match === null || Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value.trim()) {
    throw new InvalidInputError(`${option} must be a date written YYYY-MM-DD, such as 2026-01-31, not "${value}"`);
  }
  return value.trim();
}

/**
 * A repeatable source of numbers in [0, 1) from any seed text (`--seed`): FNV-1a of the text
 * seeds mulberry32, so the same seed picks the same topic on every machine.
 */
export function seededRandom(seed: string): () => number {
  let state = 0x811c9dc5;
  for (const char of seed) {
    state ^= char.codePointAt(0)!;
    state = Math.imul(state, 0x01000193) >>> 0;
  }
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One sentence for stderr when keywords matched nothing, else undefined. */
export function noMatchNotice(choice: TopicChoice): string | undefined {
  if (choice.keywords.length === 0 || choice.matched) return undefined;
  return `no topic matches ${choice.keywords.join(', ')}, so the topic was picked from all ${choice.candidates} topics`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
