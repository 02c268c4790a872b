import { sectionText, type ParsedFinalDesign } from './final-design.js';

/** What a part of the architecture is, which decides its shape and tier in the diagram. */
export type ComponentKind = 'client' | 'edge' | 'service' | 'worker' | 'queue' | 'storage' | 'external' | 'observability';

/**
 * Where a component was found: the block's components, data flows or storage sections, the
 * rest of the block (other sections such as Observability), or the discussion.
 */
export type ComponentSource = 'components' | 'data-flows' | 'storage' | 'design' | 'discussion';

export interface DesignComponent {
  /** A Mermaid-safe id, unique in the design (`api_gateway`). */
  readonly id: string;
  readonly label: string;
  readonly kind: ComponentKind;
  readonly source: ComponentSource;
}

export interface DataFlow {
  readonly from: string;
  readonly to: string;
  /** The words between the two components in the sentence (`hands each request to`), or null. */
  readonly label: string | null;
}

/** The structured design the diagram, DESIGN.md and design_document.json are made from. */
export interface DesignModel {
  /** In order: the block's components, then what its data flows and storage add, then what the discussion adds. */
  readonly components: readonly DesignComponent[];
  readonly flows: readonly DataFlow[];
  /** The trade-offs, one statement each. */
  readonly tradeOffs: readonly string[];
}

/** Kinds shown only from diagram detail 9 up (unless the block lists them as components). */
export const EXTENDED_KINDS: ReadonlySet<ComponentKind> = new Set(['storage', 'external', 'observability']);

interface Term {
  readonly pattern: RegExp;
  readonly label: string;
  readonly kind: ComponentKind;
}

/** Parts of an architecture people name in prose, with a canonical label; the more specific first. */
const TERMS: readonly Term[] = [
  { pattern: /\bweb (?:app|application|client|frontend|front end|ui)s?\b/i, label: 'Web app', kind: 'client' },
  { pattern: /\bmobile (?:app|application|client)s?\b/i, label: 'Mobile app', kind: 'client' },
  { pattern: /\b(?:admin )?dashboards?\b/i, label: 'Dashboard', kind: 'client' },
  { pattern: /\b(?:cdn|content delivery network)s?\b/i, label: 'CDN', kind: 'edge' },
  { pattern: /\bload balancers?\b/i, label: 'Load balancer', kind: 'edge' },
  { pattern: /\bapi gateways?\b/i, label: 'API gateway', kind: 'edge' },
  { pattern: /\breverse prox(?:y|ies)\b/i, label: 'Reverse proxy', kind: 'edge' },
  { pattern: /\bmicroservices?\b/i, label: 'Microservices', kind: 'service' },
  { pattern: /\b(?:background |async |queue )?workers?\b/i, label: 'Workers', kind: 'worker' },
  { pattern: /\b(?:job )?schedulers?\b|\bcron jobs?\b/i, label: 'Scheduler', kind: 'worker' },
  { pattern: /\bkafka\b/i, label: 'Kafka', kind: 'queue' },
  { pattern: /\brabbitmq\b/i, label: 'RabbitMQ', kind: 'queue' },
  { pattern: /\bsqs\b/i, label: 'SQS', kind: 'queue' },
  { pattern: /\bevent (?:bus|stream|log)s?\b/i, label: 'Event bus', kind: 'queue' },
  { pattern: /\bmessage (?:queue|broker|bus)s?\b|\b(?:job |task )?queues?\b/i, label: 'Message queue', kind: 'queue' },
  { pattern: /\bpostgres(?:ql)?\b/i, label: 'PostgreSQL', kind: 'storage' },
  { pattern: /\bmysql\b/i, label: 'MySQL', kind: 'storage' },
  { pattern: /\bdynamodb\b/i, label: 'DynamoDB', kind: 'storage' },
  { pattern: /\bcassandra\b/i, label: 'Cassandra', kind: 'storage' },
  { pattern: /\bmongodb\b/i, label: 'MongoDB', kind: 'storage' },
  { pattern: /\bredis\b/i, label: 'Redis', kind: 'storage' },
  { pattern: /\b(?:elasticsearch|opensearch|search index(?:es)?)\b/i, label: 'Search index', kind: 'storage' },
  { pattern: /\bdata (?:warehouse|lake)s?\b/i, label: 'Data warehouse', kind: 'storage' },
  { pattern: /\b(?:object (?:storage|store)|blob storage|s3)\b/i, label: 'Object storage', kind: 'storage' },
  { pattern: /\bnosql (?:database|store)s?\b/i, label: 'NoSQL database', kind: 'storage' },
  { pattern: /\brelational databases?\b/i, label: 'Relational database', kind: 'storage' },
  { pattern: /\b(?:in-memory )?cach(?:e|es|ing)\b/i, label: 'Cache', kind: 'storage' },
  { pattern: /\bdatabases?\b/i, label: 'Database', kind: 'storage' },
  { pattern: /\b(?:payment (?:provider|processor|gateway)s?|stripe|paypal|adyen)\b/i, label: 'Payment provider', kind: 'external' },
  { pattern: /\b(?:email provider|sendgrid|mailgun|amazon ses)\b/i, label: 'Email provider', kind: 'external' },
  { pattern: /\b(?:sms (?:provider|gateway)|twilio)\b/i, label: 'SMS gateway', kind: 'external' },
  { pattern: /\b(?:identity provider|oauth provider|sso provider|auth0|okta)\b/i, label: 'Identity provider', kind: 'external' },
  { pattern: /\b(?:push notification service|apns|fcm)\b/i, label: 'Push service', kind: 'external' },
  { pattern: /\bthird[- ]party (?:api|service)s?\b/i, label: 'Third-party APIs', kind: 'external' },
  { pattern: /\b(?:monitoring|metrics|prometheus|grafana|alerting)\b/i, label: 'Metrics and alerts', kind: 'observability' },
  { pattern: /\b(?:tracing|opentelemetry|traces)\b/i, label: 'Tracing', kind: 'observability' },
  { pattern: /\b(?:log aggregation|logging|structured logs)\b/i, label: 'Logs', kind: 'observability' },
];

