import type { DesignComponent } from './design-components.js';
import type { SeededRandom } from './seeded-random.js';

const LABELS_INTO_SERVICE = ['calls', 'forwards', 'sends jobs'] as const;
const LABELS_INTO_STORAGE = ['reads and writes', 'stores', 'queries'] as const;

/**
 * A small Mermaid flowchart (`flowchart LR`) of the components: the user, then the entry and
 * service components chained in request order, each storage component fed by the last
 * service. Edge labels are drawn from `random`; node labels are quoted and stripped of
 * characters Mermaid would read as syntax.
 */
export function mermaidFlowchart(components: readonly DesignComponent[], random: SeededRandom): string {
  const nodes: DesignComponent[] = [{ label: 'User', tier: 0 }, ...components];
  const lines = ['```mermaid', 'flowchart LR'];
  nodes.forEach((node, index) => lines.push(`  n${index}["${mermaidLabel(node.label)}"]`));
  let previous = 0;
  nodes.forEach((node, index) => {
    if (index === 0) return;
    const label = node.tier === 3 ? random.pick(LABELS_INTO_STORAGE) : node.tier === 2 ? random.pick(LABELS_INTO_SERVICE) : 'request';
    lines.push(`  n${previous} -->|${label}| n${index}`);
    if (node.tier < 3) previous = index;
  });
  lines.push('```');
  return lines.join('\n');
}

function mermaidLabel(label: string): string {
  return label.replace(/["'`[\](){}<>|#;]/g, ' ').replace(/\s+/g, ' ').trim() || 'Component';
}
