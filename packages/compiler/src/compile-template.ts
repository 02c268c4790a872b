import type { ConditionV1 } from '@quorum/core';
import type { StateMachine, StateSchema } from 'xstate';
import { allowedTargets } from './allowed-targets.js';
import { conditionNames, type ConditionExpression } from './condition-expression.js';
import { TemplateError, type Diagnostic } from './diagnostic.js';
import { evaluateCondition } from './evaluate-condition.js';
import { factsOfEvent, nextTurnInput, quorumMachineSetup } from './quorum-machine-setup.js';
import type { ResolvedPhase, ResolvedTemplate } from './resolved-template.js';

/** The config of one phase state, as the shared setup types it. */
type PhaseStateConfig = Parameters<typeof quorumMachineSetup.createStateConfig>[0];

/** A compiled template: the template and its XState machine. */
export interface CompiledTemplate {
  readonly template: ResolvedTemplate;
  readonly machine: QuorumMachine;
}

/**
 * The state value of a compiled machine: `{ <phase>: 'start' | 'round' | 'failed' }` while a
 * phase is under way, the phase id alone once a final phase is reached.
 */
export type QuorumStateValue = string | { [phase: string]: 'start' | 'round' | 'failed' };

/**
 * The XState machine of a compiled template (`id: 'quorum'`, one state per phase): the type
 * XState infers from the shared setup, with the state value spelt out (phases are only
 * known at run time).
 */
export type QuorumMachine =
  ReturnType<typeof createQuorumMachine> extends StateMachine<
    infer TContext,
    infer TEvent,
    infer TChildren,
    infer TActor,
    infer TAction,
    infer TGuard,
    infer TDelay,
    any, // eslint-disable-line @typescript-eslint/no-explicit-any
    infer TTag,
    infer TInput,
    infer TOutput,
    infer TEmitted,
    infer TStateMeta,
    any, // eslint-disable-line @typescript-eslint/no-explicit-any
    infer TTransitionMeta
  >
    ? StateMachine<
        TContext,
        TEvent,
        TChildren,
        TActor,
        TAction,
        TGuard,
        TDelay,
        QuorumStateValue,
        TTag,
        TInput,
        TOutput,
        TEmitted,
        TStateMeta,
        StateSchema,
        TTransitionMeta
      >
    : never;

/**
 * Compiles a checked template (from `loadTemplate`) into an XState v5 machine. Pure and
 * fast. Guards, actions and actors are named; `condition` is implemented here (with
 * `evaluateCondition` over `options.conditions`), `advanceTo`, `budgetSpent`, `lastRound`,
 * `startPhaseRounds` and `countRound` by the shared setup, and `turn` and `enterPhase` are
 * placeholders the engine supplies with `machine.provide(...)`. Throws a
 * {@link TemplateError} when the template names a condition `options.conditions` lacks.
 */
export function compileTemplate(
  template: ResolvedTemplate,
  options: { readonly conditions: ReadonlyMap<string, ConditionV1> },
): CompiledTemplate {
  const { conditions } = options;
  const missing: Diagnostic[] = [];
  for (const phase of template.phases) {
    for (const transition of phase.transitions) {
      for (const name of conditionNames(transition.when)) {
        if (!conditions.has(name)) {
          missing.push({
            severity: 'error',
            code: 'unknown-condition',
            message: `phase "${phase.id}" uses the condition "${name}", which is not among the conditions given to compileTemplate`,
          });
        }
      }
    }
  }
  if (missing.length > 0) throw new TemplateError(missing);
  return { template, machine: createQuorumMachine(template, conditions) as unknown as QuorumMachine };
}

function createQuorumMachine(template: ResolvedTemplate, conditions: ReadonlyMap<string, ConditionV1>) {
  const states: Record<string, PhaseStateConfig> = {};
  for (const phase of template.phases) states[phase.id] = phaseState(template, phase);
  // The `condition` guard closes over the conditions; `extend` replaces the placeholder
  // before the machine is built (building it twice, as `provide` would, doubles the cost).
  const withConditions = quorumMachineSetup.extend({
    guards: {
      condition: ({ event }, params: { expression: ConditionExpression }) => {
        const facts = factsOfEvent(event);
        return facts !== undefined && evaluateCondition(params.expression, facts, conditions);
      },
    },
  });
  return withConditions.createMachine({
    id: 'quorum',
    context: { roundsSinceEntry: 0, totalRounds: {} },
    initial: template.initial,
    states,
    output: ({ event }) => (event as unknown as { output: { phase: string; status: string } }).output,
  });
}

const target = (phase: string) => `#quorum.${phase}`;

function phaseState(template: ResolvedTemplate, phase: ResolvedPhase): PhaseStateConfig {
  const enterPhase = {
    type: 'enterPhase' as const,
    params: { phase: phase.id, title: phase.title, voteReset: phase.voteReset, final: phase.final },
  };
  if (phase.final !== null) {
    return { type: 'final', entry: [enterPhase], output: { phase: phase.id, status: phase.final } };
  }
  const budget = { phase: phase.id, maxRounds: phase.maxRounds };
  const onMaxRounds = phase.onMaxRounds ?? phase.id;
  const countRound = { type: 'countRound' as const, params: { phase: phase.id } };
  return {
    entry: [enterPhase, { type: 'startPhaseRounds' }],
    initial: 'start',
    states: {
      // Entered with the budget already spent (an earlier visit used it): move on at once.
      start: {
        always: [
          { guard: { type: 'budgetSpent', params: budget }, target: target(onMaxRounds), reenter: true },
          { target: 'round' },
        ],
      },
      // The `turn` actor plays this round and, while the phase goes on, the next ones (NEXT_ROUND).
      round: {
        invoke: { id: 'turn', src: 'turn', input: ({ context }) => nextTurnInput(context, budget) },
        on: {
          ROUND_DONE: [
            ...phase.transitions.map((transition) => ({
              guard: { type: 'condition' as const, params: { expression: transition.when } },
              target: target(transition.to),
              reenter: true,
              actions: [countRound],
            })),
            { guard: { type: 'lastRound', params: budget }, target: target(onMaxRounds), reenter: true, actions: [countRound] },
            { actions: [countRound, { type: 'nextRound' as const, params: budget }] },
          ],
          ROUND_FAILED: { target: 'failed' },
        },
      },
      // The turn actor failed; the engine decides: RETRY runs the round again, ADVANCE moves on.
      failed: { on: { RETRY: { target: 'round' } } },
    },
    on: {
      ADVANCE: [
        ...allowedTargets(template, phase.id).map((to) => ({
          guard: { type: 'advanceTo' as const, params: { to } },
          target: target(to),
          reenter: true,
        })),
        ...phase.transitions.map((transition) => ({
          guard: { type: 'condition' as const, params: { expression: transition.when } },
          target: target(transition.to),
          reenter: true,
        })),
      ],
    },
  };
}