/** `<words> service` as prose names a service of the design (`the URL shortener service`). */
const NAMED_SERVICE = /\b((?:[\p{L}\p{N}][\p{L}\p{N}-]*\s){0,3})(service|server|api)\b/giu;

/** Words that make a comma-separated piece a clause rather than the name of a component. */
const CLAUSE_WORDS = new Set([
  'is', 'are', 'was', 'will', 'would', 'should', 'can', 'could', 'must', 'may', 'does', 'do', 'so', 'each', 'split', 'which', 'that', 'where',
  'when', 'because', 'while', 'if', 'then', 'than', 'using', 'leveraging', 'utilizing', 'utilising', 'via', 'through', 'for', 'to', 'into', 'we', 'it',
  'they', 'our', 'all', 'both', 'every', 'only', 'behind', 'along', 'where', 'with', 'without', 'on', 'at', 'by', 'from', 'of', 'in',
]);
const LEADING_FILLER = /^(?:(?:and|or|plus|also|then|a|an|the|one|two|three|single|our|its|their|some|separate|dedicated|small|simple)\s+)+/i;
const GENERIC_WORDS = new Set(['service', 'server', 'api', 'core', 'main', 'managed', 'new', 'same', 'other', 'this', 'that', 'each', 'every', 'one', 'own', 'the', 'a', 'an']);

const MAXIMUM_COMPONENTS = 24;

/** Words Mermaid reads as keywords where an id stands: a component never gets one as its id. */
const RESERVED_IDS = new Set(['end', 'graph', 'flowchart', 'subgraph', 'style', 'class', 'classdef', 'click', 'linkstyle', 'direction', 'default', 'call', 'href']);

/**
 * The structured design: components and their kinds, data flows between them and the
 * trade-offs, from the FINAL DESIGN block (its components, data flows and storage sections,
 * else its summary), then from the discussion when the block names fewer than two
 * components (or there is no block). Deterministic: the same text gives the same design.
 */
