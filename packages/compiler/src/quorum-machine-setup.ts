import type { PhaseFacts } from '@quorum/core';
import { assign, fromCallback, sendTo, setup, type AnyEventObject } from 'xstate';
import type { ConditionExpression } from './condition-expression.js';

/** What the `turn` actor is given: the phase and which round this is. */
export interface TurnInput {
  readonly phase: string;
  /** 1-based round number since the discussion entered the phase (what `facts.rounds` will be). */
  readonly round: number;
  /** 1-based round number over the whole discussion in this phase (at most `maxRounds`). */
  readonly totalRound: number;
  readonly maxRounds: number;
}

/** Parameters of the `enterPhase` action: what the engine writes when a phase is entered. */
export interface EnterPhaseParams {
  readonly phase: string;
  readonly title: string;
  /** Write a VOTE-RESET for the phase. */
  readonly voteReset: boolean;
  /** The status a final phase sets, or null. */
  readonly final: string | null;
}

/** The machine's context: round counters. */
export interface QuorumMachineContext {
  /** Rounds done since the discussion last entered the current phase. */
  readonly roundsSinceEntry: number;
  /** Rounds done in each phase over the whole discussion: what the budgets (`max_rounds`) are spent from. */
  readonly totalRounds: Readonly<Record<string, number>>;
}

/**
 * Events the machine takes:
 * - `ROUND_DONE` from the `turn` actor: a round ended with these {@link PhaseFacts}.
 * - `ROUND_FAILED` from the `turn` actor: the round could not be played.
 * - `ADVANCE` with `to`: go there if it is one of the phase's allowed targets;
 *   without `to`: take the first transition whose condition holds with `facts` (with
 *   `explicitAdvance` set, so `manual` holds). Anything else is ignored.
 * - `RETRY`: after the `turn` actor failed, run the round again.
 */
export type QuorumMachineEvent =
  | { readonly type: 'ROUND_DONE'; readonly facts: PhaseFacts }
  | { readonly type: 'ROUND_FAILED'; readonly error: unknown }
  | { readonly type: 'ADVANCE'; readonly to?: string; readonly facts?: PhaseFacts }
  | { readonly type: 'RETRY' };

/**
 * What the machine sends its `turn` actor when the phase goes on to another round. The actor
 * lives as long as the machine stays in the phase's `round` state: it plays the round its
 * input names when it starts, then one round per `NEXT_ROUND`, and answers each with
 * `ROUND_DONE` or `ROUND_FAILED` (a new actor for every round would cost XState far more than
 * the round's own bookkeeping).
 */
export interface NextRoundEvent {
  readonly type: 'NEXT_ROUND';
  readonly input: TurnInput;
}

/**
 * A `turn` actor that plays each round the machine asks for with `play` (the one the input
 * names, then one per `NEXT_ROUND`) and reports how it ended: what `machine.provide` takes
 * for `turn` (the engine's, a test's).
 */
export function turnActor(play: (input: TurnInput) => Promise<PhaseFacts>) {
  return fromCallback<NextRoundEvent, TurnInput>(({ input, sendBack, receive }) => {
    const round = (next: TurnInput) => {
      play(next).then(
        (facts) => sendBack({ type: 'ROUND_DONE', facts }),
        (error: unknown) => sendBack({ type: 'ROUND_FAILED', error }),
      );
    };
    receive((event) => round(event.input));
    round(input);
  });
}

/** The round the machine asks for next in `phase`, from its round counters. */
export function nextTurnInput(context: QuorumMachineContext, phase: { readonly phase: string; readonly maxRounds: number }): TurnInput {
  return {
    phase: phase.phase,
    round: context.roundsSinceEntry + 1,
    totalRound: (context.totalRounds[phase.phase] ?? 0) + 1,
    maxRounds: phase.maxRounds,
  };
}

/** The output of a finished machine: the final phase and the status it sets. */
export interface QuorumMachineOutput {
  readonly phase: string;
  readonly status: string;
}

/**
 * The facts a guard evaluates conditions with: the `turn` actor's output for a round, or
 * an `ADVANCE` event's facts (marked explicit); none for an `ADVANCE` with a target.
 */
export function factsOfEvent(event: AnyEventObject): PhaseFacts | undefined {
  if (event.type === 'ADVANCE') {
    const { to, facts } = event as Extract<QuorumMachineEvent, { type: 'ADVANCE' }>;
    return to !== undefined || facts === undefined ? undefined : { ...facts, explicitAdvance: true };
  }
  if (event.type === 'ROUND_DONE') {
    const facts: unknown = (event as { facts?: unknown }).facts;
    return typeof facts === 'object' && facts !== null ? (facts as PhaseFacts) : undefined;
  }
  return undefined;
}

/**
 * The named implementations every compiled template shares. `turn` and `enterPhase` are
 * placeholders the engine replaces with `machine.provide(...)`: the placeholder `turn`
 * fails (so a machine run without an engine stops in `failed`), the placeholder
 * `enterPhase` does nothing. `condition` is supplied by `compileTemplate`; the rest are
 * the machine's own bookkeeping.
 */
export const quorumMachineSetup = setup({
  types: {
    context: {} as QuorumMachineContext,
    events: {} as QuorumMachineEvent,
    output: {} as QuorumMachineOutput,
  },
  actors: {
    turn: turnActor((input) =>
      Promise.reject(new Error(`no turn actor was provided to run round ${input.round} of phase "${input.phase}"; provide one with machine.provide()`)),
    ),
  },
  actions: {
    enterPhase: (_, _params: EnterPhaseParams) => {},
    startPhaseRounds: assign({ roundsSinceEntry: 0 }),
    countRound: assign(({ context }, params: { phase: string }) => ({
      roundsSinceEntry: context.roundsSinceEntry + 1,
      totalRounds: { ...context.totalRounds, [params.phase]: (context.totalRounds[params.phase] ?? 0) + 1 },
    })),
    nextRound: sendTo('turn', ({ context }, params: { phase: string; maxRounds: number }): NextRoundEvent => ({ type: 'NEXT_ROUND', input: nextTurnInput(context, params) })),
  },
  guards: {
    condition: (_, _params: { expression: ConditionExpression }) => false,
    advanceTo: ({ event }, params: { to: string }) => event.type === 'ADVANCE' && event.to === params.to,
    budgetSpent: ({ context }, params: { phase: string; maxRounds: number }) =>
      (context.totalRounds[params.phase] ?? 0) >= params.maxRounds,
    lastRound: ({ context }, params: { phase: string; maxRounds: number }) =>
      (context.totalRounds[params.phase] ?? 0) + 1 >= params.maxRounds,
  },
});
