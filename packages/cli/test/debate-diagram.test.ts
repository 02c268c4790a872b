import { parseMermaid } from 'beautiful-mermaid';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { architectureDiagram, safeText } from '../src/debate/architecture-diagram.js';
import { buildDesignModel, type ComponentKind, type DesignModel } from '../src/debate/design-model.js';
import { parseFinalDesign } from '../src/debate/final-design.js';
import { renderMermaidSvg } from '../src/render-mermaid-svg.js';

const LEVELS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const KINDS: ComponentKind[] = ['client', 'edge', 'service', 'worker', 'queue', 'storage', 'external', 'observability'];

/** The seed's accepted block (AI Design Theater, "Design a distributed caching system"). */
const SEED_BLOCK = `FINAL DESIGN:

**Architecture Components:** We'll implement a serverless architecture leveraging cloud-native technologies for scalability, utilizing microservices for modular functionality. Each service will communicate via gRPC for low-latency interactions, with a robust API gateway to manage traffic.

**Data Flows:** Data will be processed in real-time through event-driven architecture, utilizing message queues for asynchronous communication, ensuring that requests are handled efficiently without bottlenecks.

**Storage:** A distributed NoSQL database will be employed for high availability and horizontal scaling, with in-memory caching for frequently accessed data to achieve sub-millisecond latency.

**Trade-offs:** While this design maximizes performance and scalability, it requires careful cost management to avoid overspending on cloud resources. The complexity of microservices may introduce operational overhead, necessitating robust monitoring and management practices.

Now, how do you plan to implement this without breaking the bank, or is that just another detail you're willing to overlook?`;

/** A block as the simulated personas write it. */
const MOCK_BLOCK = `FINAL DESIGN:

**Architecture components:** Dashboard, URL shortener service, Database and Storage, split so each part can be scaled or replaced on its own along on-call load lines.

**Data flows:** Dashboard hands each request to URL shortener service; results land in Database and an event goes to everything downstream.

**Storage:** One primary store for the url shortener data, a cache only where measurements justify it, and tested backups.

**Trade-offs:** The smaller version ships first and the ambitious parts wait for real usage; on-call load is the one area we do not cut.`;

/** A block with Markdown headings and bullet lists, as real models often write it. */
const HEADED_BLOCK = `FINAL DESIGN: a two-tier shortener with a write path and a cached read path.

### Architecture components
- Web app: creates links
- API gateway — auth and rate limits
- Link service (stateless)
- Redirect workers

### Data flows
1. Web app -> API gateway -> Link service, which writes to PostgreSQL.
2. Redirect workers read from Redis and fall back to PostgreSQL.

### Storage
PostgreSQL for links, Redis for hot redirects, S3 for exports.

### Trade-offs
- No multi-region writes in v1.
- Analytics are sampled at 10%.

### Observability
Metrics and tracing on every hop, with Grafana dashboards.`;

function modelOf(block: string): DesignModel {
  return buildDesignModel({ design: parseFinalDesign(block), discussion: [] });
}

