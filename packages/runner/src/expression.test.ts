import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, ExpressionError, isTruthy, parseCondition, parseExpression, parseTemplate, referencesOf, renderTemplate, valueToText, type Expression, type Value } from './expression.js';

/** Evaluates `source` with references looked up in `values` by their dotted path. */
function run(source: string, values: Record<string, Value> = {}): Value {
  return evaluate(parseExpression(source), (reference) => {
    const name = reference.segments.map((segment) => segment.name).join('.');
    if (!(name in values)) throw new Error(`no value for ${name}`);
    return values[name]!;
  });
}

function errorOf(action: () => unknown): ExpressionError {
  try {
    action();
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error('expected an ExpressionError');
}

describe('expressions', () => {
  it('compares, negates and combines with the usual precedence', () => {
    const values = { 'steps.review.status': 'APPROVED', 'steps.review.votes.REJECT': 0, 'steps.sign-off.vote': 'READY' };
    expect(run("steps.review.status == 'APPROVED'", values)).toBe(true);
    expect(run("steps.review.status != 'APPROVED' || steps.sign-off.vote != 'READY'", values)).toBe(false);
    expect(run("!(steps.review.votes.REJECT > 0) && steps.review.status == \"APPROVED\"", values)).toBe(true);
    expect(run('true || false && false')).toBe(true);
    expect(run('(true || false) && false')).toBe(false);
    expect(run('!!null')).toBe(false);
  });

  it('reads names with "-" and numeric path segments, and keeps each segment\'s offset', () => {
    const expression = parseExpression('  steps.sign-off.items.0 ');
    expect(expression).toMatchObject({
      kind: 'reference',
      start: 2,
      segments: [
        { name: 'steps', start: 2 },
        { name: 'sign-off', start: 8 },
        { name: 'items', start: 17 },
        { name: '0', start: 23 },
      ],
    });
  });

  it('compares a number with a string that holds one as numbers, and refuses to order words', () => {
    expect(run("vars.count == 3", { 'vars.count': '3' })).toBe(true);
    expect(run("vars.count >= 2.5", { 'vars.count': '3' })).toBe(true);
    expect(run("'3' == '03'")).toBe(false);
    expect(run('null == null')).toBe(true);
    const error = errorOf(() => run("steps.x.status > 2", { 'steps.x.status': 'OPEN' }));
    expect(error.message).toBe('">" compares numbers, and "OPEN" is not one');
  });

  it('reads quoted strings with their escapes', () => {
    expect(run("'it''s'")).toBe("it's");
    expect(run('"a \\"b\\"\\n"')).toBe('a "b"\n');
    expect(run('-1.5 < 0')).toBe(true);
  });

  it('reports syntax errors at their offset, in one sentence', () => {
    expect(errorOf(() => parseExpression("a = 'b'"))).toMatchObject({ message: '"=" is not an operator; compare with "=="', offset: 2 });
    expect(errorOf(() => parseExpression('a & b'))).toMatchObject({ message: '"&" is not an operator; use "&&"', offset: 2 });
    expect(errorOf(() => parseExpression("'open"))).toMatchObject({ offset: 0 });
    expect(errorOf(() => parseExpression('(a == b'))).toMatchObject({ message: 'expected ")" but found the end of the expression', offset: 7 });
    expect(errorOf(() => parseExpression('a == b == c'))).toMatchObject({ message: 'comparisons cannot be chained; join them with && or ||', offset: 7 });
    expect(errorOf(() => parseExpression('steps.'))).toMatchObject({ message: 'expected a name after "." but found the end of the expression' });
    expect(errorOf(() => parseExpression('   '))).toMatchObject({ message: 'the expression is empty' });
    expect(errorOf(() => parseExpression('a b'))).toMatchObject({ message: 'unexpected "b" after the expression', offset: 2 });
  });

  it('gives false for false, null, 0, "" and [] and true for anything else', () => {
    for (const value of [false, null, 0, '', []] as Value[]) expect(isTruthy(value)).toBe(false);
    for (const value of [true, 1, 'x', ['a'], {}] as Value[]) expect(isTruthy(value)).toBe(true);
  });

  it('never throws anything but an ExpressionError, whatever the text (property)', () => {
    const alphabet = fc.constantFrom(...'abs.-_0123456789 ()!=<>&|\'"\\tepsvar'.split(''), 'steps', 'vars', '==', '&&', '||', 'true', 'null');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 30 }).map((parts) => parts.join('')), (source) => {
        let expression: Expression;
        try {
          expression = parseExpression(source);
        } catch (error) {
          expect(error).toBeInstanceOf(ExpressionError);
          const { offset } = error as ExpressionError;
          expect(offset).toBeGreaterThanOrEqual(0);
          expect(offset).toBeLessThanOrEqual(source.length);
          return;
        }
        for (const reference of referencesOf(expression)) {
          for (const segment of reference.segments) expect(source.slice(segment.start, segment.start + segment.name.length)).toBe(segment.name);
        }
      }),
    );
  });
});

describe('template strings', () => {
  it('splits text and ${{ }} parts, with offsets in the whole string', () => {
    const parts = parseTemplate('Release ${{ vars.version }} (${{ steps.x.status }})');
    expect(parts.map((part) => part.kind)).toEqual(['text', 'expression', 'text', 'expression', 'text']);
    const [, first] = parts;
    expect(first).toMatchObject({ kind: 'expression', source: ' vars.version ', start: 8 });
    expect(referencesOf((first as Extract<typeof first, { kind: 'expression' }>).expression)[0]!.start).toBe(12);
  });

  it('keeps a list a list when the string is one expression, and joins it into text otherwise', () => {
    const lookup = () => ['a', 'b'] as Value;
    const value = (text: string) => renderTemplate(parseTemplate(text), (expression) => evaluate(expression, lookup));
    expect(value('${{ vars.topics }}')).toEqual(['a', 'b']);
    expect(value('Topics: ${{ vars.topics }}.')).toBe('Topics: a, b.');
    expect(value('no expressions')).toBe('no expressions');
  });

  it('finds the closing braces after quoted "}}", and writes $${{ as a literal ${{', () => {
    expect(parseTemplate("${{ 'a}}b' == x }}")[0]).toMatchObject({ kind: 'expression', source: " 'a}}b' == x " });
    expect(parseTemplate('cost: $${{ not an expression }}')).toEqual([{ kind: 'text', text: 'cost: ${{ not an expression }}' }]);
    expect(errorOf(() => parseTemplate('x ${{ vars.a'))).toMatchObject({ message: '"${{" has no closing "}}"', offset: 2 });
  });

  it('reads a condition with or without ${{ }} around it, offsets in the original text', () => {
    const bare = parseCondition("steps.a.status == 'X'");
    const wrapped = parseCondition("  ${{ steps.a.status == 'X' }}");
    expect(referencesOf(bare)[0]!.start).toBe(0);
    expect(referencesOf(wrapped)[0]!.start).toBe(6);
  });

  it('writes values as text: lists joined, null empty, mappings as JSON', () => {
    expect(valueToText(null)).toBe('');
    expect(valueToText(['a', 2, true])).toBe('a, 2, true');
    expect(valueToText({ READY: 1 })).toBe('{"READY":1}');
  });
});
