import { describe, expect, it } from 'vitest';
import { conditionNames, describeCondition, withConditionOptions, type ConditionExpression } from './condition-expression.js';
import { TemplateError } from './diagnostic.js';
import { evaluateCondition } from './evaluate-condition.js';
import { builtinConditionMap, factsWith, votesFact } from './test-helpers/template-project.js';

const ready: ConditionExpression = { name: 'consensus', options: 'READY' };
const nested: ConditionExpression = {
  all: [{ name: 'rounds', options: 2 }, { any: [{ name: 'no_open_questions' }, { not: ready }] }],
};

describe('describeCondition', () => {
  it('writes an expression in one line', () => {
    expect(describeCondition({ name: 'all_responded' })).toBe('all_responded');
    expect(describeCondition(ready)).toBe('consensus: READY');
    expect(describeCondition({ all: [{ name: 'rounds', options: 2 }, { name: 'no_open_questions' }] })).toBe(
      'all(rounds: 2, no_open_questions)',
    );
    expect(describeCondition(nested)).toBe('all(rounds: 2, any(no_open_questions, not(consensus: READY)))');
    expect(describeCondition({ name: 'marker', options: { type: 'decision', min: 2 } })).toBe(
      'marker: {type: decision, min: 2}',
    );
    expect(describeCondition({ name: 'quorum_of', options: { roles: ['a', 'b'] } })).toBe('quorum_of: {roles: [a, b]}');
  });

  it('merges options into every condition of one name, wherever it is nested', () => {
    const debate: ConditionExpression = {
      any: [{ name: 'final_design', options: { min_turns: 4, min_facets: 4 } }, { not: { all: [{ name: 'final_design' }, ready] } }],
    };
    expect(withConditionOptions(debate, 'final_design', { min_turns: 8 })).toEqual({
      any: [{ name: 'final_design', options: { min_turns: 8, min_facets: 4 } }, { not: { all: [{ name: 'final_design', options: { min_turns: 8 } }, ready] } }],
    });
    expect(withConditionOptions(nested, 'final_design', { min_turns: 8 })).toEqual(nested);
  });

  it('lists the names an expression uses', () => {
    expect(conditionNames(nested)).toEqual(['rounds', 'no_open_questions', 'consensus']);
  });
});

describe('evaluateCondition', () => {
  const holds = (expression: ConditionExpression, facts = factsWith()) =>
    evaluateCondition(expression, facts, builtinConditionMap);

  it('combines with all, any and not', () => {
    const twoRounds = factsWith({ rounds: 2 });
    expect(holds(nested, twoRounds)).toBe(true);
    expect(holds(nested, factsWith({ rounds: 1 }))).toBe(false);
    expect(holds(nested, factsWith({ rounds: 2, openQuestions: 1, votes: votesFact('READY') }))).toBe(false);
    expect(holds(nested, factsWith({ rounds: 2, openQuestions: 1, votes: votesFact('CHANGES') }))).toBe(true);
    expect(holds({ all: [] })).toBe(true);
    expect(holds({ any: [] })).toBe(false);
  });

  it('throws a TemplateError for a name it does not know', () => {
    expect(() => holds({ not: { name: 'quorum_of' } })).toThrow(new TemplateError([
      { severity: 'error', code: 'unknown-condition', message: 'unknown condition "quorum_of"' },
    ]));
  });
});