/** Node definitions and edges as written: `id<shape>` lines and `a --> b` lines. */
function written(mermaid: string): { ids: string[]; edges: number; subgraphs: number } {
  const lines = mermaid.split('\n').map((line) => line.trim());
  const ids = lines.filter((line) => /^[a-z][a-z0-9_]*[[({>]/.test(line) && !/-->|-\.->/.test(line)).map((line) => /^([a-z][a-z0-9_]*)/.exec(line)![1]!);
  return { ids, edges: lines.filter((line) => /-->|-\.->/.test(line)).length, subgraphs: lines.filter((line) => line.startsWith('subgraph ')).length };
}

describe('the FINAL DESIGN block and the design model', () => {
  it('splits a block into its standard sections, dropping the closing question', () => {
    const parsed = parseFinalDesign(SEED_BLOCK);
    expect(parsed.sections.map((section) => section.key)).toEqual(['components', 'data-flows', 'storage', 'trade-offs']);
    expect(parsed.sections.at(-1)!.text).toMatch(/monitoring and management practices\.$/);
  });

  it('reads headings, bullets and a summary on the FINAL DESIGN line', () => {
    const parsed = parseFinalDesign(HEADED_BLOCK);
    expect(parsed.summary).toBe('a two-tier shortener with a write path and a cached read path.');
    expect(parsed.sections.map((section) => [section.key, section.title])).toEqual([
      ['components', 'Architecture components'],
      ['data-flows', 'Data flows'],
      ['storage', 'Storage'],
      ['trade-offs', 'Trade-offs'],
      ['other', 'Observability'],
    ]);
  });

  it('takes the listed components and stops at the clause after them', () => {
    const model = modelOf(MOCK_BLOCK);
    expect(model.components.filter((c) => c.source === 'components').map((c) => c.label)).toEqual(['Dashboard', 'URL shortener service', 'Database', 'Storage']);
    const byId = new Map(model.components.map((c) => [c.id, c.label]));
    expect(model.flows.map((flow) => [byId.get(flow.from), byId.get(flow.to), flow.label])).toEqual([
      ['Dashboard', 'URL shortener service', 'hands each request to'],
      ['URL shortener service', 'Database', 'results land in'],
    ]);
    expect(model.tradeOffs).toHaveLength(2);
  });

  it('finds components named in prose by their common names', () => {
    const model = modelOf(SEED_BLOCK);
    const labels = model.components.map((c) => c.label);
    expect(labels).toEqual(expect.arrayContaining(['Microservices', 'API gateway', 'Message queue', 'NoSQL database', 'Cache']));
    expect(model.components.find((c) => c.label === 'NoSQL database')!.kind).toBe('storage');
  });

  it('reads bullet lists and arrows', () => {
    const model = modelOf(HEADED_BLOCK);
    const byId = new Map(model.components.map((c) => [c.id, c.label]));
    expect(model.components.slice(0, 4).map((c) => [c.label, c.kind])).toEqual([
      ['Web app', 'client'],
      ['API gateway', 'edge'],
      ['Link service', 'service'],
      ['Redirect workers', 'worker'],
    ]);
    const flows = model.flows.map((flow) => `${byId.get(flow.from)} -> ${byId.get(flow.to)}`);
    expect(flows).toEqual(expect.arrayContaining(['Web app -> API gateway', 'API gateway -> Link service', 'Link service -> PostgreSQL', 'Redirect workers -> Redis', 'Redirect workers -> PostgreSQL']));
    expect(model.tradeOffs).toEqual(['No multi-region writes in v1.', 'Analytics are sampled at 10%.']);
  });

  it('does not read a list, or a clause that starts with a component, as a flow', () => {
    const model = modelOf('FINAL DESIGN:\n**Components:** API, Orders service and Kafka.\n**Data flows:** API calls Orders service, which writes to PostgreSQL; Orders service publishes events to Kafka. API, Kafka and PostgreSQL are managed.');
    const byId = new Map(model.components.map((c) => [c.id, c.label]));
    expect(model.flows.map((flow) => `${byId.get(flow.from)} -> ${byId.get(flow.to)}: ${flow.label}`)).toEqual([
      'API -> Orders service: calls',
      'Orders service -> PostgreSQL: writes to',
      'Orders service -> Kafka: publishes events to',
    ]);
  });

  it('falls back to the discussion when there is no block', () => {
    const model = buildDesignModel({ design: undefined, discussion: ['Put a CDN in front.', 'A CDN and Redis, then PostgreSQL.', 'Redis is enough.'] });
    expect(model.components.map((c) => [c.label, c.source])).toEqual([
      ['CDN', 'discussion'],
      ['Redis', 'discussion'],
      ['PostgreSQL', 'discussion'],
    ]);
  });
});

describe('the architecture diagram by detail level', () => {
  const model = modelOf(HEADED_BLOCK);

  it('draws components only, no edges, at levels 1-6, more of them as the level rises', () => {
    const counts = [1, 2, 3, 4, 5, 6].map((detail) => {
      const { ids, edges } = written(architectureDiagram(model, { detail, topic: 'URL shortener' }));
      expect(edges).toBe(0);
      return ids.length;
    });
    expect(counts).toEqual([3, 4, 4, 4, 4, 4]);
  });

  it('draws the data flows from level 7, labelled from level 8', () => {
    const seven = architectureDiagram(model, { detail: 7, topic: 'URL shortener' });
    expect(seven).toContain('web_app --> api_gateway');
    expect(seven).not.toContain('|');
    expect(written(seven).ids).toEqual(expect.arrayContaining(['postgresql', 'redis']));
    const eight = architectureDiagram(model, { detail: 8, topic: 'URL shortener' });
    expect(eight).toMatch(/link_service -->\|writes to\| postgresql/);
    expect(eight).toMatch(/redirect_workers -->\|fall back to\| postgresql/);
  });

  it('adds users, storage, external services and observability at 9, grouped into tiers at 10', () => {
    const nine = architectureDiagram(model, { detail: 9, topic: 'URL shortener' });
    expect(nine).toContain('users((Users))');
    expect(nine).toContain('object_storage[(Object storage)]');
    expect(nine).toMatch(/-\.->\|telemetry\| metrics_and_alerts/);
    expect(written(nine).subgraphs).toBe(0);
    const ten = architectureDiagram(model, { detail: 10, topic: 'URL shortener' });
    expect(ten).toContain('subgraph tier_data [Data]');
    expect(written(ten).ids.sort()).toEqual(written(nine).ids.sort());
  });

  it('matches its snapshot for the mock block at every level', () => {
    const mock = modelOf(MOCK_BLOCK);
    expect(LEVELS.map((detail) => architectureDiagram(mock, { detail, topic: 'Design a URL shortener' })).join('\n')).toMatchSnapshot();
  });

  it('still draws something for a design without components', () => {
    const empty = buildDesignModel({ design: undefined, discussion: [] });
    for (const detail of LEVELS) expect(parseMermaid(architectureDiagram(empty, { detail, topic: 'A "topic" [with] {brackets}' })).nodes.size).toBeGreaterThan(0);
  });
});

/** Labels with everything that could break a Mermaid line: brackets, pipes, quotes, arrows, keywords, other scripts. */
const label = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom('end', 'subgraph', 'graph TD', 'A --> B', 'x|y', '"quoted"', '[box]', '(round)', '{curly}', 'café Zürich', '数据库 服务', '--', '/slash\\', '::: class', '%% comment', '<b>html</b>', '#quot;'),
);

const arbitraryModel: fc.Arbitrary<DesignModel> = fc
  .array(fc.record({ label, kind: fc.constantFrom(...KINDS), source: fc.constantFrom('components' as const, 'data-flows' as const, 'storage' as const, 'discussion' as const) }), { maxLength: 30 })
  .chain((parts) => {
    const components = parts.map((part, index) => ({ ...part, id: `c${index}_${part.kind}` }));
    const ids = components.map((component) => component.id);
    const flows = ids.length === 0 ? fc.constant([]) : fc.array(fc.record({ from: fc.constantFrom(...ids), to: fc.constantFrom(...ids), label: fc.option(label, { nil: null }) }), { maxLength: 40 });
    return flows.map((list) => ({ components, flows: list, tradeOffs: [] }));
  });

/** Blocks assembled from section headings and component-ish fragments, in many shapes. */
const arbitraryBlock = fc
  .array(
    fc.tuple(
      fc.constantFrom('**Architecture components:**', '### Components', '- **Data flows**:', 'Data flows:', '## Storage', '**Trade-offs:**', '**Security:**', ''),
      fc.array(fc.oneof(label, fc.constantFrom('API gateway', 'Redis', 'a message queue', 'the Link service', 'Web app -> API', 'PostgreSQL', 'monitoring')), { maxLength: 6 }),
      fc.constantFrom(', ', ' and ', '; ', '\n- ', ' -> '),
    ),
    { maxLength: 6 },
  )
  .map((sections) => `FINAL DESIGN:\n${sections.map(([heading, words, glue]) => `${heading} ${words.join(glue)}`).join('\n\n')}`);

function nodeCounts(model: DesignModel): number[] {
  return LEVELS.map((detail) => written(architectureDiagram(model, { detail, topic: 'Topic' })).ids.length);
}

function checkDiagram(model: DesignModel, detail: number): void {
  const mermaid = architectureDiagram(model, { detail, topic: 'A topic | with [odd] "text"' });
  const graph = parseMermaid(mermaid);
  const { ids } = written(mermaid);
  expect(new Set(ids).size).toBe(ids.length);
  // Every node the renderer sees is one written with its shape and a non-empty label: no edge made up a node.
  expect([...graph.nodes.keys()].sort()).toEqual([...ids].sort());
  for (const node of graph.nodes.values()) expect(node.label.trim()).not.toBe('');
  expect(graph.edges.every((edge) => graph.nodes.has(edge.source) && graph.nodes.has(edge.target))).toBe(true);
  if (detail < 7) expect(graph.edges).toHaveLength(0);
  if (detail >= 9) expect(ids).toContain('users');
  expect(graph.subgraphs.length > 0).toBe(detail >= 10);
}

describe('architecture diagram properties', () => {
  it('always parses as a flowchart whose nodes are exactly those written, with unique ids', () => {
    fc.assert(fc.property(arbitraryModel, fc.integer({ min: 1, max: 10 }), (model, detail) => checkDiagram(model, detail)), { numRuns: 300 });
  });

  it('parses for designs read from any block text', () => {
    fc.assert(
      fc.property(arbitraryBlock, fc.integer({ min: 1, max: 10 }), (block, detail) => checkDiagram(buildDesignModel({ design: parseFinalDesign(block), discussion: [block] }), detail)),
      { numRuns: 300 },
    );
  });

  it('never shows fewer nodes at a higher level', () => {
    fc.assert(
      fc.property(fc.oneof(arbitraryModel, arbitraryBlock.map((block) => buildDesignModel({ design: parseFinalDesign(block), discussion: [] }))), (model) => {
        const counts = nodeCounts(model);
        for (let index = 1; index < counts.length; index++) expect(counts[index]).toBeGreaterThanOrEqual(counts[index - 1]!);
      }),
      { numRuns: 300 },
    );
  });

  it('is drawn as SVG by the renderer', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryModel, fc.integer({ min: 1, max: 10 }), async (model, detail) => {
        const svg = await renderMermaidSvg(architectureDiagram(model, { detail, topic: 'Topic' }));
        expect(svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
      }),
      { numRuns: 25 },
    );
  });

  it('keeps labels to characters every Mermaid reader takes literally', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.integer({ min: 5, max: 60 }), (text, limit) => {
        const safe = safeText(text, limit);
        expect(safe.length).toBeLessThanOrEqual(limit);
        expect(safe).not.toMatch(/[[\](){}<>|"#;:`\\]|--/);
        expect(safe).toBe(safe.trim());
      }),
    );
  });
});
