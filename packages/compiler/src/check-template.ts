import { formatPath, optionsValidator, type PathSegment } from '@quorum/config';
import { didYouMean } from '@quorum/core';
import type { ConditionExpression } from './condition-expression.js';
import type { Diagnostic } from './diagnostic.js';
import type { PhaseDraft, TemplateDraft } from './merge-template.js';
import { maxRoundsCycles, phasesReachingFinal, reachableFrom, type PhaseNode } from './phase-graph.js';
import { readCondition } from './read-condition.js';
import type { ResolvedPhase, ResolvedTemplate, TemplateContext } from './resolved-template.js';
import { DEFAULT_MAX_ROUNDS } from './template-schema.js';
import { isRecord, locationOf, type Located, type Origin } from './template-file.js';

/** The voting strategy of a template that names none. */
export const DEFAULT_TEMPLATE_STRATEGY = 'threshold';

/**
 * Fills the defaults of a merged template and runs the static checks: references (phases,
 * conditions, strategy, participants), condition options and the conditions' own checks,
 * final phases, round budgets, and the phase graph (reachability, a way to a final phase
 * from everywhere, no cycle of on_max_rounds alone). Returns the template when there is
 * no error, and every diagnostic, warnings included.
 */
export function checkTemplate(
  draft: TemplateDraft,
  context: Pick<TemplateContext, 'conditions' | 'strategies' | 'participants'>,
): { template?: ResolvedTemplate; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const report = (diagnostic: Diagnostic) => diagnostics.push(diagnostic);
  const error = (code: string, message: string, origin: Origin, more: readonly PathSegment[] = [], target?: 'key' | 'value') =>
    report({ severity: 'error', code, message, ...locationOf(origin, more, target) });
  const field = <T>(key: string) => draft.fields.get(key) as Located<T> | undefined;
  const phaseIds = [...draft.phases.keys()];

  const checkTarget = (target: Located<string>) => {
    if (draft.phases.has(target.value)) return true;
    const hint = didYouMean(target.value, phaseIds);
    const suffix = hint !== '' ? hint : phaseIds.length === 0 ? '' : ` (phases: ${phaseIds.join(', ')})`;
    error('unknown-phase', `${formatPath(target.origin.path)} names an unknown phase "${target.value}"${suffix}`, target.origin);
    return false;
  };
  const checkParticipants = (list: Located<readonly string[]> | undefined) => {
    if (list === undefined || context.participants === undefined) return;
    const known = context.participants;
    list.value.forEach((alias, index) => {
      if (known.has(alias)) return;
      const hint = didYouMean(alias, known);
      error(
        'unknown-participant',
        `${formatPath([...list.origin.path, index])} names an unknown participant "${alias}"${hint || ` (known: ${[...known].join(', ')})`}`,
        list.origin,
        [index],
      );
    });
  };

  const participants = field<readonly string[]>('participants');
  checkParticipants(participants);
  const voting = checkVoting(field<Record<string, unknown>>('voting'), context, report);

  const initial = field<string>('initial');
  if (initial === undefined) {
    error('missing-initial', 'initial is required: name the phase discussions start in', { file: draft.file, path: [] }, ['id'], 'key');
  } else {
    checkTarget(initial);
  }
  if (draft.phases.size === 0) {
    error('no-phases', 'the template has no phases', draft.phasesOrigin, [], 'key');
  }

  const phases: ResolvedPhase[] = [];
  const nodes = new Map<string, PhaseNode>();
  for (const phase of draft.phases.values()) {
    const resolved = resolvePhase(phase, participants?.value ?? [], voting, context, report, checkTarget, checkParticipants);
    phases.push(resolved.phase);
    nodes.set(phase.id, resolved.node);
  }

  const finals = phases.filter((phase) => phase.final !== null);
  if (finals.length === 0 && phases.length > 0) {
    error(
      'no-final-phase',
      'the template has no final phase (a phase with final: STATUS), so no discussion could end',
      draft.phasesOrigin,
      [],
      'key',
    );
  }
  for (const cycle of maxRoundsCycles(nodes)) {
    const [first] = cycle as [string];
    const phase = draft.phases.get(first) as PhaseDraft;
    error(
      'max-rounds-cycle',
      `phases ${[...cycle, first].join(' -> ')} lead to each other by on_max_rounds alone, so once their rounds are spent the discussion would go round them forever`,
      phase.fields.get('on_max_rounds')?.origin ?? phase.origin,
    );
  }
  if (finals.length > 0) {
    const reaching = phasesReachingFinal(nodes);
    for (const phase of draft.phases.values()) {
      if (!reaching.has(phase.id)) {
        error('final-unreachable', `no final phase can be reached from phase "${phase.id}"`, phase.origin, [], 'key');
      }
    }
  }
  if (initial !== undefined && draft.phases.has(initial.value)) {
    const reachable = reachableFrom(initial.value, nodes);
    for (const phase of draft.phases.values()) {
      if (reachable.has(phase.id)) continue;
      report({
        severity: 'warning',
        code: 'unreachable-phase',
        message: `phase "${phase.id}" cannot be reached from the initial phase "${initial.value}"`,
        ...locationOf(phase.origin, [], 'key'),
      });
    }
    if (nodes.get(initial.value)?.final === true) {
      report({
        severity: 'warning',
        code: 'initial-final',
        message: `the initial phase "${initial.value}" is final, so every discussion ends as soon as it starts`,
        ...locationOf(initial.origin),
      });
    }
  }

  if (diagnostics.some((diagnostic) => diagnostic.severity === 'error') || initial === undefined) return { diagnostics };
  const text = (key: string) => String(field<string>(key)?.value ?? '');
  return {
    template: {
      id: text('id'),
      title: text('title'),
      description: text('description'),
      file: draft.file.path,
      participants: [...(participants?.value ?? [])],
      voting,
      provider: field<string>('provider')?.value ?? null,
      budget: budgetOf(field<{ max_cost?: number; max_tokens?: number }>('budget')?.value),
      initial: initial.value,
      phases,
    },
    diagnostics,
  };
}

