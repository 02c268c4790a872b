import { EXTENDED_KINDS, type ComponentKind, type DesignComponent, type DesignModel } from './design-model.js';

/** The detail levels `--diagram-detail` accepts. */
export const MINIMUM_DETAIL = 1;
export const MAXIMUM_DETAIL = 10;
/** From this level the diagram is a component graph with the data flows between components. */
export const FLOW_DETAIL = 7;
/** From this level edges carry the words of the data flows. */
export const LABELLED_FLOW_DETAIL = 8;
/** From this level storage, external services, observability and the users are drawn too. */
export const EXTENDED_DETAIL = 9;
/** At this level the nodes are grouped into tiers (clients, edge, services, messaging, data…). */
export const TIERED_DETAIL = 10;

const FLOW_NODE_LIMIT = 16;
const EXTENDED_NODE_LIMIT = 24;
const LABEL_LIMIT = 40;

/** Where each kind sits, left to right, and its tier's title at detail 10. */
const TIERS: readonly { readonly kinds: readonly (ComponentKind | 'users')[]; readonly id: string; readonly title: string }[] = [
  { kinds: ['users', 'client'], id: 'tier_clients', title: 'Clients' },
  { kinds: ['edge'], id: 'tier_edge', title: 'Edge' },
  { kinds: ['service', 'worker'], id: 'tier_services', title: 'Services' },
  { kinds: ['queue'], id: 'tier_messaging', title: 'Messaging' },
  { kinds: ['storage'], id: 'tier_data', title: 'Data' },
  { kinds: ['external'], id: 'tier_external', title: 'External services' },
  { kinds: ['observability'], id: 'tier_observability', title: 'Observability' },
];

interface Node {
  readonly id: string;
  readonly label: string;
  readonly kind: ComponentKind | 'users';
}

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly label: string | null;
  readonly dotted: boolean;
}

/**
 * The design as a Mermaid flowchart whose richness follows the detail level (1-10):
 *
 * - 1-6: the components only, no edges: the first `level + 2` the FINAL DESIGN lists;
 * - 7-8: a component graph: the block's components and those its data flows name, with an
 *   edge for each flow (labelled from 8), or a left-to-right chain by tier when the block
 *   states no flow;
 * - 9-10: extended nodes too: storage, external services and observability named anywhere in
 *   the design, and the users at the entry point; at 10 the nodes are grouped into tiers.
 *
 * The text is deterministic, every id is unique, and it keeps to the Mermaid subset both
 * GitHub and the SVG renderer read (labels are reduced to letters, digits and plain
 * punctuation). The node count never falls as the level rises.
 */
