import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countWords } from './text-fragments.js';

describe('countWords', () => {
  it('counts the whitespace-separated runs that have a letter or a digit', () => {
    expect(countWords('  A cache, in front — of 2 APIs…  ')).toBe(7);
    const definition = (text: string) => text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
    const piece = fc.oneof(fc.constantFrom(' ', '\n', '\t', '—', '...', 'é', 'x1', '🤖', '\u00a0', '-'), fc.string({ maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 3 }));
    fc.assert(fc.property(fc.array(piece, { maxLength: 20 }), (pieces) => {
      const text = pieces.join('');
      expect(countWords(text)).toBe(definition(text));
    }), { numRuns: 1000 });
  });
});
