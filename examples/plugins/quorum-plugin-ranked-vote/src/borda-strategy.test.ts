import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ballot, VoteValue, Voter } from '@quorum/core';
import { bordaStrategy, rankingOf, type BordaOptions } from './borda-strategy.js';

const DEFAULTS: BordaOptions = { min_turnout: 1, changes_leans: 'READY', weighted: false };
const voters = (...ids: string[]): Voter[] => ids.map((id) => ({ id, weight: 1, human: false }));
const ballots = (votes: Record<string, VoteValue>): Ballot[] => Object.entries(votes).map(([voter, vote]) => ({ voter, vote }));
const tally = (votes: Record<string, VoteValue>, options: Partial<BordaOptions> = {}, eligible = Object.keys(votes)) =>
  bordaStrategy.tally({ ballots: ballots(votes), voters: voters(...eligible), options: { ...DEFAULTS, ...options } });

describe('the borda strategy', () => {
  it('reads each vote as a ranking by closeness on READY – CHANGES – REJECT', () => {
    expect(rankingOf('READY', 'READY')).toEqual(['READY', 'CHANGES', 'REJECT']);
    expect(rankingOf('REJECT', 'READY')).toEqual(['REJECT', 'CHANGES', 'READY']);
    expect(rankingOf('CHANGES', 'READY')).toEqual(['CHANGES', 'READY', 'REJECT']);
    expect(rankingOf('CHANGES', 'REJECT')).toEqual(['CHANGES', 'REJECT', 'READY']);
  });

  it('lets the compromise win where a plurality would not', () => {
    // READY 2+2+0+0+1 = 5, CHANGES 1+1+1+1+2 = 6, REJECT 0+0+2+2+0 = 4: the middle wins over two camps.
    const result = tally({ a: 'READY', b: 'READY', c: 'REJECT', d: 'REJECT', e: 'CHANGES' });
    expect(result.reason).toBe('Borda count over 5 of 5 ballots: READY 5, CHANGES 6, REJECT 4; CHANGES wins.');
    expect(result).toMatchObject({ reached: true, outcome: 'CHANGES', blockedBy: [] });
  });

  it('lets a clear majority win, and never vetoes', () => {
    expect(tally({ a: 'READY', b: 'READY', c: 'REJECT' })).toMatchObject({ reached: true, outcome: 'READY', blockedBy: [] });
  });

  it('reaches nothing on a tie for first place', () => {
    const result = tally({ a: 'READY', b: 'REJECT' });
    expect(result).toMatchObject({ reached: false, outcome: null });
    expect(result.reason).toContain('READY and CHANGES and REJECT tie');
  });

  it('waits for the turnout it is told to', () => {
    const waiting = tally({ a: 'READY' }, {}, ['a', 'b', 'c']);
    expect(waiting).toMatchObject({ reached: false, outcome: null });
    expect(waiting.reason).toBe('Borda count over 1 of 3 ballots: READY 2, CHANGES 1, REJECT 0; waiting for 3 of 3 voters to vote.');
    expect(tally({ a: 'READY', b: 'READY' }, { min_turnout: 0.6 }, ['a', 'b', 'c'])).toMatchObject({ reached: true, outcome: 'READY' });
    expect(tally({}, { min_turnout: 0.1 }, [])).toMatchObject({ reached: false });
  });

  it('counts weights only when asked', () => {
    const input = { ballots: ballots({ boss: 'REJECT', a: 'READY' }), voters: [{ id: 'boss', weight: 3, human: true }, { id: 'a', weight: 1, human: false }] };
    expect(bordaStrategy.tally({ ...input, options: DEFAULTS }).outcome).toBe(null);
    expect(bordaStrategy.tally({ ...input, options: { ...DEFAULTS, weighted: true } }).outcome).toBe('REJECT');
  });

  it('gives the same tally for any order of the ballots (property)', () => {
    const vote = fc.constantFrom<VoteValue>('READY', 'CHANGES', 'REJECT');
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ voter: fc.string({ minLength: 1, maxLength: 4 }), vote, weight: fc.double({ min: 0.1, max: 5, noNaN: true }) }), { selector: (b) => b.voter, maxLength: 8 }),
        fc.boolean(),
        (entries, weighted) => {
          const all = entries.map(({ voter, weight }) => ({ id: voter, weight, human: false }));
          const list = entries.map(({ voter, vote }) => ({ voter, vote }));
          const options = { ...DEFAULTS, weighted };
          expect(bordaStrategy.tally({ ballots: [...list].reverse(), voters: all, options })).toEqual(bordaStrategy.tally({ ballots: list, voters: all, options }));
        },
      ),
    );
  });
});
