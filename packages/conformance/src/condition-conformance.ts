import fc from 'fast-check';
import { VOTE_VALUES, type ConditionV1, type PhaseFacts, type PhaseOutline, type PhaseVotes } from '@quorum/core';
import { assert, registerChecks, type ConformanceCheck } from './conformance-check.js';
import { forEveryOptions, validateOptions } from './validate-options.js';

/** Options the condition must accept (after schema defaults) and options it must refuse. */
export interface ConditionCases {
  /** Valid options, as a template would write them; for a condition without options, `[undefined]`. */
  readonly valid: readonly unknown[];
  /** Options its schema must refuse (wrong types, out of range, misspelt keys). */
  readonly invalid?: readonly unknown[];
}

const ALIASES = ['architect', 'security', 'pragmatist', 'designer', 'rob'] as const;
const aliasList = fc.subarray([...ALIASES]);

/**
 * A phase's vote count as the engine reports it: counts of each vote over at most `voters`
 * distinct voters, and a verdict that is either nothing or an outcome someone voted for.
 */
function phaseVotesArbitrary(): fc.Arbitrary<PhaseVotes> {
  return fc
    .record({ READY: fc.nat(4), CHANGES: fc.nat(4), REJECT: fc.nat(4), silent: fc.nat(3), decide: fc.nat() })
    .map(({ READY, CHANGES, REJECT, silent, decide }) => {
      const counts = { READY, CHANGES, REJECT };
      const voted = VOTE_VALUES.filter((vote) => counts[vote] > 0);
      const outcome = decide % 2 === 0 || voted.length === 0 ? null : voted[decide % voted.length]!;
      return { reached: outcome !== null, outcome, counts, voters: READY + CHANGES + REJECT + silent };
    });
}

/** Random but well-formed facts, as the engine builds them after a round. */
export const phaseFactsArbitrary: fc.Arbitrary<PhaseFacts> = fc.record({
  phase: fc.constantFrom('initial_feedback', 'review', 'design'),
  rounds: fc.integer({ min: 0, max: 12 }),
  participants: aliasList,
  responded: aliasList,
  pendingMentions: aliasList,
  votes: fc.option(phaseVotesArbitrary(), { nil: null }),
  openQuestions: fc.integer({ min: 0, max: 6 }),
  humanApproved: fc.boolean(),
  markerCounts: fc.dictionary(fc.constantFrom('decision', 'concern', 'question', 'todo', 'risk', 'final_design'), fc.integer({ min: 0, max: 5 })),
  explicitAdvance: fc.boolean(),
  totalRounds: fc.integer({ min: 0, max: 40 }),
  designFacets: fc.subarray(['data', 'api', 'scaling', 'security', 'cost', 'operations']),
});

const phaseOutlineArbitrary: fc.Arbitrary<PhaseOutline> = fc.record({
  id: fc.constantFrom('review', 'design'),
  voting: fc.boolean(),
  participants: aliasList,
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** Valid cases with schema defaults applied, as the host passes them to evaluate. */
function validOptions(condition: ConditionV1, cases: ConditionCases): unknown[] {
  return cases.valid.map((options) => {
    if (condition.optionsSchema === undefined) return options;
    const result = validateOptions(condition.optionsSchema, options);
    assert(result.ok, `the valid options ${JSON.stringify(options)} fail the condition's schema: ${result.ok ? '' : result.errors}`);
    return result.value;
  });
}

/** The checks of {@link conditionConformance}, as plain functions. */
export function conditionChecks(condition: ConditionV1, cases: ConditionCases, settings: { readonly numRuns?: number } = {}): ConformanceCheck[] {
  const numRuns = settings.numRuns ?? 200;
  return [
    {
      name: 'declares specificationVersion v1, a snake_case name and a description',
      run: () => {
        assert(condition.specificationVersion === 'v1', `specificationVersion is ${JSON.stringify(condition.specificationVersion)}, not "v1"`);
        assert(/^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/.test(condition.name), `the name ${JSON.stringify(condition.name)} is not snake_case`);
        assert(typeof condition.description === 'string' && condition.description.trim() !== '', 'the description is empty');
        assert(typeof condition.evaluate === 'function', 'evaluate is not a function');
        assert(cases.valid.length > 0, 'the test gives no valid options case (use [undefined] for a condition without options)');
      },
    },
    {
      name: 'the options schema accepts the valid options and refuses the invalid ones',
      run: () => {
        if (condition.optionsSchema === undefined) {
          assert(cases.valid.every((options) => options === undefined), 'the condition has no options schema, so its only valid options are undefined');
          assert((cases.invalid ?? []).length === 0, 'the condition has no options schema, so no options can be refused; declare an optionsSchema');
          return;
        }
        validOptions(condition, cases);
        for (const options of cases.invalid ?? []) {
          assert(!validateOptions(condition.optionsSchema, options).ok, `the options schema accepts ${JSON.stringify(options)}, which the test says is invalid`);
        }
      },
    },
    {
      name: 'evaluate never throws for schema-valid options and returns a boolean',
      run: () => {
        forEveryOptions(validOptions(condition, cases), phaseFactsArbitrary, numRuns, (facts, options) => {
          let result: unknown;
          try {
            result = condition.evaluate(facts, options);
          } catch (error) {
            assert(false, `evaluate threw ${String(error)} for the options ${JSON.stringify(options)}`);
          }
          assert(typeof result === 'boolean', `evaluate returned ${JSON.stringify(result)}, not a boolean`);
        });
      },
    },
    {
      name: 'evaluate is pure: equal facts give equal answers, and the facts are never changed',
      run: () => {
        forEveryOptions(validOptions(condition, cases), phaseFactsArbitrary, numRuns, (facts, options) => {
          const frozen = deepFreeze(structuredClone(facts));
          const frozenOptions = deepFreeze(structuredClone(options));
          let first: boolean;
          try {
            first = condition.evaluate(frozen, frozenOptions);
          } catch (error) {
            assert(false, `evaluate threw on frozen facts (it must not change them): ${String(error)}`);
          }
          for (let again = 0; again < 3; again += 1) {
            assert(condition.evaluate(structuredClone(facts), structuredClone(options)) === first, `evaluate gave different answers for equal facts ${JSON.stringify(facts)}`);
          }
        });
      },
    },
    {
      name: 'check (when present) returns a sentence or undefined and never throws',
      run: (context) => {
        const check = condition.check;
        if (check === undefined) return context.skip('the condition has no static check');
        forEveryOptions(validOptions(condition, cases), phaseOutlineArbitrary, Math.min(numRuns, 50), (phase, options) => {
          const result = check.call(condition, options, phase);
          assert(result === undefined || (typeof result === 'string' && result.trim() !== ''), `check returned ${JSON.stringify(result)}, not a sentence or undefined`);
        });
      },
    },
  ];
}

/**
 * Registers the condition conformance suite: shape, options schema (valid cases accepted,
 * invalid ones refused), and over random {@link PhaseFacts} (fast-check): evaluate never
 * throws, returns a boolean, is deterministic and leaves the facts unchanged.
 */
export function conditionConformance(name: string, condition: ConditionV1, cases: ConditionCases, settings: { readonly numRuns?: number } = {}): void {
  registerChecks(`condition conformance: ${name}`, conditionChecks(condition, cases, settings));
}
