import type { ConditionV1, PhaseFacts } from '@quorum/core';
import type { ConditionExpression } from './condition-expression.js';
import { TemplateError } from './diagnostic.js';

/**
 * Whether an expression holds for these facts: `all` when every part holds (true when
 * empty), `any` when one does, `not` when its part does not, and a named condition as its
 * `evaluate` says. Pure. Throws a {@link TemplateError} when a name is not in `conditions`;
 * templates checked by `loadTemplate` and machines built by `compileTemplate` never contain one.
 */
export function evaluateCondition(
  expression: ConditionExpression,
  facts: PhaseFacts,
  conditions: ReadonlyMap<string, ConditionV1>,
): boolean {
  if ('name' in expression) {
    const condition = conditions.get(expression.name);
    if (condition === undefined) {
      throw new TemplateError([
        { severity: 'error', code: 'unknown-condition', message: `unknown condition "${expression.name}"` },
      ]);
    }
    return condition.evaluate(facts, expression.options);
  }
  if ('all' in expression) return expression.all.every((part) => evaluateCondition(part, facts, conditions));
  if ('any' in expression) return expression.any.some((part) => evaluateCondition(part, facts, conditions));
  return !evaluateCondition(expression.not, facts, conditions);
}
