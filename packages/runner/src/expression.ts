/**
 * The expression language of workflows: what stands inside `${{ … }}` and in a `when:`.
 *
 *     steps.review.status == 'APPROVED' && !(steps.review.votes.REJECT > 0)
 *
 * Literals (`'text'` with `''` for a quote, `"text"` with backslash escapes, numbers, `true`,
 * `false`, `null`), references (`vars.topic`, `steps.<id>.<field>…`, `item`), comparisons
 * (`==`, `!=`, `<`, `<=`, `>`, `>=`), `!`, `&&`, `||` and parentheses. There is no
 * arithmetic, so `-` may appear inside names (`steps.sign-off.vote`). Every node keeps its
 * offset in the source, so a problem is reported at its line and column.
 */
export type Expression =
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null; readonly start: number }
  | { readonly kind: 'reference'; readonly segments: readonly Segment[]; readonly start: number }
  | { readonly kind: 'not'; readonly operand: Expression; readonly start: number }
  | { readonly kind: 'binary'; readonly operator: BinaryOperator; readonly left: Expression; readonly right: Expression; readonly start: number };

/** One name of a reference and where it starts in the source. */
export interface Segment {
  readonly name: string;
  readonly start: number;
}

export type BinaryOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';

/** What an expression evaluates to. */
export type Value = string | number | boolean | null | readonly Value[] | { readonly [key: string]: Value };

/** A problem with an expression, at an offset of the text it was parsed from. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

type Token =
  | { readonly type: 'name'; readonly text: string; readonly start: number }
  | { readonly type: 'string'; readonly value: string; readonly start: number }
  | { readonly type: 'number'; readonly value: number; readonly start: number }
  | { readonly type: 'operator'; readonly text: string; readonly start: number }
  | { readonly type: 'end'; readonly start: number };

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')', '.'];
const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_-]/;

function tokenize(source: string, base: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    const start = base + i;
    if (char === "'" || char === '"') {
      const { value, next } = char === "'" ? singleQuoted(source, i, base) : doubleQuoted(source, i, base);
      tokens.push({ type: 'string', value, start });
      i = next;
      continue;
    }
    const previous = tokens.at(-1);
    // After a dot comes a path segment, which may be all digits (`items.0`).
    const afterDot = previous?.type === 'operator' && previous.text === '.';
    if (NAME_START.test(char) || (afterDot && /\d/.test(char))) {
      let end = i + 1;
      while (end < source.length && NAME_PART.test(source[end]!)) end++;
      tokens.push({ type: 'name', text: source.slice(i, end), start });
      i = end;
      continue;
    }
    const number = /^-?\d+(?:\.\d+)?/.exec(source.slice(i));
    if (number !== null) {
      tokens.push({ type: 'number', value: Number(number[0]), start });
      i += number[0].length;
      continue;
    }
    const operator = OPERATORS.find((op) => source.startsWith(op, i));
    if (operator !== undefined) {
      tokens.push({ type: 'operator', text: operator, start });
      i += operator.length;
      continue;
    }
    if (char === '=') throw new ExpressionError('"=" is not an operator; compare with "=="', start);
    if (char === '&' || char === '|') throw new ExpressionError(`"${char}" is not an operator; use "${char}${char}"`, start);
    throw new ExpressionError(`unexpected character "${char}" in the expression`, start);
  }
  tokens.push({ type: 'end', start: base + source.length });
  return tokens;
}

function singleQuoted(source: string, open: number, base: number): { value: string; next: number } {
  let value = '';
  let i = open + 1;
  while (i < source.length) {
    if (source[i] === "'") {
      if (source[i + 1] === "'") {
        value += "'";
        i += 2;
        continue;
      }
      return { value, next: i + 1 };
    }
    value += source[i];
    i++;
  }
  throw new ExpressionError("the string has no closing ' (write '' for a quote inside it)", base + open);
}

function doubleQuoted(source: string, open: number, base: number): { value: string; next: number } {
  let value = '';
  let i = open + 1;
  while (i < source.length) {
    const char = source[i]!;
    if (char === '"') return { value, next: i + 1 };
    if (char === '\\' && i + 1 < source.length) {
      const escaped = source[i + 1]!;
      value += escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped;
      i += 2;
      continue;
    }
    value += char;
    i++;
  }
  throw new ExpressionError('the string has no closing "', base + open);
}

/**
 * Parses one expression. `base` is the offset of `source` in the text it came from, so
 * offsets in the tree and in errors are offsets of that text. Throws an {@link ExpressionError}.
 */