function budgetOf(budget: { max_cost?: number; max_tokens?: number } | undefined): ResolvedTemplate['budget'] {
  return { maxCost: budget?.max_cost ?? null, maxTokens: budget?.max_tokens ?? null };
}

function resolvePhase(
  draft: PhaseDraft,
  templateParticipants: readonly string[],
  templateVoting: ResolvedTemplate['voting'],
  context: Pick<TemplateContext, 'conditions' | 'strategies'>,
  report: (diagnostic: Diagnostic) => void,
  checkTarget: (target: Located<string>) => boolean,
  checkParticipants: (list: Located<readonly string[]> | undefined) => void,
): { phase: ResolvedPhase; node: PhaseNode } {
  const field = <T>(key: string) => draft.fields.get(key) as Located<T> | undefined;
  const value = <T>(key: string, fallback: T): T => {
    const located = field<T | null>(key);
    return located === undefined || located.value === null ? fallback : located.value;
  };
  const error = (code: string, message: string, origin: Origin, more: readonly PathSegment[] = [], target?: 'key' | 'value') =>
    report({ severity: 'error', code, message, ...locationOf(origin, more, target) });

  const title = field<string>('title');
  if (title === undefined) error('missing-title', `phases.${draft.id}.title is required`, draft.origin, [], 'key');
  const ownParticipants = field<readonly string[]>('participants');
  checkParticipants(ownParticipants);
  const participants = ownParticipants?.value ?? templateParticipants;
  const votingField = field<boolean | Record<string, unknown> | null>('voting');
  const voting = votingField?.value === true || isRecord(votingField?.value);
  const votingRule = isRecord(votingField?.value)
    ? phaseVotingRule(votingField as Located<Record<string, unknown>>, templateVoting, context, report)
    : null;
  const maxRounds = value('max_rounds', DEFAULT_MAX_ROUNDS);
  const final = value<string | null>('final', null);
  const outline = { id: draft.id, voting, participants };

  const targets: string[] = [];
  const transitions: { to: string; when: ConditionExpression }[] = [];
  const written = field<readonly { to: string; when: unknown }[]>('transitions');
  if (written !== undefined && final !== null && written.value.length > 0) {
    error(
      'final-phase-moves',
      `phases.${draft.id}.transitions must be empty: phase "${draft.id}" is final (final: ${final}) and ends the discussion`,
      written.origin,
      [],
      'key',
    );
  }
  written?.value.forEach((transition, index) => {
    const origin: Origin = { file: written.origin.file, path: [...written.origin.path, index] };
    const to: Located<string> = { value: transition.to, origin: { ...origin, path: [...origin.path, 'to'] } };
    if (checkTarget(to)) targets.push(to.value);
    const when = readCondition(transition.when, origin, ['when'], {
      conditions: context.conditions,
      phase: outline,
      maxRounds,
      report,
    });
    if (when !== undefined) transitions.push({ to: to.value, when });
  });

  const onMaxRounds = field<string | null>('on_max_rounds');
  let onMaxRoundsTarget: string | undefined;
  if (final !== null) {
    if (onMaxRounds !== undefined && onMaxRounds.value !== null) {
      error(
        'final-phase-moves',
        `phases.${draft.id}.on_max_rounds is not allowed: phase "${draft.id}" is final (final: ${final}) and ends the discussion`,
        onMaxRounds.origin,
        [],
        'key',
      );
    }
  } else if (onMaxRounds === undefined || onMaxRounds.value === null) {
    error(
      'missing-on-max-rounds',
      `phase "${draft.id}" needs on_max_rounds: the phase to go to when its ${maxRounds} rounds are spent without a transition firing`,
      draft.origin,
      [],
      'key',
    );
  } else if (checkTarget(onMaxRounds as Located<string>)) {
    onMaxRoundsTarget = onMaxRounds.value;
    targets.push(onMaxRounds.value);
  }

  return {
    phase: {
      id: draft.id,
      title: title?.value ?? draft.id,
      goal: value('goal', ''),
      instructions: value('instructions', ''),
      participants: [...participants],
      voting,
      votingRule,
      voteReset: value('vote_reset', voting),
      maxRounds,
      callout: value<string | null>('callout', null),
      transitions,
      onMaxRounds: final === null ? (onMaxRounds?.value ?? null) : null,
      final,
    },
    node: { id: draft.id, targets: final === null ? targets : [], onMaxRounds: onMaxRoundsTarget, final: final !== null },
  };
}

