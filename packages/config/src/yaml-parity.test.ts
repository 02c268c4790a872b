import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadYamlDocument, needsPositionedParser } from './yaml-document.js';

/**
 * What the reader's positioned path (the `yaml` package) makes of a text, or 'error': a
 * leading comment that looks like an anchor sends any text down that path.
 */
function withYamlPackage(text: string): unknown {
  try {
    return loadYamlDocument(`# &positioned\n${text}`, 'x.yaml').value;
  } catch {
    return 'error';
  }
}

function withReader(text: string): unknown {
  try {
    return loadYamlDocument(text, 'x.yaml').value;
  } catch {
    return 'error';
  }
}

describe('the fast path reads every file as the yaml package does', () => {
  it.each([
    'a: 0o12', 'a: 0x1A', 'a: 012', 'a: .inf', 'a: -.Inf', 'a: .NaN', 'a: ~', 'a: Null', 'a: TRUE', 'a: yes', 'a: on',
    'a: 1e3', 'a: +12', 'a: 1_000', 'a: 2001-12-14', "a: '1'", 'a: "\\u00e9\\t"', 'a: |\n  x\n  y\n', 'a: >-\n  x\n  y\n',
    'a: [1, {b: 2}]', '{"json": [true, null, 1.5]}', '<<: {a: 1}', 'a: 1\na: 2', 'a: !!binary aGk=', 'a: !custom x',
    '? [a, b]\n: c', '[a, b]: c', '- {a: 1}: x', 'a: b: c', '- a\nb: c', '"a": 1\n---\nb: 2', '', '# only a comment', 'a:\n\t- tab',
  ])('%j', (text) => {
    expect(withReader(text)).toEqual(withYamlPackage(text));
  });

  it('sends only what js-yaml would read differently to the positioned parser', () => {
    // Ordinary files must stay on the fast path, or the speed-up is lost.
    expect(needsPositionedParser('a: { all: [x, { rounds: 2 }] }\nb:\n  - [1, 2]\n  - {c: 1}\nc: a*b & c\n')).toBe(false);
    for (const text of ['a: &x 1\nb: *x', '? a\n: b', '[a, b]: c', '  - {a: 1}: x']) expect(needsPositionedParser(text), text).toBe(true);
  });

  it('for generated documents', () => {
    const value = fc.dictionary(
      fc.string({ minLength: 1, maxLength: 8 }),
      fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 4 })),
      { maxKeys: 6 },
    );
    fc.assert(fc.property(value, fc.constantFrom('block', 'flow'), (object, style) => {
      const text = stringify(object, style === 'flow' ? { collectionStyle: 'flow' } : {});
      expect(withReader(text)).toEqual(withYamlPackage(text));
    }), { numRuns: 300 });
  });
});
