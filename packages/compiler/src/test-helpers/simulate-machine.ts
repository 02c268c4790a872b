import type { PhaseFacts, PhaseVotes } from '@quorum/core';
import { initialTransition, transition, type AnyEventObject } from 'xstate';
import type { CompiledTemplate } from '../compile-template.js';
import type { EnterPhaseParams } from '../quorum-machine-setup.js';

/**
 * Facts a test gives for a round, on top of "nothing happened": any of `PhaseFacts`, with
 * `votes` possibly just the verdict (`{ reached, outcome }`, as the fixtures write it); the
 * count is then filled in (see {@link roundFacts}).
 */
export type FactsPatch = Omit<Partial<PhaseFacts>, 'votes'> & {
  readonly votes?: (Pick<PhaseVotes, 'reached' | 'outcome'> & Partial<PhaseVotes>) | null;
};

/** One thing that happens to a discussion: a round ends with these facts, or someone advances it. */
export type SimulatedStep =
  | { readonly round: FactsPatch }
  | { readonly advance: string | null; readonly facts?: FactsPatch };

type Snapshot = ReturnType<typeof initialTransition<CompiledTemplate['machine']>>[0];

/** Where a simulated discussion is. */
export interface Simulation {
  readonly snapshot: Snapshot;
  /** The phases entered, in order, the initial one first. */
  readonly phases: string[];
  /** Rounds the machine took (steps ignored once it was done are not counted). */
  readonly rounds: number;
}

/** The phase the snapshot is in. */
export function currentPhase(snapshot: Snapshot): string {
  const value = snapshot.value as unknown;
  return typeof value === 'string' ? value : (Object.keys(value as object)[0] ?? '');
}

/**
 * Facts for a round in the current phase: nothing happened (no answers, no votes, no
 * markers), the phase's participants, the round number from the machine, then `given`. A
 * verdict given without its count gets one that agrees with it: every participant voted the
 * outcome, or nobody voted when none was reached.
 */
export function roundFacts(compiled: CompiledTemplate, snapshot: Snapshot, given: FactsPatch, explicit = false): PhaseFacts {
  const id = currentPhase(snapshot);
  const phase = compiled.template.phases.find((candidate) => candidate.id === id);
  const voters = phase?.participants.length ?? 0;
  const counted = (votes: NonNullable<FactsPatch['votes']>): PhaseVotes => {
    const counts = { READY: 0, CHANGES: 0, REJECT: 0 };
    if (votes.outcome !== null) counts[votes.outcome] = voters;
    return { counts, voters, ...votes };
  };
  const { votes, ...rest } = given;
  return {
    phase: id,
    rounds: explicit ? snapshot.context.roundsSinceEntry : snapshot.context.roundsSinceEntry + 1,
    participants: phase?.participants ?? [],
    responded: [],
    pendingMentions: [],
    votes: phase?.voting === true ? counted({ reached: false, outcome: null }) : null,
    openQuestions: 0,
    humanApproved: false,
    markerCounts: {},
    explicitAdvance: explicit,
    totalRounds: 0,
    designFacets: [],
    ...rest,
    ...(votes === undefined ? {} : { votes: votes === null ? null : counted(votes) }),
  };
}

/** The event a step sends: the `turn` actor's completion, or ADVANCE. */
export function stepEvent(compiled: CompiledTemplate, snapshot: Snapshot, step: SimulatedStep): AnyEventObject {
  if ('round' in step) return { type: 'ROUND_DONE', facts: roundFacts(compiled, snapshot, step.round) };
  if (step.advance !== null) return { type: 'ADVANCE', to: step.advance };
  return { type: 'ADVANCE', facts: roundFacts(compiled, snapshot, step.facts ?? {}, true) };
}

/** The phases the actions of one transition enter, in order. */
export function enteredPhases(actions: readonly { type: string; params?: unknown }[]): string[] {
  return actions.filter((action) => action.type === 'enterPhase').map((action) => (action.params as EnterPhaseParams).phase);
}

/**
 * Runs a compiled template through XState's pure `transition()` (no actor runs: a round is
 * the `ROUND_DONE` event the engine's `turn` actor would send), recording the
 * phases entered. Steps after the machine is done are ignored.
 */
export function simulate(compiled: CompiledTemplate, steps: Iterable<SimulatedStep>): Simulation {
  let [snapshot, actions] = initialTransition(compiled.machine);
  const phases = enteredPhases(actions);
  let rounds = 0;
  for (const step of steps) {
    if (snapshot.status === 'done') break;
    if ('round' in step) rounds++;
    [snapshot, actions] = transition(compiled.machine, snapshot, stepEvent(compiled, snapshot, step) as never);
    phases.push(...enteredPhases(actions));
  }
  return { snapshot, phases, rounds };
}
