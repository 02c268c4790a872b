/**
 * A transition condition as a template writes it, after reading: a named condition with
 * its options (validated, defaults filled), or a combination of conditions.
 *
 * In YAML: `all_responded` is `{ name: 'all_responded' }`; `{ consensus: READY }` is
 * `{ name: 'consensus', options: 'READY' }`; `{ all: [a, b] }`, `{ any: [a, b] }` and
 * `{ not: a }` combine.
 */
export type ConditionExpression =
  | { readonly name: string; readonly options?: unknown }
  | { readonly all: readonly ConditionExpression[] }
  | { readonly any: readonly ConditionExpression[] }
  | { readonly not: ConditionExpression };

/** The condition names an expression uses, each once, in the order written. */
export function conditionNames(expression: ConditionExpression): string[] {
  const names = new Set<string>();
  const visit = (node: ConditionExpression): void => {
    if ('name' in node) names.add(node.name);
    else if ('all' in node) node.all.forEach(visit);
    else if ('any' in node) node.any.forEach(visit);
    else visit(node.not);
  };
  visit(expression);
  return [...names];
}

/**
 * `expression` with `options` merged into the options of every `name` condition in it (for a
 * run that tightens or loosens a template's condition, like `quorum debate --min-turns`).
 */
export function withConditionOptions(expression: ConditionExpression, name: string, options: Readonly<Record<string, unknown>>): ConditionExpression {
  if ('name' in expression) {
    if (expression.name !== name) return expression;
    const current = typeof expression.options === 'object' && expression.options !== null ? expression.options : {};
    return { name, options: { ...current, ...options } };
  }
  if ('all' in expression) return { all: expression.all.map((e) => withConditionOptions(e, name, options)) };
  if ('any' in expression) return { any: expression.any.map((e) => withConditionOptions(e, name, options)) };
  return { not: withConditionOptions(expression.not, name, options) };
}

/**
 * The expression in one line, for people: `all_responded`, `consensus: READY`,
 * `all(rounds: 2, no_open_questions)`, `not(consensus: REJECT)`,
 * `marker: {type: decision, min: 2}`. Used in Mermaid labels and `quorum template show`.
 */
export function describeCondition(expression: ConditionExpression): string {
  if ('name' in expression) {
    return expression.options === undefined ? expression.name : `${expression.name}: ${describeValue(expression.options)}`;
  }
  if ('all' in expression) return `all(${expression.all.map(describeCondition).join(', ')})`;
  if ('any' in expression) return `any(${expression.any.map(describeCondition).join(', ')})`;
  return `not(${describeCondition(expression.not)})`;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(describeValue).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${key}: ${describeValue(item)}`)
      .join(', ')}}`;
  }
  return typeof value === 'string' ? value : String(value);
}
