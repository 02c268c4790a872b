import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ballot, Marker, Tally, VoteValue, Voter } from '@quorum/core';
import { bordaStrategy, proposalsOf, rankedIds, type BordaOptions } from './borda-strategy.js';

const DEFAULTS: BordaOptions = { min_turnout: 1, weighted: false };
let line = 0;
let comment = 0;
const marker = (type: string, argument: string | null, text: string, author: string): Marker => ({
  type,
  keyword: type.toUpperCase(),
  argument,
  text,
  author,
  comment: comment++,
  line: ++line,
  mentions: [],
});
const proposal = (id: string, author = 'AI-Architect') => marker('proposal', id, `Option ${id}.`, author);
const PROPOSALS = [proposal('outbox'), proposal('queue', 'AI-Security'), proposal('cron', 'AI-Pragmatist')];

/** A ballot whose comment holds `RANK: ranking` (none when null), and the phase's markers with it. */
interface Cast {
  readonly voter: string;
  readonly ranking: string | null;
  readonly vote?: VoteValue;
  readonly weight?: number;
}
function election(casts: readonly Cast[], proposals: readonly Marker[] = PROPOSALS, silent: readonly string[] = []) {
  const ballots: Ballot[] = casts.map(({ voter, ranking, vote = 'READY' }) => ({ voter, vote, markers: ranking === null ? [] : [marker('rank', null, ranking, voter)] }));
  const voters: Voter[] = [...casts.map(({ voter, weight = 1 }) => ({ id: voter, weight, human: false })), ...silent.map((id) => ({ id, weight: 1, human: false }))];
  const markers = [...proposals, ...ballots.flatMap((ballot) => ballot.markers ?? [])];
  return { ballots, voters, markers };
}
const tally = (casts: readonly Cast[], options: Partial<BordaOptions> = {}, silent: readonly string[] = []): Tally =>
  bordaStrategy.tally({ ...election(casts, PROPOSALS, silent), options: { ...DEFAULTS, ...options } });

