import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { thresholdPercent, wholePercent } from './whole-percent.js';

describe('wholePercent', () => {
  it('rounds half up', () => {
    expect(wholePercent(2, 3)).toBe(67);
    expect(wholePercent(1, 3)).toBe(33);
    expect(wholePercent(1, 8)).toBe(13);
    expect(wholePercent(133, 200)).toBe(67);
    expect(wholePercent(0.285, 1)).toBe(29);
  });
  it('gives any non-zero share at least 1%', () => {
    expect(wholePercent(1, 500)).toBe(1);
    expect(wholePercent(1, 1_000_000)).toBe(1);
  });
  it('gives 0 for nothing and for an empty total', () => {
    expect(wholePercent(0, 5)).toBe(0);
    expect(wholePercent(3, 0)).toBe(0);
  });
  it('stays between 1 and 100 for a non-zero part of a larger total', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (part, more) => {
        const percent = wholePercent(part, part + more);
        expect(percent).toBeGreaterThanOrEqual(1);
        expect(percent).toBeLessThanOrEqual(100);
        expect(Number.isInteger(percent)).toBe(true);
      }),
    );
  });
});

describe('thresholdPercent', () => {
  it('rounds a fraction to a whole percent, half up', () => {
    expect(thresholdPercent(0.67)).toBe(67);
    expect(thresholdPercent(0.01)).toBe(1);
    expect(thresholdPercent(0.665)).toBe(67);
    expect(thresholdPercent(0.664)).toBe(66);
    expect(thresholdPercent(0.005)).toBe(1);
    expect(thresholdPercent(1)).toBe(100);
  });
});