export function parseExpression(source: string, base = 0): Expression {
  const tokens = tokenize(source, base);
  let position = 0;
  const peek = () => tokens[position]!;
  const isOperator = (text: string) => {
    const token = peek();
    return token.type === 'operator' && token.text === text;
  };
  const describe = (token: Token) =>
    token.type === 'end' ? 'the end of the expression' : token.type === 'string' ? 'a string' : token.type === 'number' ? 'a number' : `"${token.text}"`;

  const or = (): Expression => {
    let left = and();
    while (isOperator('||')) {
      position++;
      left = { kind: 'binary', operator: '||', left, right: and(), start: left.start };
    }
    return left;
  };
  const and = (): Expression => {
    let left = not();
    while (isOperator('&&')) {
      position++;
      left = { kind: 'binary', operator: '&&', left, right: not(), start: left.start };
    }
    return left;
  };
  const not = (): Expression => {
    if (isOperator('!')) {
      const start = peek().start;
      position++;
      return { kind: 'not', operand: not(), start };
    }
    return comparison();
  };
  const comparison = (): Expression => {
    const left = primary();
    const token = peek();
    if (token.type === 'operator' && ['==', '!=', '<', '<=', '>', '>='].includes(token.text)) {
      position++;
      const right = primary();
      const after = peek();
      if (after.type === 'operator' && ['==', '!=', '<', '<=', '>', '>='].includes(after.text)) {
        throw new ExpressionError(`comparisons cannot be chained; join them with && or ||`, after.start);
      }
      return { kind: 'binary', operator: token.text as BinaryOperator, left, right, start: left.start };
    }
    return left;
  };
  const primary = (): Expression => {
    const token = peek();
    if (token.type === 'string' || token.type === 'number') {
      position++;
      return { kind: 'literal', value: token.value, start: token.start };
    }
    if (token.type === 'operator' && token.text === '(') {
      position++;
      const inner = or();
      if (!isOperator(')')) throw new ExpressionError(`expected ")" but found ${describe(peek())}`, peek().start);
      position++;
      return inner;
    }
    if (token.type === 'name') {
      position++;
      if (token.text === 'true' || token.text === 'false') return { kind: 'literal', value: token.text === 'true', start: token.start };
      if (token.text === 'null') return { kind: 'literal', value: null, start: token.start };
      const segments: Segment[] = [{ name: token.text, start: token.start }];
      while (isOperator('.')) {
        position++;
        const next = peek();
        if (next.type !== 'name') throw new ExpressionError(`expected a name after "." but found ${describe(next)}`, next.start);
        position++;
        segments.push({ name: next.text, start: next.start });
      }
      return { kind: 'reference', segments, start: token.start };
    }
    throw new ExpressionError(
      token.type === 'end' ? 'the expression is incomplete' : `expected a value, a reference or "(" but found ${describe(token)}`,
      token.start,
    );
  };

  if (peek().type === 'end') throw new ExpressionError('the expression is empty', base);
  const expression = or();
  if (peek().type !== 'end') throw new ExpressionError(`unexpected ${describe(peek())} after the expression`, peek().start);
  return expression;
}

/** A string with `${{ … }}` parts, split into text and parsed expressions. */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'expression'; readonly source: string; readonly expression: Expression; readonly start: number };

/**
 * Splits a string into text and `${{ expression }}` parts. `$${{` writes a literal `${{`.
 * Throws an {@link ExpressionError} (offset in `text`) for an unclosed or invalid expression.
 */
export function parseTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${{', i)) {
      literal += '${{';
      i += 4;
      continue;
    }
    if (!text.startsWith('${{', i)) {
      literal += text[i];
      i++;
      continue;
    }
    const close = closingBraces(text, i + 3);
    if (close === -1) throw new ExpressionError('"${{" has no closing "}}"', i);
    if (literal !== '') parts.push({ kind: 'text', text: literal });
    literal = '';
    const source = text.slice(i + 3, close);
    parts.push({ kind: 'expression', source, expression: parseExpression(source, i + 3), start: i });
    i = close + 2;
  }
  if (literal !== '') parts.push({ kind: 'text', text: literal });
  return parts;
}

