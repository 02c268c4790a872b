import { isHumanName, type VoteValue } from '@quorum/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultOptions } from './default-options.js';
import { thresholdStrategy, type ThresholdOptions } from './threshold-strategy.js';

/** Tallies `[voter, vote]` pairs (null: eligible but did not vote). */
function tally(votes: [string, VoteValue | null][], options: Partial<ThresholdOptions> = {}) {
  return thresholdStrategy.tally({
    voters: votes.map(([id]) => ({ id, weight: 1, human: isHumanName(id) })),
    ballots: votes.flatMap(([voter, vote]) => (vote === null ? [] : [{ voter, vote }])),
    options: { ...defaultOptions(thresholdStrategy), ...options },
  });
}

/** `count` voters named `AI-<prefix><n>` voting `vote`. */
function many(count: number, vote: VoteValue | null, prefix = vote ?? 'none'): [string, VoteValue | null][] {
  return Array.from({ length: count }, (_, index) => [`AI-${prefix}${index}`, vote]);
}

describe('threshold strategy', () => {
  it('declares its defaults', () => {
    expect(defaultOptions(thresholdStrategy)).toEqual({ threshold_ready: 0.67, threshold_reject: 0.01, human_required: false });
  });

  it('reaches READY with READY, READY, CHANGES at 0.67 (seed example)', () => {
    const result = tally([['AI-Architect', 'READY'], ['AI-Security', 'READY'], ['AI-Pragmatist', 'CHANGES']], { threshold_ready: 0.67 });
    expect(result).toMatchObject({ reached: true, outcome: 'READY', blockedBy: [] });
  });

  it('is blocked by one REJECT among READY, REJECT, READY (seed example)', () => {
    const result = tally([['AI-Architect', 'READY'], ['AI-Security', 'REJECT'], ['AI-Pragmatist', 'READY']], { threshold_reject: 0.01 });
    expect(result).toMatchObject({ reached: false, outcome: null, blockedBy: ['AI-Security'] });
    expect(result.reason).toContain('AI-Security');
  });

  it('counts shares of the eligible voters, so voters who did not vote count against', () => {
    expect(tally([['AI-a', 'READY'], ['AI-b', 'READY'], ['AI-c', null]]).outcome).toBe('READY');
    expect(tally([['AI-a', 'READY'], ['AI-b', 'READY'], ['AI-c', null], ['AI-d', null]]).reached).toBe(false);
  });

  it('rounds shares and thresholds to whole percents, half up', () => {
    expect(tally([...many(66, 'READY'), ...many(34, 'CHANGES')]).reached).toBe(false);
    expect(tally([...many(67, 'READY'), ...many(33, 'CHANGES')]).outcome).toBe('READY');
    expect(tally([...many(133, 'READY'), ...many(67, 'CHANGES')]).outcome).toBe('READY');
    expect(tally([...many(1, 'READY'), ...many(7, null)], { threshold_ready: 0.125 }).outcome).toBe('READY');
    expect(tally([...many(1, 'READY'), ...many(7, null)], { threshold_ready: 0.135 }).reached).toBe(false);
  });

  it('blocks with one REJECT among 500 voters at 0.01, but not at 0.02', () => {
    const votes = [...many(499, 'READY'), ['AI-Naysayer', 'REJECT'] as [string, VoteValue]];
    expect(tally(votes)).toMatchObject({ reached: false, blockedBy: ['AI-Naysayer'] });
    expect(tally(votes, { threshold_reject: 0.02 })).toMatchObject({ reached: true, outcome: 'READY', blockedBy: [] });
  });

  it('lists REJECT voters as blocking READY even when READY lacks the votes', () => {
    expect(tally([['AI-a', 'READY'], ['AI-b', 'CHANGES'], ['AI-c', 'REJECT']])).toMatchObject({ reached: false, blockedBy: ['AI-c'] });
  });

  it('reaches REJECT, then CHANGES, when READY is not reached and their share suffices', () => {
    expect(tally([['AI-a', 'REJECT'], ['AI-b', 'REJECT'], ['AI-c', 'READY']])).toMatchObject({ reached: true, outcome: 'REJECT', blockedBy: ['AI-a', 'AI-b'] });
    expect(tally([['AI-a', 'CHANGES'], ['AI-b', 'CHANGES'], ['AI-c', 'READY']])).toMatchObject({ reached: true, outcome: 'CHANGES', blockedBy: [] });
    expect(tally([['AI-a', 'CHANGES'], ['AI-b', 'REJECT'], ['AI-c', 'READY']])).toMatchObject({ reached: false, outcome: null });
  });

  it('reaches REJECT when READY has the votes at a low threshold but is blocked', () => {
    const result = tally([['AI-a', 'READY'], ['AI-b', 'REJECT']], { threshold_ready: 0.5 });
    expect(result).toMatchObject({ reached: true, outcome: 'REJECT', blockedBy: ['AI-b'] });
  });

  it('needs a human READY vote when human_required', () => {
    const aiOnly: [string, VoteValue | null][] = [['AI-a', 'READY'], ['AI-b', 'READY'], ['Rob', 'CHANGES']];
    expect(tally(aiOnly, { human_required: true })).toMatchObject({ reached: false, outcome: null });
    expect(tally(aiOnly, { human_required: true }).reason).toContain('human');
    expect(tally([['AI-a', 'READY'], ['Rob', 'READY'], ['AI-b', 'CHANGES']], { human_required: true }).outcome).toBe('READY');
  });

  it('reaches nothing without voters or votes', () => {
    expect(tally([])).toMatchObject({ reached: false, outcome: null, blockedBy: [] });
    expect(tally(many(3, null))).toMatchObject({ reached: false, outcome: null });
  });

  it('ignores ballots of voters who are not eligible', () => {
    const result = thresholdStrategy.tally({
      voters: [{ id: 'AI-a', weight: 1, human: false }],
      ballots: [{ voter: 'AI-a', vote: 'READY' }, { voter: 'AI-stranger', vote: 'REJECT' }],
      options: defaultOptions(thresholdStrategy),
    });
    expect(result).toMatchObject({ reached: true, outcome: 'READY', blockedBy: [] });
  });

  it('never reaches READY with a REJECT under the default options, for up to 1000 voters', () => {
    const vote = fc.constantFrom<VoteValue | null>('READY', 'CHANGES', 'REJECT', null);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.array(vote, { maxLength: 949 }), fc.integer({ min: 0, max: 1000 }), (rejects, others, ready) => {
        const votes = [...many(rejects, 'REJECT'), ...others.map((value, index): [string, VoteValue | null] => [`AI-o${index}`, value]), ...many(ready, 'READY')].slice(0, 1000);
        const result = tally(votes);
        expect(result.outcome).not.toBe('READY');
        expect(result.blockedBy).toEqual(votes.filter(([, value]) => value === 'REJECT').map(([id]) => id));
      }),
    );
  });
});