/**
 * A phase's own voting block: its strategy (default: the template's) and its options, over
 * the template's options when the strategy is the same, checked like the template's block.
 */
function phaseVotingRule(
  block: Located<Record<string, unknown>>,
  templateVoting: ResolvedTemplate['voting'],
  context: Pick<TemplateContext, 'strategies'>,
  report: (diagnostic: Diagnostic) => void,
): ResolvedTemplate['voting'] {
  const strategy = typeof block.value['strategy'] === 'string' ? block.value['strategy'] : templateVoting.strategy;
  const own = isRecord(block.value['options']) ? block.value['options'] : {};
  const options = strategy === templateVoting.strategy ? { ...templateVoting.options, ...own } : own;
  return checkVoting({ value: { ...block.value, strategy, options }, origin: block.origin }, context, report);
}

function checkVoting(
  voting: Located<Record<string, unknown>> | undefined,
  context: Pick<TemplateContext, 'strategies'>,
  report: (diagnostic: Diagnostic) => void,
): ResolvedTemplate['voting'] {
  const strategy = typeof voting?.value['strategy'] === 'string' ? voting.value['strategy'] : DEFAULT_TEMPLATE_STRATEGY;
  const options = isRecord(voting?.value['options']) ? voting.value['options'] : {};
  if (voting === undefined) return { strategy, options };
  const namedAt = Object.hasOwn(voting.value, 'strategy') ? ['strategy'] : [];
  const found = context.strategies.get(strategy);
  if (found === undefined) {
    const known = [...context.strategies.keys()];
    const hint = didYouMean(strategy, known);
    const suffix = hint !== '' ? hint : known.length === 0 ? ' (no plugin provides one)' : ` (known: ${known.join(', ')})`;
    report({
      severity: 'error',
      code: 'unknown-strategy',
      message: `${formatPath([...voting.origin.path, 'strategy'])} names an unknown voting strategy "${strategy}"${suffix}`,
      ...locationOf(voting.origin, namedAt, namedAt.length === 0 ? 'key' : 'value'),
    });
    return { strategy, options };
  }
  const result = optionsValidator(found.optionsSchema)(options, {
    file: voting.origin.file.display,
    locate: voting.origin.file.source.locate,
    path: [...voting.origin.path, 'options'],
  });
  if (!result.ok) {
    for (const problem of result.problems) {
      report({
        severity: 'error',
        code: 'strategy-options',
        message: problem.detail,
        file: problem.file,
        line: problem.line,
        column: problem.column,
      });
    }
  }
  return { strategy, options };
}
