import { isHumanName, type VoteValue } from '@quorum/core';
import { describe, expect, it } from 'vitest';
import { defaultOptions } from './default-options.js';
import { majorityStrategy, type MajorityOptions } from './majority-strategy.js';

function tally(votes: [string, VoteValue | null][], options: Partial<MajorityOptions> = {}) {
  return majorityStrategy.tally({
    voters: votes.map(([id]) => ({ id, weight: 1, human: isHumanName(id) })),
    ballots: votes.flatMap(([voter, vote]) => (vote === null ? [] : [{ voter, vote }])),
    options: { ...defaultOptions(majorityStrategy), ...options },
  });
}

describe('majority strategy', () => {
  it('declares its defaults', () => {
    expect(defaultOptions(majorityStrategy)).toEqual({ human_required: false });
  });

  it('reaches the outcome chosen by more than half of the eligible voters', () => {
    expect(tally([['AI-a', 'READY'], ['AI-b', 'READY'], ['AI-c', 'REJECT']])).toMatchObject({ reached: true, outcome: 'READY', blockedBy: [] });
    expect(tally([['AI-a', 'CHANGES'], ['AI-b', 'CHANGES'], ['AI-c', 'CHANGES'], ['AI-d', 'READY'], ['AI-e', null]]).outcome).toBe('CHANGES');
    expect(tally([['AI-a', 'REJECT'], ['AI-b', 'REJECT'], ['AI-c', null]]).outcome).toBe('REJECT');
  });

  it('does not reach an outcome with exactly half', () => {
    expect(tally([['AI-a', 'READY'], ['AI-b', 'READY'], ['AI-c', 'CHANGES'], ['AI-d', null]])).toMatchObject({ reached: false, outcome: null });
  });

  it('needs a human READY vote when human_required', () => {
    expect(tally([['AI-a', 'READY'], ['AI-b', 'READY'], ['Rob', 'CHANGES']], { human_required: true })).toMatchObject({ reached: false, outcome: null });
    expect(tally([['AI-a', 'READY'], ['Rob', 'READY'], ['AI-b', 'CHANGES']], { human_required: true }).outcome).toBe('READY');
    expect(tally([['AI-a', 'CHANGES'], ['AI-b', 'CHANGES'], ['Rob', 'READY']], { human_required: true }).outcome).toBe('CHANGES');
  });

  it('reaches nothing without voters', () => {
    expect(tally([])).toMatchObject({ reached: false, outcome: null });
  });
});