export function architectureDiagram(model: DesignModel, options: { readonly detail: number; readonly topic: string }): string {
  const detail = Math.min(MAXIMUM_DETAIL, Math.max(MINIMUM_DETAIL, Math.round(options.detail)));
  const nodes = visibleNodes(model, detail, options.topic);
  const visible = new Set(nodes.map((node) => node.id));
  const edges = detail >= FLOW_DETAIL ? edgesFor(model, nodes, visible, detail) : [];

  const lines = [`%% Architecture of: ${safeText(options.topic, 120) || 'the design'} (diagram detail ${detail} of ${MAXIMUM_DETAIL})`, 'flowchart LR'];
  if (detail >= TIERED_DETAIL) {
    for (const tier of TIERS) {
      const members = nodes.filter((node) => tier.kinds.includes(node.kind));
      if (members.length === 0) continue;
      let id = tier.id;
      for (let n = 2; visible.has(id); n++) id = `${tier.id}_${n}`;
      lines.push(`  subgraph ${id} [${tier.title}]`);
      for (const node of members) lines.push(`    ${nodeText(node)}`);
      lines.push('  end');
    }
  } else {
    for (const node of nodes) lines.push(`  ${nodeText(node)}`);
  }
  for (const edge of edges) {
    const arrow = edge.dotted ? '-.->' : '-->';
    const label = detail >= LABELLED_FLOW_DETAIL && edge.label !== null ? safeText(edge.label, LABEL_LIMIT) : '';
    lines.push(`  ${edge.from} ${arrow}${label === '' ? '' : `|${label}|`} ${edge.to}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The nodes a level shows: always a prefix of one ordered list, so a higher level never shows fewer. */
function visibleNodes(model: DesignModel, detail: number, topic: string): Node[] {
  const listed = model.components.filter((component) => component.source === 'components');
  const flowing = model.components.filter((component) => component.source !== 'components' && !EXTENDED_KINDS.has(component.kind) && component.source !== 'discussion');
  const named = new Set(model.flows.flatMap((flow) => [flow.from, flow.to]));
  const flowEnds = model.components.filter((component) => component.source !== 'components' && !flowing.includes(component) && named.has(component.id));
  const rest = model.components.filter((component) => !listed.includes(component) && !flowing.includes(component) && !flowEnds.includes(component));
  // Without a components section, the discussion's components stand in for it.
  const base = listed.length > 0 ? listed : rest.filter((component) => !EXTENDED_KINDS.has(component.kind) || rest.every((other) => EXTENDED_KINDS.has(other.kind)));
  const ordered = [...new Set([...base, ...flowing, ...flowEnds, ...rest])];
  let shown: DesignComponent[];
  if (detail < FLOW_DETAIL) shown = ordered.slice(0, Math.min(base.length === 0 ? ordered.length : base.length, detail + 2));
  else if (detail < EXTENDED_DETAIL) shown = ordered.slice(0, Math.min(FLOW_NODE_LIMIT, new Set([...base, ...flowing, ...flowEnds]).size));
  else shown = ordered.slice(0, EXTENDED_NODE_LIMIT);
  const nodes: Node[] = shown.map((component) => ({ id: component.id, label: safeText(component.label, LABEL_LIMIT) || 'Component', kind: component.kind }));
  if (nodes.length === 0) nodes.push({ id: 'system', label: safeText(topic, LABEL_LIMIT) || 'The system', kind: 'service' });
  if (detail >= EXTENDED_DETAIL) {
    const taken = new Set(nodes.map((node) => node.id));
    let id = 'users';
    for (let n = 2; taken.has(id); n++) id = `users_${n}`;
    nodes.unshift({ id, label: 'Users', kind: 'users' });
  }
  return nodes;
}

/** The data flows among the nodes shown, else a chain by tier; from detail 9, the extended nodes wired in. */
function edgesFor(model: DesignModel, nodes: readonly Node[], visible: ReadonlySet<string>, detail: number): Edge[] {
  const edges: Edge[] = model.flows.filter((flow) => visible.has(flow.from) && visible.has(flow.to)).map((flow) => ({ ...flow, dotted: false }));
  const components = nodes.filter((node) => node.kind !== 'users');
  if (edges.length === 0) edges.push(...tierChain(components));
  if (detail >= EXTENDED_DETAIL) {
    const connected = (id: string) => edges.some((edge) => edge.from === id || edge.to === id);
    const users = nodes.find((node) => node.kind === 'users');
    const entry = components.find((node) => node.kind === 'client') ?? components.find((node) => node.kind === 'edge') ?? components.find((node) => node.kind === 'service' || node.kind === 'worker') ?? components[0];
    if (users !== undefined && entry !== undefined) edges.unshift({ from: users.id, to: entry.id, label: 'use', dotted: false });
    const hub = components.find((node) => node.kind === 'service') ?? components.find((node) => node.kind === 'worker') ?? entry;
    for (const node of components) {
      if (hub === undefined || node.id === hub.id || connected(node.id)) continue;
      if (node.kind === 'storage') edges.push({ from: hub.id, to: node.id, label: 'reads and writes', dotted: false });
      else if (node.kind === 'external') edges.push({ from: hub.id, to: node.id, label: 'calls', dotted: false });
      else if (node.kind === 'observability') edges.push({ from: hub.id, to: node.id, label: 'telemetry', dotted: true });
    }
  }
  const seen = new Set<string>();
  return edges.filter((edge) => {
    const key = `${edge.from}>${edge.to}`;
    if (edge.from === edge.to || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Each tier's nodes fed by the first node of the tier before it, left to right. */
function tierChain(nodes: readonly Node[]): Edge[] {
  const tiers = TIERS.slice(0, 5)
    .map((tier) => nodes.filter((node) => tier.kinds.includes(node.kind)))
    .filter((members) => members.length > 0);
  const edges: Edge[] = [];
  for (let index = 1; index < tiers.length; index++) {
    const from = tiers[index - 1]![0]!;
    for (const to of tiers[index]!) edges.push({ from: from.id, to: to.id, label: null, dotted: false });
  }
  return edges;
}

/** A node with the shape of its kind: a cylinder for storage, a stadium for clients… */
function nodeText(node: Node): string {
  const label = node.label;
  switch (node.kind) {
    case 'users':
      return `${node.id}((${label}))`;
    case 'client':
      return `${node.id}([${label}])`;
    case 'edge':
      return `${node.id}{{${label}}}`;
    case 'worker':
      return `${node.id}[[${label}]]`;
    case 'queue':
      return `${node.id}>${label}]`;
    case 'storage':
      return `${node.id}[(${label})]`;
    case 'external':
      return `${node.id}[/${label}\\]`;
    case 'observability':
      return `${node.id}(${label})`;
    default:
      return `${node.id}[${label}]`;
  }
}

/**
 * Text Mermaid shows as written in a label: letters, digits, spaces and `.,'+-/`, at most
 * `limit` characters (cut at a word), with no leading or trailing punctuation that a shape
 * could take for its own delimiter.
 */
export function safeText(text: string, limit: number): string {
  let safe = text
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} .,'+/-]+/gu, ' ')
    .replace(/-{2,}/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/\s+/g, ' ')
    .trim();
  if (safe.length > limit) {
    const cut = safe.slice(0, limit + 1);
    const space = cut.lastIndexOf(' ');
    safe = (space > limit / 2 ? cut.slice(0, space) : cut.slice(0, limit)).trim();
  }
  return safe.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}
