import { describe, expect, it } from 'vitest';
import { closestMatch, didYouMean } from './did-you-mean.js';

describe('didYouMean', () => {
  it('suggests a close candidate', () => {
    expect(closestMatch('treshold', ['threshold', 'majority'])).toBe('threshold');
    expect(didYouMean('partcipants', ['participants', 'plugins'])).toBe(' (did you mean "participants"?)');
  });
  it('suggests nothing when no candidate is close', () => {
    expect(closestMatch('xyz', ['threshold', 'majority'])).toBeUndefined();
    expect(closestMatch('dri', ['dir'])).toBe('dir');
    expect(closestMatch('foo', ['dir'])).toBeUndefined();
    expect(closestMatch('extra', ['entry'])).toBeUndefined();
    expect(didYouMean('storage', [])).toBe('');
  });
});