export function buildDesignModel(input: { readonly design: ParsedFinalDesign | undefined; readonly discussion: readonly string[] }): DesignModel {
  const registry = new ComponentRegistry();
  const { design } = input;
  const componentsText = sectionText(design, 'components') || (design?.summary ?? '');
  for (const item of listItems(componentsText)) registry.add(item, classify(item), 'components');
  registry.addTerms(componentsText, 'components');
  for (const name of namedServicesIn(componentsText)) registry.add(name, 'service', 'components');

  const flowsText = sectionText(design, 'data-flows');
  registry.addTerms(flowsText, 'data-flows');
  for (const name of namedServicesIn(flowsText)) registry.add(name, 'service', 'data-flows');
  registry.addTerms(sectionText(design, 'storage'), 'storage');
  const elsewhere = [design?.summary ?? '', ...(design?.sections ?? []).filter((section) => section.key === 'other' || section.key === 'trade-offs').map((section) => section.text)];
  for (const text of elsewhere) registry.addTerms(text, 'design', EXTENDED_KINDS);

  // The discussion: its components when the block names fewer than two, else only what the
  // diagram's extended levels show (storage, external services, observability).
  const few = registry.size() < 2;
  const counted = new Map<string, { term: Term; count: number; first: number }>();
  input.discussion.forEach((text, index) => {
    for (const { term } of termsIn(text)) {
      if (!few && !EXTENDED_KINDS.has(term.kind)) continue;
      const seen = counted.get(term.label);
      counted.set(term.label, { term, count: (seen?.count ?? 0) + 1, first: seen?.first ?? index });
    }
  });
  const ranked = [...counted.values()].sort((a, b) => b.count - a.count || a.first - b.first || (a.term.label < b.term.label ? -1 : 1));
  for (const { term } of ranked.slice(0, few ? 8 : 4)) registry.add(term.label, term.kind, 'discussion');

  const components = registry.list();
  return { components, flows: flowsBetween(components, flowsText || componentsText), tradeOffs: statements(sectionText(design, 'trade-offs')) };
}

/**
 * Names listed in a section: bullet items (the words before a colon or dash), or the
 * comma-separated names at the start of its first sentence, up to the first piece that reads
 * as a clause (`Dashboard, URL service, Database and Storage, split so each part…`).
 */
export function listItems(text: string): string[] {
  const lines = text.split('\n');
  const bullets = lines.map((line) => /^\s*(?:[-*+]|\d{1,3}[.)])\s+(.*)$/.exec(line)?.[1]).filter((item): item is string => item !== undefined);
  if (bullets.length > 0) {
    return bullets.map((item) => plain(item).split(/\s*(?::|\s[—–-]\s|\(|;|\.\s)/)[0]!).map(nameOf).filter((name): name is string => name !== undefined);
  }
  const first = plain(text).split(/(?<=[.!?])\s|\n/)[0] ?? '';
  const names: string[] = [];
  for (const piece of first.replace(/[.!?]$/, '').split(/\s*[,;:]\s*/)) {
    const parts = piece.split(/\s+(?:and|&|plus)\s+/i).map(nameOf);
    if (parts.some((part) => part === undefined)) break;
    names.push(...(parts as string[]));
  }
  return names;
}