/** The offset of the `}}` that closes an expression starting at `from`, skipping quoted strings. */
function closingBraces(text: string, from: number): number {
  let quote: string | null = null;
  for (let i = from; i < text.length; i++) {
    const char = text[i]!;
    if (quote !== null) {
      if (char === '\\' && quote === '"') i++;
      else if (char === quote) quote = null;
      continue;
    }
    if (char === "'" || char === '"') quote = char;
    else if (text.startsWith('}}', i)) return i;
  }
  return -1;
}

/**
 * A `when:` condition: the whole string is one expression, with or without `${{ }}` around it.
 * Offsets are offsets of `text`.
 */
export function parseCondition(text: string): Expression {
  const trimmed = text.trim();
  if (trimmed.startsWith('${{') && trimmed.endsWith('}}')) {
    const parts = parseTemplate(trimmed);
    const lead = text.indexOf('${{');
    if (parts.length === 1 && parts[0]!.kind === 'expression') return parseExpression(parts[0]!.source, lead + 3);
  }
  return parseExpression(text);
}

/** Every reference in an expression, in source order. */
export function referencesOf(expression: Expression): Extract<Expression, { kind: 'reference' }>[] {
  switch (expression.kind) {
    case 'literal':
      return [];
    case 'reference':
      return [expression];
    case 'not':
      return referencesOf(expression.operand);
    case 'binary':
      return [...referencesOf(expression.left), ...referencesOf(expression.right)];
  }
}

/**
 * Evaluates an expression; `resolve` gives a reference's value (or throws). Comparisons of
 * a number with a string that holds a number compare numbers (`--var count=3` equals 3);
 * `<`, `<=`, `>`, `>=` take numbers only. `&&` and `||` give booleans by truthiness.
 */
export function evaluate(expression: Expression, resolve: (reference: Extract<Expression, { kind: 'reference' }>) => Value): Value {
  switch (expression.kind) {
    case 'literal':
      return expression.value;
    case 'reference':
      return resolve(expression);
    case 'not':
      return !isTruthy(evaluate(expression.operand, resolve));
    case 'binary': {
      if (expression.operator === '&&') return isTruthy(evaluate(expression.left, resolve)) && isTruthy(evaluate(expression.right, resolve));
      if (expression.operator === '||') return isTruthy(evaluate(expression.left, resolve)) || isTruthy(evaluate(expression.right, resolve));
      const left = evaluate(expression.left, resolve);
      const right = evaluate(expression.right, resolve);
      if (expression.operator === '==') return valuesEqual(left, right);
      if (expression.operator === '!=') return !valuesEqual(left, right);
      const a = asNumber(left);
      const b = asNumber(right);
      if (a === undefined || b === undefined) {
        const bad = a === undefined ? left : right;
        throw new ExpressionError(`"${expression.operator}" compares numbers, and ${describeValue(bad)} is not one`, expression.start);
      }
      switch (expression.operator) {
        case '<':
          return a < b;
        case '<=':
          return a <= b;
        case '>':
          return a > b;
        case '>=':
          return a >= b;
      }
    }
  }
}

/** false, null, 0, '' and [] are false; everything else is true. */
export function isTruthy(value: Value): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return value !== false && value !== null && value !== 0 && value !== '';
}

function valuesEqual(left: Value, right: Value): boolean {
  if (typeof left === 'number' || typeof right === 'number') {
    const a = asNumber(left);
    const b = asNumber(right);
    return a !== undefined && b !== undefined && a === b;
  }
  if (typeof left === 'object' || typeof right === 'object') return JSON.stringify(left) === JSON.stringify(right);
  return left === right;
}

function asNumber(value: Value): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

function describeValue(value: Value): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}

/** A value as text: lists joined with ", ", null as the empty string, mappings as JSON. */
export function valueToText(value: Value): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(valueToText).join(', ');
  return JSON.stringify(value);
}

/**
 * The value of a parsed template string: the expression's own value when the string is one
 * `${{ }}` and nothing else (so a list stays a list), else the text with every expression's
 * value written in.
 */
export function renderTemplate(parts: readonly TemplatePart[], evaluatePart: (expression: Expression) => Value): Value {
  if (parts.length === 1 && parts[0]!.kind === 'expression') return evaluatePart(parts[0]!.expression);
  return parts.map((part) => (part.kind === 'text' ? part.text : valueToText(evaluatePart(part.expression)))).join('');
}
