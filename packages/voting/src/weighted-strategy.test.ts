import type { Voter, VoteValue } from '@quorum/core';
import { describe, expect, it } from 'vitest';
import { defaultOptions } from './default-options.js';
import { weightedStrategy, type WeightedOptions } from './weighted-strategy.js';

function tally(votes: [Voter, VoteValue | null][], options: Partial<WeightedOptions> = {}) {
  return weightedStrategy.tally({
    voters: votes.map(([voter]) => voter),
    ballots: votes.flatMap(([voter, vote]) => (vote === null ? [] : [{ voter: voter.id, vote }])),
    options: { ...defaultOptions(weightedStrategy), ...options },
  });
}

const voter = (id: string, weight = 1, human = false): Voter => ({ id, weight, human });

describe('weighted strategy', () => {
  it('declares the threshold defaults and no weights', () => {
    expect(defaultOptions(weightedStrategy)).toEqual({ threshold_ready: 0.67, threshold_reject: 0.01, human_required: false, weights: {} });
  });

  it('weights shares by the voters’ weights', () => {
    expect(tally([[voter('AI-Architect', 3), 'READY'], [voter('AI-a'), 'CHANGES'], [voter('AI-b'), 'CHANGES']]).reached).toBe(false);
    expect(tally([[voter('AI-Architect', 4), 'READY'], [voter('AI-a'), 'CHANGES'], [voter('AI-b'), 'CHANGES']]).outcome).toBe('READY');
    expect(tally([[voter('AI-Architect', 4), 'CHANGES'], [voter('AI-a'), 'READY'], [voter('AI-b'), 'READY']]).outcome).toBe('CHANGES');
  });

  it('lets the weights option override by voter id or alias', () => {
    const votes: [Voter, VoteValue | null][] = [[voter('AI-Architect'), 'READY'], [voter('AI-a'), 'CHANGES'], [voter('AI-b'), 'CHANGES']];
    expect(tally(votes, { weights: { 'AI-Architect': 4 } }).outcome).toBe('READY');
    expect(tally(votes, { weights: { architect: 4 } }).outcome).toBe('READY');
    expect(tally(votes, { weights: { 'AI-a': 0, 'AI-b': 0 } }).outcome).toBe('READY');
  });

  it('blocks READY with a weighted REJECT share, as threshold does', () => {
    const votes: [Voter, VoteValue | null][] = [[voter('AI-a', 100), 'READY'], [voter('AI-b', 1), 'REJECT']];
    expect(tally(votes)).toMatchObject({ reached: false, blockedBy: ['AI-b'] });
    expect(tally(votes, { weights: { 'AI-b': 0 } })).toMatchObject({ reached: true, outcome: 'READY', blockedBy: [] });
  });

  it('needs a human READY vote when human_required', () => {
    const votes: [Voter, VoteValue | null][] = [[voter('AI-a', 5), 'READY'], [voter('Rob', 1, true), 'CHANGES']];
    expect(tally(votes, { human_required: true }).reached).toBe(false);
    expect(tally(votes).outcome).toBe('READY');
  });

  it('ignores inherited object keys in weights', () => {
    expect(tally([[voter('constructor', 1), 'READY'], [voter('AI-a', 1), 'READY']]).outcome).toBe('READY');
  });

  it('reaches nothing when every weight is zero', () => {
    expect(tally([[voter('AI-a', 0), 'READY']])).toMatchObject({ reached: false, outcome: null });
  });
});
