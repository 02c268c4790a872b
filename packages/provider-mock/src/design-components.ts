import type { TurnDescriptionV1 } from '@quorum/core';
import { inlineText } from './text-fragments.js';

/** Where a component sits on the way of a request: client, edge, compute and messaging, storage. */
type Tier = 0 | 1 | 2 | 3;

/**
 * Component names a simulated persona recognises in a discussion: the phrase searched for,
 * the label it gets in a diagram or a FINAL DESIGN block, and its tier. A shorter phrase
 * inside a longer one found at the same place (`api` in `api gateway`) does not count.
 */
const COMPONENT_VOCABULARY: readonly (readonly [phrase: string, label: string, tier: Tier])[] = [
  ['web client', 'Web client', 0],
  ['mobile app', 'Mobile app', 0],
  ['frontend', 'Frontend', 0],
  ['dashboard', 'Dashboard', 0],
  ['cdn', 'CDN', 1],
  ['load balancer', 'Load balancer', 1],
  ['api gateway', 'API gateway', 1],
  ['gateway', 'Gateway', 1],
  ['rate limiter', 'Rate limiter', 1],
  ['identity provider', 'Identity provider', 1],
  ['api', 'API', 1],
  ['backend', 'Backend', 2],
  ['feature flag', 'Feature flags', 2],
  ['message queue', 'Message queue', 2],
  ['event bus', 'Event bus', 2],
  ['queue', 'Queue', 2],
  ['broker', 'Broker', 2],
  ['worker', 'Worker', 2],
  ['scheduler', 'Scheduler', 2],
  ['webhook', 'Webhooks', 2],
  ['cache', 'Cache', 3],
  ['search index', 'Search index', 3],
  ['object storage', 'Object storage', 3],
  ['database', 'Database', 3],
  ['storage', 'Storage', 3],
];

const COMPONENT_PATTERNS = COMPONENT_VOCABULARY.map(
  ([phrase, label, tier]) => [new RegExp(`(?<![\\p{L}\\p{N}])${phrase}(?![\\p{L}\\p{N}])`, 'u'), phrase.length, label, tier] as const,
);

/** How much of the transcript is searched: the latest comments, each cut to this length. */
const COMMENTS_SEARCHED = 12;
const CHARACTERS_SEARCHED = 4000;

/** A component of the design under discussion. */
export interface DesignComponent {
  readonly label: string;
  /** 0 client, 1 edge, 2 service or messaging, 3 storage. */
  readonly tier: Tier;
}

/**
 * The components mentioned so far (in the title and the latest comments), at most `limit`,
 * in the order a request passes them: clients, edge, services and messaging, storage; within
 * a tier, in order of first mention. An API is added when no client or edge component was
 * mentioned, a service named after the title when no service or messaging component was, and
 * a database when no storage was, so there is always a path from the entry to the data.
 */
export function designComponents(turn: Pick<TurnDescriptionV1, 'title' | 'comments'>, limit = 5): DesignComponent[] {
  const sources = [turn.title, ...turn.comments.slice(-COMMENTS_SEARCHED).map((comment) => comment.text.slice(0, CHARACTERS_SEARCHED))];
  const text = sources.join('\n').toLowerCase();
  const found: { label: string; tier: Tier; start: number; end: number }[] = [];
  for (const [pattern, length, label, tier] of COMPONENT_PATTERNS) {
    const match = pattern.exec(text);
    if (match === null) continue;
    const start = match.index;
    const end = start + length;
    const inside = found.some((other) => start >= other.start && end <= other.end);
    if (!inside) found.push({ label, tier, start, end });
  }
  found.sort((a, b) => a.tier - b.tier || a.start - b.start);
  const byTier = (tiers: readonly Tier[]): DesignComponent[] =>
    found.filter((component) => tiers.includes(component.tier)).map(({ label, tier }) => ({ label, tier }));
  const entry = byTier([0, 1]).slice(0, 2);
  const services = byTier([2]).slice(0, 2);
  const storage = byTier([3]).slice(0, 2);
  if (entry.length === 0) entry.push({ label: 'API', tier: 1 });
  if (services.length === 0) services.push({ label: `${titleSubject(turn.title)} service`, tier: 2 });
  if (storage.length === 0) storage.push({ label: 'Database', tier: 3 });
  // Keep one of each kind within the limit, then fill with the rest in request order.
  const chosen = new Set<DesignComponent>([entry[0], services[0], storage[0]].filter((item): item is DesignComponent => item !== undefined));
  for (const extra of [...entry, ...services, ...storage]) if (chosen.size < Math.max(3, limit)) chosen.add(extra);
  return [...entry, ...services, ...storage].filter((component) => chosen.has(component));
}

const LEADING_VERB =
  /^(?:add|build|design|create|implement|introduce|make|support|use|adopt|choose|move|migrate|replace|switch|refactor|rewrite|enable|remove|drop|deprecate|improve|reduce|allow|fix|update|upgrade|extract|split|merge|rename|integrate|automate|expose|launch|ship|speed|cut|a|an|the)$/i;
const PHRASE_END = /^(?:to|for|of|in|on|with|from|into|at|by|via|using|and|or|that|which|across|behind)$/i;

/**
 * A short noun phrase for the title: up to three words, without a leading verb or article
 * ("Add rate limiting to the public API" gives "Rate limiting"), cut before the first
 * preposition or conjunction.
 */
export function titleSubject(title: string): string {
  const words = inlineText(title, 12)
    .replace(/[^\p{L}\p{N}\s-]/gu, ' ')
    .split(/\s+/)
    .filter((word) => word !== '');
  while (words.length > 1 && LEADING_VERB.test(words[0] ?? '')) words.shift();
  const end = words.findIndex((word, index) => index > 0 && PHRASE_END.test(word));
  const subject = words.slice(0, Math.min(3, end === -1 ? words.length : end)).join(' ');
  return subject === '' ? 'Core' : subject.charAt(0).toUpperCase() + subject.slice(1);
}
