import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { compileTemplate } from './compile-template.js';
import { TemplateError, type Diagnostic } from './diagnostic.js';
import { loadTemplate, validateTemplateFile } from './load-template.js';
import { builtinConditionMap, contextFor, removeTempDirs, tempDir } from './test-helpers/template-project.js';
import { simulate, type SimulatedStep } from './test-helpers/simulate-machine.js';

const ALIASES = ['architect', 'security', 'pragmatist'];
const MARKERS = ['decision', 'concern'];

let dir: string;
beforeAll(async () => {
  dir = await tempDir({});
});
afterAll(removeTempDirs);

/** A condition as written in YAML, valid in a phase with this voting and budget. */
function conditionArbitrary(voting: boolean, maxRounds: number): fc.Arbitrary<unknown> {
  const leaves: fc.Arbitrary<unknown>[] = [
    fc.constantFrom('all_responded', 'all_mentioned_responded', 'no_open_questions', 'human_approved', 'manual'),
    fc.integer({ min: 1, max: maxRounds }).map((rounds) => ({ rounds })),
    fc.oneof(
      fc.constantFrom(...MARKERS).map((marker) => ({ marker })),
      fc.record({ type: fc.constantFrom(...MARKERS), min: fc.integer({ min: 1, max: 2 }) }).map((marker) => ({ marker })),
    ),
  ];
  if (voting) leaves.push(fc.constantFrom('READY', 'CHANGES', 'REJECT').map((consensus) => ({ consensus })));
  const { condition } = fc.letrec((tie) => ({
    condition: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      ...leaves,
      fc.array(tie('condition'), { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
      fc.array(tie('condition'), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
      tie('condition').map((not) => ({ not })),
    ),
  }));
  return condition;
}

/**
 * A template that passes every check by construction: phases p0…pN-1 then final phases;
 * each phase's on_max_rounds points to a later phase or a final one (so no cycle of
 * on_max_rounds alone and every phase reaches a final one), transitions point anywhere.
 */
const validTemplateArbitrary = fc
  .record({
    phases: fc.integer({ min: 1, max: 6 }),
    finals: fc.integer({ min: 1, max: 3 }),
  })
  .chain(({ phases, finals }) => {
    const ids = Array.from({ length: phases }, (_, index) => `p${index}`);
    const finalIds = Array.from({ length: finals }, (_, index) => `end_${index}`);
    const phase = (index: number) =>
      fc
        .record({
          voting: fc.boolean(),
          max_rounds: fc.integer({ min: 1, max: 4 }),
          participants: fc.subarray(ALIASES, { minLength: 1 }),
        })
        .chain(({ voting, max_rounds, participants }) =>
          fc.record({
            title: fc.constant(`Phase ${index}`),
            voting: fc.constant(voting),
            max_rounds: fc.constant(max_rounds),
            participants: fc.constant(participants),
            transitions: fc.array(
              fc.record({ to: fc.constantFrom(...ids, ...finalIds), when: conditionArbitrary(voting, max_rounds) }),
              { maxLength: 3 },
            ),
            on_max_rounds: fc.constantFrom(...ids.slice(index + 1), ...finalIds),
          }),
        );
    return fc.tuple(...ids.map((_, index) => phase(index))).map((written) => ({
      id: 'random',
      title: 'Random',
      description: 'A generated template.',
      participants: ALIASES,
      initial: 'p0',
      phases: Object.fromEntries([
        ...written.map((phase, index) => [`p${index}`, phase]),
        ...finalIds.map((id, index) => [id, { title: `End ${index}`, final: index === 0 ? 'ACCEPTED' : 'CLOSED' }]),
      ]),
    }));
  });

const factsArbitrary = fc.record(
  {
    responded: fc.subarray(ALIASES),
    pendingMentions: fc.subarray(ALIASES),
    votes: fc.option(
      fc.record({ reached: fc.boolean(), outcome: fc.option(fc.constantFrom('READY' as const, 'CHANGES' as const, 'REJECT' as const)) }),
    ),
    openQuestions: fc.integer({ min: 0, max: 2 }),
    humanApproved: fc.boolean(),
    markerCounts: fc.record({ decision: fc.integer({ min: 0, max: 2 }), concern: fc.integer({ min: 0, max: 2 }) }),
  },
  { requiredKeys: [] },
);

const stepArbitrary: fc.Arbitrary<SimulatedStep> = fc.oneof(
  { weight: 5, arbitrary: factsArbitrary.map((round) => ({ round })) },
  { weight: 1, arbitrary: fc.constantFrom('p0', 'p1', 'p2', 'p3', 'end_0', 'end_1', 'nowhere').map((advance) => ({ advance })) },
  { weight: 1, arbitrary: factsArbitrary.map((facts) => ({ advance: null, facts })) },
);

async function writeTemplate(name: string, content: string): Promise<string> {
  const file = join(dir, 'templates', name);
  await writeFile(file, content);
  return file;
}

describe('properties', () => {
  beforeAll(async () => {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, 'templates'), { recursive: true });
  });

  it('every run of a valid template reaches a final phase within the sum of its round budgets', async () => {
    await fc.assert(
      fc.asyncProperty(validTemplateArbitrary, fc.array(stepArbitrary, { maxLength: 30 }), async (written, steps) => {
        await writeTemplate('random.yaml', stringify(written));
        const { template } = await loadTemplate('random', contextFor(dir));
        const compiled = compileTemplate(template, { conditions: builtinConditionMap });
        const budget = template.phases.reduce((sum, phase) => sum + (phase.final === null ? phase.maxRounds : 0), 0);
        // After the random events, rounds in which nothing happens until the discussion ends.
        const nothing: SimulatedStep = { round: {} };
        const { snapshot, rounds } = simulate(compiled, [...steps, ...Array.from({ length: budget + 1 }, () => nothing)]);
        expect(snapshot.status).toBe('done');
        expect(rounds).toBeLessThanOrEqual(budget);
        expect(template.phases.find((phase) => phase.id === snapshot.output?.phase)?.final).toBe(snapshot.output?.status);
      }),
    );
  });

  it('a mutated template only ever fails with located TemplateErrors', async () => {
    const paths = (value: unknown, prefix: (string | number)[] = []): (string | number)[][] => {
      if (typeof value !== 'object' || value === null) return [prefix];
      const entries = Array.isArray(value) ? value.map((item, index) => [index, item] as const) : Object.entries(value);
      return [prefix, ...entries.flatMap(([key, item]) => paths(item, [...prefix, key]))];
    };
    const junk = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('p0', 'end_0', 'nowhere', 'all_responded', 'consensu', 'READY', 'threshold', '../x.yaml', 'random'),
      fc.integer({ min: -3, max: 200 }),
      fc.boolean(),
      fc.constant(null),
      fc.constant([]),
      fc.constant({}),
      fc.dictionary(fc.constantFrom('all', 'any', 'not', 'rounds', 'consensus', 'marker', 'x'), fc.jsonValue(), { maxKeys: 2 }),
      fc.array(fc.jsonValue(), { maxLength: 2 }),
    );
    const mutation = fc.record({
      kind: fc.constantFrom('set', 'delete', 'add'),
      at: fc.nat(),
      key: fc.constantFrom('extends', 'voting', 'final', 'on_max_rounds', 'transitions', 'when', 'to', 'max_rounds', 'titel', 'p9'),
      value: junk,
    });
    const textMutation = fc.record({ at: fc.nat(), text: fc.string({ unit: fc.constantFrom(...':-[]{}&*!|>#\'" \nab0'.split('')), maxLength: 8 }) });
    const document = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(validTemplateArbitrary, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([written, mutations]) => {
        const copy = structuredClone(written) as unknown;
        for (const { kind, at, key, value } of mutations) {
          const all = paths(copy);
          const path = all[at % all.length] ?? [];
          const parentPath = path.slice(0, -1);
          let parent: unknown = copy;
          for (const segment of parentPath) parent = (parent as Record<string | number, unknown>)[segment];
          const last = path.at(-1);
          if (typeof parent !== 'object' || parent === null || last === undefined) continue;
          const container = parent as Record<string | number, unknown>;
          if (kind === 'set') container[last] = value;
          else if (kind === 'delete') delete container[last];
          else if (typeof container[last] === 'object' && container[last] !== null && !Array.isArray(container[last])) {
            (container[last] as Record<string, unknown>)[key] = value;
          }
        }
        return stringify(copy);
      }) },
      { weight: 2, arbitrary: fc.tuple(validTemplateArbitrary, fc.array(textMutation, { minLength: 1, maxLength: 3 })).map(([written, edits]) => {
        let text = stringify(written);
        for (const { at, text: inserted } of edits) {
          const position = at % (text.length + 1);
          text = text.slice(0, position) + inserted + text.slice(position);
        }
        return text;
      }) },
      { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    );
    const located = (diagnostics: readonly Diagnostic[]) => {
      for (const diagnostic of diagnostics) {
        expect(diagnostic.file, diagnostic.message).toBeDefined();
        expect(diagnostic.line, diagnostic.message).toBeGreaterThanOrEqual(1);
        expect(diagnostic.column, diagnostic.message).toBeGreaterThanOrEqual(1);
      }
    };
    await fc.assert(
      fc.asyncProperty(document, async (text) => {
        const file = await writeTemplate('random.yaml', text);
        const context = contextFor(dir);
        located(await validateTemplateFile(file, context));
        try {
          const { template, warnings } = await loadTemplate('random', context);
          located(warnings);
          compileTemplate(template, { conditions: builtinConditionMap });
        } catch (error) {
          if (!(error instanceof TemplateError)) throw error;
          expect(error.diagnostics.some((diagnostic) => diagnostic.severity === 'error')).toBe(true);
          located(error.diagnostics);
        }
      }),
    );
  });
});
