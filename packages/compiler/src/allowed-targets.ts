import type { ResolvedTemplate } from './resolved-template.js';

/**
 * Where a phase may go: the distinct targets of its transitions in order, then its
 * on_max_rounds target. Empty for a final phase and for an id that is not a phase. What
 * `quorum advance --to` accepts, and what the machine's `advanceTo` guard allows.
 */
export function allowedTargets(template: ResolvedTemplate, phaseId: string): string[] {
  const phase = template.phases.find((candidate) => candidate.id === phaseId);
  if (phase === undefined || phase.final !== null) return [];
  const targets = phase.transitions.map((transition) => transition.to);
  if (phase.onMaxRounds !== null) targets.push(phase.onMaxRounds);
  return [...new Set(targets)];
}
