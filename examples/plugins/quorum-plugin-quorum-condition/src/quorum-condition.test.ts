import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PhaseFacts, PhaseVotes, VoteValue } from '@quorum/core';
import { quorumReachedCondition, type QuorumConditionOptions } from './quorum-condition.js';

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
/** A vote count with these counts over `voters` eligible voters, and the strategy's verdict `outcome` (none by default). */
const votes = (READY: number, CHANGES: number, REJECT: number, voters = READY + CHANGES + REJECT, outcome: VoteValue | null = null): PhaseVotes => ({
  reached: outcome !== null,
  outcome,
  counts: { READY, CHANGES, REJECT },
  voters,
});
const DEFAULTS: QuorumConditionOptions = { min_voters: 2, ready_share: 0.5, outcome: 'READY' };
const holds = (count: PhaseVotes | null, options: Partial<QuorumConditionOptions> = {}) =>
  quorumReachedCondition.evaluate(facts({ votes: count }), { ...DEFAULTS, ...options });

describe('the quorum_reached condition', () => {
  it('needs at least min_voters distinct voters, however unanimous they are', () => {
    expect(holds(votes(2, 0, 0), { min_voters: 3 })).toBe(false);
    expect(holds(votes(3, 0, 0), { min_voters: 3 })).toBe(true);
  });

  it('needs more than ready_share of the votes cast for READY', () => {
    expect(holds(votes(2, 1, 0), { min_voters: 3, ready_share: 0.6 })).toBe(true);
    expect(holds(votes(1, 2, 0), { min_voters: 3, ready_share: 0.6 })).toBe(false);
    // Exactly the share is not more than it: 3 of 5 is 60%.
    expect(holds(votes(3, 1, 1), { ready_share: 0.6 })).toBe(false);
    expect(holds(votes(2, 0, 2))).toBe(false);
  });

  it('measures the share of the votes cast, so voters who stay silent count neither way', () => {
    expect(holds(votes(3, 0, 0, 10), { min_voters: 3, ready_share: 0.5 })).toBe(true);
  });

  it('measures the outcome it is told to', () => {
    expect(holds(votes(0, 1, 3), { min_voters: 3, outcome: 'REJECT' })).toBe(true);
    expect(holds(votes(3, 1, 0), { min_voters: 3, outcome: 'REJECT' })).toBe(false);
  });

  it("decides by the counts, whatever the voting strategy's verdict", () => {
    expect(holds(votes(2, 1, 0, 5, null), { min_voters: 3 })).toBe(true);
    expect(holds(votes(1, 0, 0, 1, 'READY'))).toBe(false);
  });

  it('never holds where votes do not count', () => {
    expect(holds(null)).toBe(false);
  });

  it('only gains from more READY votes, and never depends on the silent voters (property)', () => {
    const count = fc.record({ READY: fc.nat(6), CHANGES: fc.nat(6), REJECT: fc.nat(6), silent: fc.nat(6) });
    const options = fc.record({ min_voters: fc.integer({ min: 1, max: 8 }), ready_share: fc.double({ min: 0, max: 0.99, noNaN: true }), outcome: fc.constant('READY' as const) });
    fc.assert(
      fc.property(count, options, fc.nat(6), ({ READY, CHANGES, REJECT, silent }, opts, more) => {
        const cast = READY + CHANGES + REJECT;
        const before = holds(votes(READY, CHANGES, REJECT, cast + silent), opts);
        expect(holds(votes(READY, CHANGES, REJECT, cast), opts)).toBe(before);
        if (before) expect(holds(votes(READY + more, CHANGES, REJECT, cast + more + silent), opts)).toBe(true);
      }),
    );
  });

  it('says before any run why it can never hold in a phase', () => {
    expect(quorumReachedCondition.check!(DEFAULTS, { id: 'talk', voting: false, participants: [] })).toBe(
      'votes do not count in phase "talk" (voting: false), so quorum_reached never holds there; set voting: true',
    );
    expect(quorumReachedCondition.check!({ ...DEFAULTS, min_voters: 4 }, { id: 'decide', voting: true, participants: ['a', 'b'] })).toBe(
      'phase "decide" has 2 participants, fewer than quorum_reached\'s min_voters (4); lower min_voters or add participants',
    );
    expect(quorumReachedCondition.check!(DEFAULTS, { id: 'decide', voting: true, participants: ['a', 'b'] })).toBeUndefined();
  });
});
