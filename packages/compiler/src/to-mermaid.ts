import { describeCondition } from './condition-expression.js';
import type { ResolvedTemplate } from './resolved-template.js';

// Words Mermaid's state-diagram lexer reads as keywords where a state id would start.
const MERMAID_KEYWORDS = new Set(['state', 'note', 'class', 'classdef', 'scale', 'direction', 'end']);

/**
 * The template's machine as a Mermaid `stateDiagram-v2`: `[*] --> initial`; each phase
 * declared with its title; each transition `a --> b: <condition>` (in order); each
 * on_max_rounds `a --> b: max N rounds`; each final phase `b --> [*]: STATUS` and styled
 * with the `final` class.
 *
 * Mermaid's labels cannot hold `:` or `;`, so the `name: options` of a condition is written
 * `name = options` there (`consensus = READY`). A phase whose id Mermaid would read as a
 * keyword (`note`, `default_x`…) gets the id `q_<id>` in the diagram; its title still shows.
 */
export function toMermaid(template: ResolvedTemplate): string {
  const ids = diagramIds(template.phases.map((phase) => phase.id));
  const id = (phase: string) => ids.get(phase) ?? phase;
  const lines = ['stateDiagram-v2'];
  for (const phase of template.phases) lines.push(`  state "${text(phase.title)}" as ${id(phase.id)}`);
  lines.push(`  [*] --> ${id(template.initial)}`);
  for (const phase of template.phases) {
    for (const transition of phase.transitions) {
      lines.push(`  ${id(phase.id)} --> ${id(transition.to)}: ${label(describeCondition(transition.when))}`);
    }
    if (phase.onMaxRounds !== null) {
      lines.push(`  ${id(phase.id)} --> ${id(phase.onMaxRounds)}: max ${phase.maxRounds} rounds`);
    }
    if (phase.final !== null) lines.push(`  ${id(phase.id)} --> [*]: ${phase.final}`);
  }
  const finals = template.phases.filter((phase) => phase.final !== null).map((phase) => id(phase.id));
  if (finals.length > 0) {
    lines.push('  classDef final font-weight:bold,stroke-width:3px');
    lines.push(`  class ${finals.join(',')} final`);
  }
  return `${lines.join('\n')}\n`;
}

function diagramIds(phaseIds: readonly string[]): Map<string, string> {
  const taken = new Set(phaseIds);
  const ids = new Map<string, string>();
  for (const phase of phaseIds) {
    if (!MERMAID_KEYWORDS.has(phase) && !phase.startsWith('default')) continue;
    let candidate = `q_${phase}`;
    while (taken.has(candidate)) candidate = `q_${candidate}`;
    taken.add(candidate);
    ids.set(phase, candidate);
  }
  return ids;
}

/** A transition label Mermaid can parse: no `:`, `;` or line breaks. */
function label(value: string): string {
  return value.replace(/:\s*/g, ' = ').replace(/;/g, ',').replace(/\s+/g, ' ');
}

/** A state title Mermaid can parse: no double quotes or line breaks. */
function text(value: string): string {
  return value.replace(/"/g, "'").replace(/\s+/g, ' ').trim();
}