/** A piece of text as a component name: one to five words, no clause words; undefined otherwise. */
function nameOf(piece: string): string | undefined {
  const name = piece.replace(LEADING_FILLER, '').replace(/\s+/g, ' ').trim().replace(/[.,;:!?]+$/, '');
  const words = name.split(' ');
  if (name === '' || words.length > 5 || !/^[\p{L}\p{N}]/u.test(name)) return undefined;
  if (words.some((word) => CLAUSE_WORDS.has(word.toLowerCase()))) return undefined;
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The kind a name suggests (`Redis cache` is storage, `Auth gateway` is edge). */
export function classify(label: string): ComponentKind {
  const text = label.toLowerCase();
  if (/monitor|metric|logs?\b|logging|trac(?:e|ing)|alert|observab|grafana|prometheus/.test(text)) return 'observability';
  if (/stripe|paypal|payment provider|email provider|sms|twilio|third[- ]party|external|identity provider|oauth/.test(text)) return 'external';
  if (/queue|kafka|rabbit|sqs|\bbus\b|stream|pub\/?sub|broker|\btopics?\b/.test(text)) return 'queue';
  if (/database|\bdb\b|postgres|mysql|dynamo|cassandra|mongo|redis|cache|storage|store\b|bucket|\bs3\b|warehouse|lake|index|ledger/.test(text)) return 'storage';
  if (/gateway|load balancer|\bcdn\b|proxy|\bedge\b|\bwaf\b|ingress/.test(text)) return 'edge';
  if (/\bapp\b|client|browser|frontend|front end|dashboard|\bui\b|console|portal|\bcli\b|widget|extension/.test(text)) return 'client';
  if (/worker|\bjobs?\b|scheduler|cron|consumer|processor|pipeline/.test(text)) return 'worker';
  return 'service';
}

/** The known terms in `text`, each once, in the order they first appear, with the words that named them. */
function termsIn(text: string): { term: Term; words: string }[] {
  const found: { term: Term; index: number; words: string }[] = [];
  const taken: [number, number][] = [];
  for (const term of TERMS) {
    for (const match of text.matchAll(new RegExp(term.pattern.source, 'gi'))) {
      const start = match.index;
      const end = start + match[0].length;
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      taken.push([start, end]);
      if (!found.some((item) => item.term.label === term.label)) found.push({ term, index: start, words: match[0] });
    }
  }
  return found.sort((a, b) => a.index - b.index).map(({ term, words }) => ({ term, words }));
}

/** `the URL shortener service` → `URL shortener service`; generic phrases (`the core service`) are left out. */
function namedServicesIn(text: string): string[] {
  const names: string[] = [];
  for (const match of plain(text).matchAll(NAMED_SERVICE)) {
    const words = `${match[1] ?? ''}${match[2]}`.replace(LEADING_FILLER, '').trim().split(/\s+/);
    while (words.length > 1 && CLAUSE_WORDS.has(words[0]!.toLowerCase())) words.shift();
    if (words.every((word) => GENERIC_WORDS.has(word.toLowerCase()) || CLAUSE_WORDS.has(word.toLowerCase()))) continue;
    const name = nameOf(words.join(' '));
    if (name !== undefined) names.push(name);
  }
  return names;
}

/**
 * Flows from the order components are named in each sentence: `A hands each request to B;
 * results land in C` gives A → B and B → C. Arrows (`A -> B`) read the same way.
 */
function flowsBetween(components: readonly DesignComponent[], text: string): DataFlow[] {
  const flows: DataFlow[] = [];
  const matchers = components.map((component) => ({ id: component.id, patterns: mentionPatterns(component) }));
  for (const sentence of plain(text).split(/(?<=[.!?])\s+|\n+/)) {
    const mentions: { id: string; start: number; end: number }[] = [];
    for (const { id, patterns } of matchers) {
      for (const pattern of patterns) {
        for (const match of sentence.matchAll(pattern)) {
          const start = match.index;
          const end = start + match[0].length;
          if (mentions.some((mention) => start < mention.end && end > mention.start)) continue;
          mentions.push({ id, start, end });
        }
      }
    }
    mentions.sort((a, b) => a.start - b.start);
    let listing = false;
    for (let index = 1; index < mentions.length; index++) {
      const previous = mentions[index - 1]!;
      const to = mentions[index]!;
      const between = sentence.slice(previous.end, to.start);
      // `…to A; B publishes…` and `A, B and C`: a clause or list item that starts with the next component is no flow into it.
      if (/[;,]\s*(?:(?:the|a|an|then|and)\s+)*$/i.test(between) || (listing && /^\s*(?:and|or|&|plus)\s*(?:(?:the|a|an)\s+)?$/i.test(between))) {
        listing = true;
        continue;
      }
      listing = false;
      // `A reads from B and falls back to C`: the sentence's subject, A, does the second thing too.
      const from = /^\s*(?:and|or|but)\s+\p{L}/iu.test(between) && index >= 2 ? mentions[0]! : previous;
      if (from.id === to.id || flows.some((flow) => flow.from === from.id && flow.to === to.id)) continue;
      flows.push({ from: from.id, to: to.id, label: flowLabel(between) });
    }
  }
  return flows;
}

const LABEL_FILLER = new Set(['and', 'or', 'but', 'the', 'a', 'an', 'then', 'to', 'through', 'via', 'with', 'into', 'in', 'from', 'of', 'on', 'by', 'does', 'is', 'are', 'it']);
/** Words that join a clause to the sentence rather than say what flows (`which writes to` → `writes to`). */
const LABEL_LEADING = new Set(['and', 'or', 'but', 'then', 'which', 'that', 'who', 'also', 'it', 'and then']);

/** The words between two components when they say something (`writes to`), at most five. */
function flowLabel(between: string): string | null {
  const words = between.replace(/->|→|=>|[^\p{L}\p{N}\s'-]/gu, ' ').trim().split(/\s+/).filter((word) => word !== '');
  while (words.length > 0 && LABEL_LEADING.has(words[0]!.toLowerCase())) words.shift();
  if (words.length === 0 || words.length > 5 || words.every((word) => LABEL_FILLER.has(word.toLowerCase()))) return null;
  return words.join(' ');
}

function mentionPatterns(component: DesignComponent): RegExp[] {
  const patterns = [new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(component.label)}s?(?![\\p{L}\\p{N}])`, 'giu')];
  const term = TERMS.find((candidate) => candidate.label === component.label);
  if (term !== undefined) patterns.push(new RegExp(term.pattern.source, 'gi'));
  return patterns;
}

/** Statements of a section: its bullet items, else its sentences. */
export function statements(text: string): string[] {
  const lines = text.split('\n');
  const bullets = lines.map((line) => /^\s*(?:[-*+]|\d{1,3}[.)])\s+(.*)$/.exec(line)?.[1]?.trim()).filter((item): item is string => item !== undefined && item !== '');
  if (bullets.length > 0) return bullets.map(plain);
  return plain(text)
    .split(/(?<=[.!?;])\s+|\n+/)
    .map((sentence) => sentence.trim().replace(/;$/, '.'))
    .filter((sentence) => sentence !== '');
}

/** Markdown emphasis and code marks removed, whitespace made single. */
function plain(text: string): string {
  return text.replace(/\*\*|__|`/g, '').replace(/(^|\s)[*_]([^*_\n]+)[*_](?=\s|[.,;:!?]|$)/g, '$1$2').replace(/[ \t]+/g, ' ').trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Components by a loose key (case, plural and punctuation ignored), each with a unique id. */
class ComponentRegistry {
  private readonly components: DesignComponent[] = [];
  private readonly keys = new Set<string>();
  private readonly ids = new Set<string>();

  add(label: string, kind: ComponentKind, source: ComponentSource): void {
    const clean = label.replace(/\s+/g, ' ').trim();
    const key = looseKey(clean);
    if (key === '' || this.keys.has(key) || this.components.length >= MAXIMUM_COMPONENTS) return;
    this.keys.add(key);
    const base = clean.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 32).replace(/_+$/, '') || 'component';
    const safe = RESERVED_IDS.has(base) ? `${base}_component` : /^[0-9]/.test(base) ? `c_${base}` : base;
    let id = safe;
    for (let n = 2; this.ids.has(id); n++) id = `${safe}_${n}`;
    this.ids.add(id);
    this.components.push({ id, label: clean, kind, source });
  }

  /**
   * The known terms of `text` (of `kinds` only, when given), except those that are part of a
   * component's name already (`workers` in `Redirect workers`).
   */
  addTerms(text: string, source: ComponentSource, kinds?: ReadonlySet<ComponentKind>): void {
    for (const { term, words } of termsIn(text)) {
      if (kinds !== undefined && !kinds.has(term.kind)) continue;
      const named = looseKey(words);
      if (this.components.some((component) => ` ${looseKey(component.label)} `.includes(` ${named} `))) continue;
      this.add(term.label, term.kind, source);
    }
  }

  size(): number {
    return this.components.length;
  }

  list(): DesignComponent[] {
    return [...this.components];
  }
}

function looseKey(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .map((word) => (word.length > 3 ? word.replace(/(?:es|s)$/, '') : word))
    .join(' ');
}
