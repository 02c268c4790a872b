/**
 * The aspects of a software design a debate is expected to cover before its FINAL DESIGN is
 * accepted (the seed's debates move through architecture, data, APIs, deployment,
 * observability…). A facet is covered by a text that uses one of its words; the words are
 * matched as whole words, any case.
 */
export const DESIGN_FACETS = [
  { id: 'architecture', label: 'Architecture components', words: ['architecture', 'component', 'components', 'service', 'services', 'microservice', 'microservices', 'monolith', 'module', 'modules'] },
  { id: 'data-flow', label: 'Data flows', words: ['data flow', 'data flows', 'queue', 'queues', 'event', 'events', 'stream', 'streams', 'pipeline', 'asynchronous', 'async', 'pub/sub', 'webhook', 'webhooks'] },
  { id: 'storage', label: 'Storage', words: ['storage', 'database', 'databases', 'store', 'cache', 'caching', 'schema', 'sql', 'nosql', 'postgres', 'postgresql', 'redis', 'object storage', 'backup', 'backups'] },
  { id: 'api', label: 'Interfaces and APIs', words: ['api', 'apis', 'endpoint', 'endpoints', 'interface', 'interfaces', 'grpc', 'rest', 'graphql', 'contract', 'sdk'] },
  { id: 'scalability', label: 'Scalability and performance', words: ['scale', 'scaling', 'scalable', 'throughput', 'latency', 'load', 'performance', 'sharding', 'partitioning', 'horizontal'] },
  { id: 'security', label: 'Security and privacy', words: ['security', 'secure', 'auth', 'authentication', 'authorization', 'encryption', 'encrypted', 'privacy', 'compliance', 'gdpr', 'permissions', 'secrets'] },
  { id: 'observability', label: 'Observability', words: ['observability', 'monitoring', 'monitor', 'metrics', 'logging', 'logs', 'tracing', 'alerting', 'alerts', 'dashboard', 'dashboards', 'slo', 'slos'] },
  { id: 'deployment', label: 'Deployment and operations', words: ['deploy', 'deployment', 'deployments', 'rollout', 'release', 'ci/cd', 'canary', 'kubernetes', 'container', 'containers', 'serverless', 'infrastructure', 'on-call', 'operations'] },
  { id: 'cost', label: 'Cost', words: ['cost', 'costs', 'budget', 'spend', 'pricing', 'cheaper', 'expensive', 'licence', 'license'] },
  { id: 'reliability', label: 'Reliability', words: ['reliability', 'reliable', 'failover', 'redundancy', 'availability', 'retry', 'retries', 'idempotent', 'fallback', 'outage', 'disaster recovery', 'failure', 'failures'] },
  { id: 'user-experience', label: 'User experience', words: ['user experience', 'ux', 'usability', 'accessibility', 'onboarding', 'users', 'user', 'customer', 'customers'] },
] as const satisfies readonly { id: string; label: string; words: readonly string[] }[];

export type DesignFacet = (typeof DESIGN_FACETS)[number]['id'];

/** Characters that make a word go on: ASCII letters and digits, and anything beyond ASCII. */
const WORD = 'a-z0-9\\u0080-\\uffff';
/** Every facet word in one pattern, longest first, each matched as a whole word of the lower-cased text. */
const WORDS = new RegExp(
  `(?:^|[^${WORD}])(${DESIGN_FACETS.flatMap((facet) => facet.words)
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|')})(?![${WORD}])`,
  'g',
);
const FACET_OF_WORD = new Map<string, DesignFacet>(DESIGN_FACETS.flatMap((facet) => facet.words.map((word) => [word, facet.id] as const)));
const ORDER = new Map<string, number>(DESIGN_FACETS.map((facet, index) => [facet.id, index]));

/**
 * The facets `text` covers, in the order of {@link DESIGN_FACETS}; facets in `known` are not
 * reported (a host following a discussion can pass the facets already covered). One pass
 * over the lower-cased text.
 */
export function designFacets(text: string, known: ReadonlySet<string> = NONE): DesignFacet[] {
  const found = new Set<DesignFacet>();
  const lower = text.toLowerCase();
  WORDS.lastIndex = 0;
  for (let match = WORDS.exec(lower); match !== null; match = WORDS.exec(lower)) {
    const facet = FACET_OF_WORD.get(match[1]!)!;
    if (!known.has(facet)) found.add(facet);
  }
  return [...found].sort((a, b) => ORDER.get(a)! - ORDER.get(b)!);
}

const NONE: ReadonlySet<string> = new Set();

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