describe('the borda strategy', () => {
  it('gives n-1, n-2 … points by place and chooses the proposal with the most', () => {
    const result = tally([
      { voter: 'AI-Architect', ranking: 'outbox > queue > cron' },
      { voter: 'AI-Security', ranking: 'queue > outbox > cron' },
      { voter: 'AI-Pragmatist', ranking: 'Outbox, cron' },
    ]);
    expect(result).toEqual({
      reached: true,
      outcome: 'READY',
      blockedBy: [],
      choice: 'outbox',
      reason: 'Borda count over 3 rankings of 3 proposals: outbox 5, queue 3, cron 1; outbox wins.',
    });
  });

  it('gives unranked proposals nothing, counts a repeated id once, and names ids no proposal has', () => {
    const result = tally([
      { voter: 'a', ranking: 'cron > cron > nosuch > queue' },
      { voter: 'b', ranking: 'cron' },
    ]);
    expect(result.reason).toBe('Borda count over 2 rankings of 3 proposals: cron 4, queue 1, outbox 0 (ignored unknown id nosuch); cron wins.');
    expect(result.choice).toBe('cron');
  });

  it('breaks a tie for first place in favour of the earliest proposal, and says so', () => {
    const result = tally([
      { voter: 'a', ranking: 'queue > outbox' },
      { voter: 'b', ranking: 'outbox > queue' },
    ]);
    expect(result).toMatchObject({ reached: true, outcome: 'READY', choice: 'outbox' });
    expect(result.reason).toBe('Borda count over 2 rankings of 3 proposals: outbox 3, queue 3, cron 0; outbox and queue tie, and outbox wins as the earliest proposal.');
  });

  it('reads only the RANK line of the comment that cast each vote, whatever the vote', () => {
    // A RANK line written by a voter in another comment is in the phase's markers but not on the ballot.
    const { ballots, voters, markers } = election([{ voter: 'a', ranking: 'cron > queue', vote: 'REJECT' }, { voter: 'b', ranking: null, vote: 'READY' }]);
    const elsewhere = marker('rank', null, 'queue > outbox > cron', 'b');
    const result = bordaStrategy.tally({ ballots, voters, markers: [...markers, elsewhere], options: { ...DEFAULTS, min_turnout: 0.5 } });
    expect(result).toMatchObject({ choice: 'cron', reason: 'Borda count over 1 ranking of 3 proposals: cron 2, queue 1, outbox 0; cron wins.' });
    // With two RANK lines in one comment, the last one counts.
    const twice: Ballot = { voter: 'a', vote: 'READY', markers: [marker('rank', null, 'cron', 'a'), marker('rank', null, 'queue', 'a')] };
    expect(bordaStrategy.tally({ ballots: [twice], voters: voters.slice(0, 1), markers: PROPOSALS, options: DEFAULTS }).choice).toBe('queue');
  });

  it('takes the first proposal of each id, case-insensitively', () => {
    const proposals = proposalsOf([proposal('Queue'), marker('proposal', 'queue', 'A second queue.', 'Rob'), marker('decision', null, 'Not a proposal.', 'Rob')]);
    expect(proposals.map((p) => [p.id, p.text])).toEqual([['Queue', 'Option Queue.']]);
    expect(rankedIds(' a >b , ,c> ')).toEqual(['a', 'b', 'c']);
  });

  it('waits for the turnout it is told to, counting only voters whose ballot ranks a proposal', () => {
    const waiting = tally([{ voter: 'a', ranking: 'queue' }, { voter: 'b', ranking: 'nosuch' }], {}, ['c']);
    expect(waiting).toEqual({
      reached: false,
      outcome: null,
      blockedBy: [],
      choice: null,
      reason: 'Borda count over 1 ranking of 3 proposals: queue 2, outbox 0, cron 0 (ignored unknown id nosuch); waiting for 3 of 3 voters to rank.',
    });
    expect(tally([{ voter: 'a', ranking: 'queue' }, { voter: 'b', ranking: 'cron' }], { min_turnout: 0.6 }, ['c'])).toMatchObject({ reached: true, choice: 'queue' });
    expect(tally([{ voter: 'a', ranking: null }], { min_turnout: 0.1 })).toMatchObject({ reached: false, choice: null });
  });

  it('chooses nothing without proposals, or from a host that passes no markers', () => {
    const { ballots, voters } = election([{ voter: 'a', ranking: 'queue' }]);
    expect(bordaStrategy.tally({ ballots, voters, markers: [], options: DEFAULTS })).toEqual({
      reached: false,
      outcome: null,
      blockedBy: [],
      choice: null,
      reason: 'No proposals yet: write one as PROPOSAL(id): what you propose.',
    });
    expect(bordaStrategy.tally({ ballots: [{ voter: 'a', vote: 'READY' }], voters, options: DEFAULTS })).toMatchObject({
      reached: false,
      choice: null,
      reason: 'This Quorum passes no markers to voting strategies, so borda cannot see the proposals; upgrade Quorum.',
    });
  });

  it('counts weights only when asked', () => {
    const casts = [
      { voter: 'boss', ranking: 'cron > queue > outbox', weight: 4 },
      { voter: 'a', ranking: 'queue > outbox > cron' },
      { voter: 'b', ranking: 'queue > cron > outbox' },
    ];
    expect(tally(casts).choice).toBe('queue');
    expect(tally(casts, { weighted: true })).toMatchObject({ choice: 'cron', reason: 'Borda count over 3 rankings of 3 proposals: cron 9, queue 8, outbox 1; cron wins.' });
  });

  it('gives the same tally for any order of the ballots (property)', () => {
    const ids = ['outbox', 'queue', 'cron', 'nosuch'];
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({ voter: fc.string({ minLength: 1, maxLength: 4 }), ranking: fc.option(fc.shuffledSubarray(ids).map((list) => list.join(' > '))), weight: fc.double({ min: 0.1, max: 5, noNaN: true }) }),
          { selector: (cast) => cast.voter, maxLength: 8 },
        ),
        fc.boolean(),
        (casts, weighted) => {
          const { ballots, voters, markers } = election(casts);
          const options = { min_turnout: 0.5, weighted };
          expect(bordaStrategy.tally({ ballots: [...ballots].reverse(), voters, markers, options })).toEqual(bordaStrategy.tally({ ballots, voters, markers, options }));
        },
      ),
    );
  });
});
