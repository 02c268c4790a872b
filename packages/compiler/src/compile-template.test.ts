import { createActor, initialTransition, transition, waitFor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { allowedTargets } from './allowed-targets.js';
import { compileTemplate } from './compile-template.js';
import { TemplateError } from './diagnostic.js';
import { turnActor, type EnterPhaseParams, type NextRoundEvent, type TurnInput } from './quorum-machine-setup.js';
import type { ResolvedPhase, ResolvedTemplate } from './resolved-template.js';
import { builtinConditionMap, factsWith, votesFact } from './test-helpers/template-project.js';
import { currentPhase, simulate, type SimulatedStep } from './test-helpers/simulate-machine.js';
import { toMermaid } from './to-mermaid.js';

function phase(id: string, fields: Partial<ResolvedPhase> = {}): ResolvedPhase {
  return {
    id,
    title: id[0]?.toUpperCase() + id.slice(1),
    goal: '',
    instructions: '',
    participants: ['architect', 'security'],
    voting: false,
    votingRule: null,
    voteReset: false,
    maxRounds: 3,
    callout: null,
    transitions: [],
    onMaxRounds: null,
    final: null,
    ...fields,
  };
}

const FEATURE: ResolvedTemplate = {
  id: 'feature',
  title: 'Feature',
  description: '',
  file: '/templates/feature.yaml',
  participants: ['architect', 'security'],
  voting: { strategy: 'threshold', options: {} },
  provider: null,
  budget: { maxCost: null, maxTokens: null },
  initial: 'draft',
  phases: [
    phase('draft', { maxRounds: 2, transitions: [{ to: 'review', when: { name: 'all_responded' } }], onMaxRounds: 'review' }),
    phase('review', {
      voting: true,
      voteReset: true,
      maxRounds: 2,
      transitions: [
        { to: 'accepted', when: { name: 'consensus', options: 'READY' } },
        { to: 'draft', when: { name: 'consensus', options: 'CHANGES' } },
        { to: 'accepted', when: { name: 'manual' } },
      ],
      onMaxRounds: 'closed',
    }),
    phase('accepted', { final: 'ACCEPTED' }),
    phase('closed', { final: 'CLOSED' }),
  ],
};

const compiled = compileTemplate(FEATURE, { conditions: builtinConditionMap });
const everyone = { responded: ['architect', 'security'] };
const votes = (outcome: 'READY' | 'CHANGES' | 'REJECT') => ({ votes: { reached: true, outcome } });
const run = (...steps: SimulatedStep[]) => simulate(compiled, steps);

describe('compileTemplate', () => {
  it('makes one state per phase, final phases final', () => {
    expect(compiled.template).toBe(FEATURE);
    expect(compiled.machine.id).toBe('quorum');
    expect(Object.keys(compiled.machine.root.states)).toEqual(['draft', 'review', 'accepted', 'closed']);
    expect(compiled.machine.root.states['accepted']?.type).toBe('final');
    expect(Object.keys(compiled.machine.root.states['draft']?.states ?? {})).toEqual(['start', 'round', 'failed']);
  });

  it('enters the initial phase and starts a round of the turn actor', () => {
    const [snapshot, actions] = initialTransition(compiled.machine);
    expect(snapshot.value).toEqual({ draft: 'round' });
    expect(snapshot.context).toEqual({ roundsSinceEntry: 0, totalRounds: {} });
    expect(actions.map((action) => action.type)).toEqual(['enterPhase', 'xstate.spawnChild']);
    expect(actions[0]?.params).toEqual({ phase: 'draft', title: 'Draft', voteReset: false, final: null });
    expect((actions[1]?.params as { src: string; input: TurnInput }).src).toBe('turn');
    expect((actions[1]?.params as { input: TurnInput }).input).toEqual({ phase: 'draft', round: 1, totalRound: 1, maxRounds: 2 });
  });

  it('takes the first transition whose condition holds after a round', () => {
    const { phases, snapshot } = run({ round: everyone }, { round: votes('READY') });
    expect(phases).toEqual(['draft', 'review', 'accepted']);
    expect(snapshot.status).toBe('done');
    expect(snapshot.output).toEqual({ phase: 'accepted', status: 'ACCEPTED' });
    expect(snapshot.context.totalRounds).toEqual({ draft: 1, review: 1 });
  });

  it('runs another round of the same phase without entering it again', () => {
    let [snapshot, actions] = initialTransition(compiled.machine);
    const turn = snapshot.children['turn'];
    [snapshot, actions] = transition(compiled.machine, snapshot, {
      type: 'ROUND_DONE',
      facts: factsWith({ participants: ['architect', 'security'], responded: ['architect'] }),
    });
    expect(snapshot.value).toEqual({ draft: 'round' });
    expect(snapshot.context).toEqual({ roundsSinceEntry: 1, totalRounds: { draft: 1 } });
    // The same turn actor is asked for the next round: no actor is stopped or started.
    expect(snapshot.children['turn']).toBe(turn);
    expect(actions.map((action) => action.type)).toEqual(['xstate.sendTo']);
    expect((actions[0]?.params as { event: NextRoundEvent }).event).toEqual({ type: 'NEXT_ROUND', input: { phase: 'draft', round: 2, totalRound: 2, maxRounds: 2 } });
  });

  it('takes on_max_rounds when the budget is spent without a transition', () => {
    expect(run({ round: {} }, { round: {} }).phases).toEqual(['draft', 'review']);
    expect(run({ round: {} }, { round: {} }, { round: {} }, { round: {} }).phases).toEqual(['draft', 'review', 'closed']);
  });

  it('spends a budget over the whole discussion: re-entering does not refill it', () => {
    // draft (1 round) -> review -> CHANGES -> draft (1 round left) -> review (1 round left) -> closed.
    const { phases, snapshot } = run(
      { round: everyone },
      { round: votes('CHANGES') },
      { round: {} },
      { round: {} },
    );
    expect(phases).toEqual(['draft', 'review', 'draft', 'review', 'closed']);
    expect(snapshot.context.totalRounds).toEqual({ draft: 2, review: 2 });
    // A phase entered with its budget spent passes straight on to its on_max_rounds.
    const passing = run({ round: {} }, { round: everyone }, { round: votes('CHANGES') });
    expect(passing.phases).toEqual(['draft', 'review', 'draft', 'review']);
    expect(passing.snapshot.value).toEqual({ review: 'round' });
  });

  it('resets the rounds since entry on each entry', () => {
    const { snapshot } = run({ round: {} }, { round: everyone });
    expect(snapshot.context.roundsSinceEntry).toBe(0);
    expect(currentPhase(snapshot)).toBe('review');
  });

  it('ADVANCE with a target moves there only when it is an allowed target', () => {
    expect(run({ advance: 'closed' }).phases).toEqual(['draft']);
    expect(run({ advance: 'nowhere' }).snapshot.value).toEqual({ draft: 'round' });
    const { phases, snapshot } = run({ advance: 'review' }, { advance: 'closed' });
    expect(phases).toEqual(['draft', 'review', 'closed']);
    expect(snapshot.output).toEqual({ phase: 'closed', status: 'CLOSED' });
    // An advance does not count a round.
    expect(run({ advance: 'review' }).snapshot.context.totalRounds).toEqual({});
  });

  it('ADVANCE without a target takes the first transition that holds, manual included', () => {
    expect(run({ advance: null }).phases).toEqual(['draft']);
    expect(run({ advance: null, facts: everyone }).phases).toEqual(['draft', 'review']);
    expect(run({ advance: 'review' }, { advance: null, facts: votes('CHANGES') }).phases).toEqual(['draft', 'review', 'draft']);
    expect(run({ advance: 'review' }, { advance: null }).phases).toEqual(['draft', 'review', 'accepted']);
  });

  it('ignores everything once a final phase is reached', () => {
    const { snapshot } = run({ advance: 'review' }, { advance: 'closed' }, { advance: 'review' }, { round: everyone });
    expect(snapshot.value).toBe('closed');
  });

  it('runs with the engine\'s actor and action provided, and fails without them', async () => {
    const entered: EnterPhaseParams[] = [];
    const inputs: TurnInput[] = [];
    const machine = compiled.machine.provide({
      actors: {
        turn: turnActor(async (input) => {
          inputs.push(input);
          return factsWith({ phase: input.phase, participants: ['architect', 'security'], ...everyone, votes: votesFact('READY', 2) });
        }),
      },
      actions: { enterPhase: (_, params) => void entered.push(params) },
    });
    const actor = createActor(machine).start();
    const done = await waitFor(actor, (snapshot) => snapshot.status === 'done');
    expect(done.output).toEqual({ phase: 'accepted', status: 'ACCEPTED' });
    expect(entered.map((params) => [params.phase, params.voteReset, params.final])).toEqual([
      ['draft', false, null],
      ['review', true, null],
      ['accepted', false, 'ACCEPTED'],
    ]);
    expect(inputs.map((input) => input.phase)).toEqual(['draft', 'review']);

    // The placeholder turn actor fails; RETRY runs the round again once one is provided.
    const unprovided = createActor(compiled.machine).start();
    expect((await waitFor(unprovided, (snapshot) => snapshot.matches({ draft: 'failed' }))).value).toEqual({ draft: 'failed' });
    let calls = 0;
    const flaky = createActor(
      compiled.machine.provide({
        actors: {
          turn: turnActor(async () => {
            if (++calls === 1) throw new Error('provider down');
            return factsWith({ participants: ['architect', 'security'], ...everyone });
          }),
        },
      }),
    ).start();
    await waitFor(flaky, (snapshot) => snapshot.matches({ draft: 'failed' }));
    flaky.send({ type: 'RETRY' });
    expect((await waitFor(flaky, (snapshot) => snapshot.matches('review'))).context.totalRounds).toEqual({ draft: 1 });
  });

  it('refuses a template that names a condition it was not given', () => {
    expect(() => compileTemplate(FEATURE, { conditions: new Map() })).toThrow(TemplateError);
    expect(() => compileTemplate(FEATURE, { conditions: new Map() })).toThrow(
      'phase "draft" uses the condition "all_responded", which is not among the conditions given to compileTemplate',
    );
  });
});

describe('allowedTargets', () => {
  it('lists the distinct transition targets, then on_max_rounds', () => {
    expect(allowedTargets(FEATURE, 'review')).toEqual(['accepted', 'draft', 'closed']);
    expect(allowedTargets(FEATURE, 'draft')).toEqual(['review']);
    expect(allowedTargets(FEATURE, 'accepted')).toEqual([]);
    expect(allowedTargets(FEATURE, 'missing')).toEqual([]);
  });
});

describe('toMermaid', () => {
  it('draws phases, labelled transitions, budgets and final phases', () => {
    expect(toMermaid(FEATURE)).toBe(`stateDiagram-v2
  state "Draft" as draft
  state "Review" as review
  state "Accepted" as accepted
  state "Closed" as closed
  [*] --> draft
  draft --> review: all_responded
  draft --> review: max 2 rounds
  review --> accepted: consensus = READY
  review --> draft: consensus = CHANGES
  review --> accepted: manual
  review --> closed: max 2 rounds
  accepted --> [*]: ACCEPTED
  closed --> [*]: CLOSED
  classDef final font-weight:bold,stroke-width:3px
  class accepted,closed final
`);
  });

  it('keeps ids Mermaid would read as keywords, and titles, parseable', () => {
    const template: ResolvedTemplate = {
      ...FEATURE,
      initial: 'note',
      phases: [
        phase('note', {
          title: 'Take "notes"\nnow',
          transitions: [{ to: 'default_end', when: { all: [{ name: 'rounds', options: 2 }, { name: 'marker', options: { type: 'decision', min: 2 } }] } }],
          onMaxRounds: 'default_end',
        }),
        phase('default_end', { final: 'CLOSED' }),
        phase('q_note', { final: 'DONE' }),
      ],
    };
    expect(toMermaid(template)).toBe(`stateDiagram-v2
  state "Take 'notes' now" as q_q_note
  state "Default_end" as q_default_end
  state "Q_note" as q_note
  [*] --> q_q_note
  q_q_note --> q_default_end: all(rounds = 2, marker = {type = decision, min = 2})
  q_q_note --> q_default_end: max 3 rounds
  q_default_end --> [*]: CLOSED
  q_note --> [*]: DONE
  classDef final font-weight:bold,stroke-width:3px
  class q_default_end,q_note final
`);
  });
});
