import { describe, expect, it } from 'vitest';
import { removeCodeSpans } from './code-spans.js';

describe('removeCodeSpans', () => {
  it('replaces each span by a space', () => {
    expect(removeCodeSpans('see `@rob` and `x` here')).toBe('see   and   here');
  });
  it('closes a span only with a run of the same length', () => {
    expect(removeCodeSpans('a ``x ` @rob`` b')).toBe('a   b');
    expect(removeCodeSpans('a ```x`` @rob``` b')).toBe('a   b');
  });
  it('keeps an unmatched run as text', () => {
    expect(removeCodeSpans('a `` @rob ` b')).toBe('a `` @rob ` b');
    expect(removeCodeSpans('a `` b `c`')).toBe('a `` b  ');
  });
  it('leaves a line without backticks alone', () => {
    expect(removeCodeSpans('plain @rob')).toBe('plain @rob');
  });
});
