import { isHumanName, type VoteValue } from '@quorum/core';
import { describe, expect, it } from 'vitest';
import { defaultOptions } from './default-options.js';
import { unanimousStrategy } from './unanimous-strategy.js';

function tally(votes: [string, VoteValue | null][]) {
  return unanimousStrategy.tally({
    voters: votes.map(([id]) => ({ id, weight: 1, human: isHumanName(id) })),
    ballots: votes.flatMap(([voter, vote]) => (vote === null ? [] : [{ voter, vote }])),
    options: defaultOptions(unanimousStrategy),
  });
}

describe('unanimous strategy', () => {
  it('takes no options', () => {
    expect(defaultOptions(unanimousStrategy)).toEqual({});
  });

  it('reaches READY when every eligible voter voted READY', () => {
    expect(tally([['AI-a', 'READY'], ['Rob', 'READY']])).toMatchObject({ reached: true, outcome: 'READY', blockedBy: [] });
  });

  it('waits for every eligible voter', () => {
    expect(tally([['AI-a', 'READY'], ['Rob', null]])).toMatchObject({ reached: false, outcome: null, blockedBy: [] });
  });

  it('is blocked by any REJECT', () => {
    const result = tally([['AI-a', 'READY'], ['AI-b', 'REJECT'], ['Rob', 'READY']]);
    expect(result).toMatchObject({ reached: false, outcome: null, blockedBy: ['AI-b'] });
    expect(result.reason).toContain('AI-b');
  });

  it('reaches any outcome every voter chose', () => {
    expect(tally([['AI-a', 'CHANGES'], ['AI-b', 'CHANGES']])).toMatchObject({ reached: true, outcome: 'CHANGES' });
    expect(tally([['AI-a', 'REJECT'], ['AI-b', 'REJECT']])).toMatchObject({ reached: true, outcome: 'REJECT', blockedBy: ['AI-a', 'AI-b'] });
  });

  it('reaches nothing without voters', () => {
    expect(tally([])).toMatchObject({ reached: false, outcome: null });
  });
});
