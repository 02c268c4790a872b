import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PhaseFacts, VoteValue } from '@quorum/core';
import { quorumReachedCondition, type QuorumConditionOptions } from './quorum-condition.js';
import { quorumStrategy } from './quorum-strategy.js';

const facts = (over: Partial<PhaseFacts>): PhaseFacts => ({
  phase: 'decide',
  rounds: 1,
  participants: ['architect', 'security', 'pragmatist'],
  responded: [],
  pendingMentions: [],
  votes: null,
  openQuestions: 0,
  humanApproved: false,
  markerCounts: {},
  explicitAdvance: false,
  totalRounds: 1,
  designFacets: [],
  ...over,
});
const options: QuorumConditionOptions = { min_voters: 2, outcome: 'READY' };

describe('the quorum strategy', () => {
  const tally = (votes: VoteValue[], min_voters = 3, ready_share = 0.6) =>
    quorumStrategy.tally({
      ballots: votes.map((vote, i) => ({ voter: `v${i}`, vote })),
      voters: votes.map((_, i) => ({ id: `v${i}`, weight: 1, human: false })),
      options: { min_voters, ready_share },
    });

  it('decides nothing below the quorum, however unanimous', () => {
    expect(tally(['READY', 'READY'])).toEqual({ reached: false, outcome: null, blockedBy: [], reason: 'No quorum: 2 of the 3 voters needed have voted.' });
  });

  it('needs more than the share of the votes cast once the quorum is present', () => {
    expect(tally(['READY', 'READY', 'CHANGES'])).toMatchObject({ reached: true, outcome: 'READY' });
    expect(tally(['READY', 'READY', 'CHANGES'], 3, 0.67).reason).toBe('Quorum present (3 voters), but no outcome has more than 67% of the votes (READY 67%, CHANGES 33%, REJECT 0%).');
    expect(tally(['REJECT', 'REJECT', 'REJECT', 'READY'])).toMatchObject({ reached: true, outcome: 'REJECT' });
  });

  it('does not count silent voters against the outcome, unlike threshold', () => {
    const result = quorumStrategy.tally({
      ballots: [{ voter: 'a', vote: 'READY' }, { voter: 'b', vote: 'READY' }],
      voters: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, weight: 1, human: false })),
      options: { min_voters: 2, ready_share: 0.5 },
    });
    expect(result).toMatchObject({ reached: true, outcome: 'READY' });
  });

  it('never depends on the order of ballots (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<VoteValue>('READY', 'CHANGES', 'REJECT'), { maxLength: 9 }), fc.integer({ min: 1, max: 5 }), (votes, min) => {
        const ballots = votes.map((vote, i) => ({ voter: `v${i}`, vote }));
        const input = { voters: [], options: { min_voters: min, ready_share: 0.5 } };
        expect(quorumStrategy.tally({ ...input, ballots: [...ballots].reverse() })).toEqual(quorumStrategy.tally({ ...input, ballots }));
      }),
    );
  });
});

describe('the quorum_reached condition', () => {
  it('holds only with the outcome reached and enough distinct participants answering', () => {
    const reached = { reached: true, outcome: 'READY' as const };
    expect(quorumReachedCondition.evaluate(facts({ votes: reached, responded: ['architect', 'security'] }), options)).toBe(true);
    expect(quorumReachedCondition.evaluate(facts({ votes: reached, responded: ['architect'] }), options)).toBe(false);
    expect(quorumReachedCondition.evaluate(facts({ votes: { reached: true, outcome: 'CHANGES' }, responded: ['architect', 'security'] }), options)).toBe(false);
    expect(quorumReachedCondition.evaluate(facts({ votes: { reached: false, outcome: null }, responded: ['architect', 'security'] }), options)).toBe(false);
    expect(quorumReachedCondition.evaluate(facts({ votes: null, responded: ['architect', 'security'] }), options)).toBe(false);
    expect(quorumReachedCondition.evaluate(facts({ votes: { reached: true, outcome: 'REJECT' }, responded: ['a', 'b'] }), { min_voters: 2, outcome: 'REJECT' })).toBe(true);
  });

  it('says before any run why it can never hold in a phase', () => {
    expect(quorumReachedCondition.check!(options, { id: 'talk', voting: false, participants: [] })).toBe(
      'votes do not count in phase "talk" (voting: false), so quorum_reached never holds there; set voting: true',
    );
    expect(quorumReachedCondition.check!({ min_voters: 4, outcome: 'READY' }, { id: 'decide', voting: true, participants: ['a', 'b'] })).toBe(
      'phase "decide" has 2 participants, fewer than quorum_reached\'s min_voters (4); lower min_voters or add participants',
    );
    expect(quorumReachedCondition.check!(options, { id: 'decide', voting: true, participants: ['a', 'b'] })).toBeUndefined();
  });
});
