import type { ConditionExpression, ResolvedPhase } from '@quorum/compiler';
import type { PhaseFacts } from '@quorum/core';
import type { VoteCount } from '@quorum/voting';
import type { StrategyChoice } from './phase-facts.js';

/** Whether a condition can only hold with a person's help: `human_approved`, or `manual` (quorum advance). */
export function needsHuman(expression: ConditionExpression): boolean {
  if ('name' in expression) return expression.name === 'human_approved' || expression.name === 'manual';
  if ('all' in expression) return expression.all.some(needsHuman);
  if ('any' in expression) return expression.any.every(needsHuman);
  return false;
}

/**
 * Why the phase cannot move on without a person, after a round in which no transition fired,
 * or undefined. More rounds of AI comments would not change that, so the run stops and says
 * what is awaited: every transition needs a person's approval (or `quorum advance`), or the
 * voting rule requires a person's READY and every AI voter has voted.
 */
export function requiresHuman(
  phase: ResolvedPhase,
  facts: PhaseFacts & { readonly voteCount: VoteCount | null },
  strategy: StrategyChoice,
  isPerson: (id: string) => boolean,
): string | undefined {
  if (phase.transitions.length > 0 && phase.transitions.every((t) => needsHuman(t.when))) {
    return `phase ${phase.id} moves on only when a person approves it (a READY vote) or runs quorum advance`;
  }
  if (phase.voting && strategy.options['human_required'] === true && !facts.humanApproved) {
    const aiStillToVote = (facts.voteCount?.missing ?? []).filter((id) => !isPerson(id));
    if (aiStillToVote.length === 0) return `phase ${phase.id} needs a READY vote from a person`;
  }
  return undefined;
}
