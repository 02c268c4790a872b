import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom, hashString } from './seeded-random.js';

describe('createRandom', () => {
  it('gives the same stream for the same parts and another for other parts', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 4 }), (parts) => {
        const a = createRandom(...parts);
        const b = createRandom(...parts);
        const first = Array.from({ length: 5 }, () => a.next());
        expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
        const other = createRandom(...parts, 'x');
        expect(Array.from({ length: 5 }, () => other.next())).not.toEqual(first);
      }),
    );
    // The separator keeps ('ab', 'c') and ('a', 'bc') apart.
    expect(createRandom('ab', 'c').next()).not.toBe(createRandom('a', 'bc').next());
  });

  it('draws numbers in [0, 1), integers in range and picks every element', () => {
    const random = createRandom('range');
    const draws = Array.from({ length: 5000 }, () => random.next());
    expect(draws.every((value) => value >= 0 && value < 1)).toBe(true);
    const mean = draws.reduce((sum, value) => sum + value, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.47);
    expect(mean).toBeLessThan(0.53);
    const integers = new Set(Array.from({ length: 500 }, () => random.integer(3, 6)));
    expect([...integers].sort()).toEqual([3, 4, 5, 6]);
    expect(new Set(Array.from({ length: 200 }, () => random.pick(['a', 'b', 'c'])))).toEqual(new Set(['a', 'b', 'c']));
    expect(() => random.pick([])).toThrow(RangeError);
    expect(random.chance(0)).toBe(false);
    expect(random.chance(1)).toBe(true);
  });

  it('shuffles without losing or adding elements', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.string(), (items, seed) => {
        expect(createRandom(seed).shuffle(items).sort()).toEqual([...items].sort());
      }),
    );
  });
});

describe('hashString', () => {
  it('is a stable non-negative 53-bit integer', () => {
    expect(hashString('quorum')).toBe(hashString('quorum'));
    expect(hashString('quorum')).not.toBe(hashString('quorun'));
    fc.assert(
      fc.property(fc.string(), (text) => {
        const hash = hashString(text);
        expect(Number.isSafeInteger(hash) && hash >= 0).toBe(true);
      }),
    );
  });
});
