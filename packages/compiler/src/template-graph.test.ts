// Every bundled template (and every fixture template) through xstate/graph:
//
// 1. Reachability, concretely: the real machine (real guards) is traversed with
//    getShortestPaths, feeding in each state round results crafted to make each of the
//    phase's transitions hold in turn (and "nothing happened", and "everything happened"),
//    plus explicit advances with such facts (so `manual` transitions are taken) and advances
//    to each allowed target (`quorum advance --to`). Every phase
//    must be entered on some path. Because the real guards decide, every path found is a
//    run the engine could produce. (States are told apart by phase and the current phase's
//    counters only, which keeps the search small and every path real.)
// 2. Termination, over an abstraction: the `condition` guard is replaced by one that lets a
//    round's result pick any transition (or none), so the traversal covers every possible
//    run whatever the facts. Over rounds alone the state graph (phase + round counters) must
//    be acyclic, every state without a way on must be final, and the longest path must take
//    at most the sum of the phases' max_rounds rounds.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPlugins } from '@quorum/config';
import { describe, expect, it } from 'vitest';
import { allowedTargets } from './allowed-targets.js';
import { getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import type { AnyEventObject } from 'xstate';
import { BUNDLED_TEMPLATES_DIR } from './bundled-templates-dir.js';
import { compileTemplate, type CompiledTemplate } from './compile-template.js';
import type { ConditionExpression } from './condition-expression.js';
import { conditionsPlugin } from './conditions-plugin.js';
import { findTemplates } from './find-templates.js';
import { loadTemplate } from './load-template.js';
import type { ResolvedPhase, ResolvedTemplate } from './resolved-template.js';
import { builtinStrategyMap, votesFact } from './test-helpers/template-project.js';
import { currentPhase, roundFacts, type FactsPatch } from './test-helpers/simulate-machine.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

const bundled = (await findTemplates([BUNDLED_TEMPLATES_DIR])).map((listing) => ({
  name: `bundled ${listing.id}`,
  file: listing.file,
  dir: BUNDLED_TEMPLATES_DIR,
}));
const fixtures = readdirSync(FIXTURES)
  .filter((name) => existsSync(join(FIXTURES, name, 'template.yaml')))
  .sort()
  .map((name) => ({ name: `fixture ${name}`, file: join(FIXTURES, name, 'template.yaml'), dir: join(FIXTURES, name) }));

async function compile(file: string, dir: string): Promise<CompiledTemplate> {
  const plugins = existsSync(join(dir, 'plugin.mjs')) ? ['./plugin.mjs'] : [];
  const registry = await loadPlugins({ plugins }, { projectDir: dir, builtins: [conditionsPlugin] });
  const { template } = await loadTemplate(file, {
    dirs: [BUNDLED_TEMPLATES_DIR],
    cwd: dir,
    conditions: registry.conditions,
    strategies: builtinStrategyMap,
  });
  return compileTemplate(template, { conditions: registry.conditions });
}

/** Facts that try to make `expression` come out as `wanted` (the real guard has the last word). */
function craft(expression: ConditionExpression, wanted: boolean, phase: ResolvedPhase): FactsPatch {
  if ('all' in expression) {
    return wanted ? merge(expression.all.map((part) => craft(part, true, phase))) : craft(expression.all[0] ?? { all: [] }, false, phase);
  }
  if ('any' in expression) {
    return wanted ? craft(expression.any[0] ?? { any: [] }, true, phase) : merge(expression.any.map((part) => craft(part, false, phase)));
  }
  if ('not' in expression) return craft(expression.not, !wanted, phase);
  switch (expression.name) {
    case 'all_responded':
      return { responded: wanted ? [...phase.participants] : [] };
    case 'all_mentioned_responded':
      return { pendingMentions: wanted ? [] : ['someone'] };
    case 'consensus':
      return { votes: votesFact(wanted ? (expression.options as 'READY') : null, phase.participants.length) };
    case 'no_open_questions':
      return { openQuestions: wanted ? 0 : 1 };
    case 'human_approved':
      return { humanApproved: wanted };
    case 'marker': {
      const options = expression.options as string | { type: string; min?: number };
      const [type, min] = typeof options === 'string' ? [options, 1] : [options.type, options.min ?? 1];
      return { markerCounts: wanted ? { [type]: min } : {} };
    }
    default:
      return {};
  }
}

function merge(patches: FactsPatch[]): FactsPatch {
  return patches.reduce(
    (merged, patch) => ({ ...merged, ...patch, markerCounts: { ...merged.markerCounts, ...patch.markerCounts } }),
    {},
  );
}

const EVERYTHING = (phase: ResolvedPhase): FactsPatch => ({
  responded: [...phase.participants],
  votes: votesFact('READY', phase.participants.length),
  humanApproved: true,
});

type Snapshot = Parameters<typeof currentPhase>[0];

/** Round results and advances crafted for the phase `snapshot` is in. */
function concreteEvents(compiled: CompiledTemplate, snapshot: Snapshot): AnyEventObject[] {
  if (snapshot.status === 'done') return [];
  const phase = compiled.template.phases.find((candidate) => candidate.id === currentPhase(snapshot)) as ResolvedPhase;
  const patches = [{}, EVERYTHING(phase), ...phase.transitions.map((transition) => craft(transition.when, true, phase))];
  return [
    ...patches.map((patch) => ({ type: 'ROUND_DONE', facts: roundFacts(compiled, snapshot, patch) })),
    ...patches.slice(2).map((patch) => ({ type: 'ADVANCE', facts: roundFacts(compiled, snapshot, patch, true) })),
    // `quorum advance --to` moves along any transition, whatever holds.
    ...allowedTargets(compiled.template, phase.id).map((to) => ({ type: 'ADVANCE', to })),
  ];
}

/** The machine with a `condition` guard that holds for the transition a round result picks. */
function abstractMachine(compiled: CompiledTemplate) {
  return compiled.machine.provide({
    guards: {
      condition: ({ event }, params) => {
        const facts = (event as { facts?: { pick?: number; phase?: string } }).facts;
        const phase = compiled.template.phases.find((candidate) => candidate.id === facts?.phase);
        return facts?.pick !== undefined && phase?.transitions[facts.pick]?.when === params.expression;
      },
    },
  });
}

function abstractEvents(template: ResolvedTemplate, snapshot: Snapshot): AnyEventObject[] {
  if (snapshot.status === 'done') return [];
  const phase = template.phases.find((candidate) => candidate.id === currentPhase(snapshot)) as ResolvedPhase;
  const picks = [undefined, ...phase.transitions.keys()];
  return picks.map((pick) => ({ type: 'ROUND_DONE', facts: { phase: phase.id, pick } }));
}

const templates = [...bundled, ...fixtures];

describe('compiled templates, through xstate/graph', () => {
  it('finds templates to check', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(8);
    expect(templates.length).toBeGreaterThan(fixtures.length - 1);
  });

  it.each(templates)('$name: every phase is entered on some run', async ({ file, dir }) => {
    const compiled = await compile(file, dir);
    const paths = getShortestPaths(compiled.machine, {
      events: (snapshot) => concreteEvents(compiled, snapshot as Snapshot) as never,
      // States that differ only in other phases' counters are one state here: every path
      // found is still a real run, and the search stays small.
      serializeState: (snapshot) => {
        const { value, context } = snapshot as Snapshot;
        return JSON.stringify([value, context.roundsSinceEntry, context.totalRounds[currentPhase(snapshot as Snapshot)] ?? 0]);
      },
    });
    const entered = new Set(paths.map((path) => currentPhase(path.state as Snapshot)));
    expect([...entered].sort()).toEqual(compiled.template.phases.map((phase) => phase.id).sort());
  });

  it.each(templates)('$name: every run ends in a final phase within the round budgets', async ({ file, dir }) => {
    const compiled = await compile(file, dir);
    const machine = abstractMachine(compiled);
    const adjacency = getAdjacencyMap(machine, {
      events: (snapshot) => abstractEvents(compiled.template, snapshot as Snapshot) as never,
      // A machine whose budgets did not bound it would have endless states.
      limit: 500_000,
    });
    const budget = compiled.template.phases.reduce((sum, phase) => sum + (phase.final === null ? phase.maxRounds : 0), 0);
    const longest = new Map<string, number>();
    const visiting = new Set<string>();
    const roundsFrom = (key: string): number => {
      const known = longest.get(key);
      if (known !== undefined) return known;
      if (visiting.has(key)) throw new Error(`a run can go round forever through ${key}`);
      const entry = adjacency[key as keyof typeof adjacency];
      const next = Object.values(entry?.transitions ?? {});
      if (next.length === 0) {
        expect((entry?.state as Snapshot | undefined)?.status, `${key} is a dead end`).toBe('done');
        longest.set(key, 0);
        return 0;
      }
      visiting.add(key);
      const rounds = Math.max(
        ...next.map(({ state }) => 1 + roundsFrom(JSON.stringify({ value: state.value, context: state.context }))),
      );
      visiting.delete(key);
      longest.set(key, rounds);
      return rounds;
    };
    const [initial] = Object.keys(adjacency);
    const worst = roundsFrom(initial as string);
    expect(worst).toBeLessThanOrEqual(budget);
    expect(worst).toBeGreaterThan(0);
  });
});
