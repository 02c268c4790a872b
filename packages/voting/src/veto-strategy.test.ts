import { isHumanName, type VoteValue } from '@quorum/core';
import { describe, expect, it } from 'vitest';
import { defaultOptions } from './default-options.js';
import { vetoStrategy, type VetoOptions } from './veto-strategy.js';

function tally(votes: [string, VoteValue | null][], options: Partial<VetoOptions> = {}) {
  return vetoStrategy.tally({
    voters: votes.map(([id]) => ({ id, weight: 1, human: isHumanName(id) })),
    ballots: votes.flatMap(([voter, vote]) => (vote === null ? [] : [{ voter, vote }])),
    options: { ...defaultOptions(vetoStrategy), ...options },
  });
}

describe('veto strategy', () => {
  it('declares its defaults', () => {
    expect(defaultOptions(vetoStrategy)).toEqual({ threshold: 0.5 });
  });

  it('reaches REJECT on any REJECT, blocked by the vetoers', () => {
    const result = tally([['AI-a', 'READY'], ['AI-b', 'REJECT'], ['AI-c', 'READY'], ['Rob', 'REJECT']]);
    expect(result).toMatchObject({ reached: true, outcome: 'REJECT', blockedBy: ['AI-b', 'Rob'] });
  });

  it('reaches READY or CHANGES by share of the eligible voters', () => {
    expect(tally([['AI-a', 'READY'], ['AI-b', 'READY'], ['AI-c', null], ['AI-d', null]]).outcome).toBe('READY');
    expect(tally([['AI-a', 'READY'], ['AI-b', null], ['AI-c', null]])).toMatchObject({ reached: false, outcome: null });
    expect(tally([['AI-a', 'CHANGES'], ['AI-b', 'CHANGES'], ['AI-c', 'READY']]).outcome).toBe('CHANGES');
    expect(tally([['AI-a', 'READY'], ['AI-b', null], ['AI-c', null]], { threshold: 0.33 }).outcome).toBe('READY');
  });

  it('gives the larger of READY and CHANGES when both reach the threshold, and nothing on a tie', () => {
    expect(tally([['AI-a', 'READY'], ['AI-b', 'READY'], ['AI-c', 'CHANGES']], { threshold: 0.3 }).outcome).toBe('READY');
    expect(tally([['AI-a', 'READY'], ['AI-b', 'CHANGES']])).toMatchObject({ reached: false, outcome: null });
  });

  it('reaches nothing without voters', () => {
    expect(tally([])).toMatchObject({ reached: false, outcome: null });
  });
});
