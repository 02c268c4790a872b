import { VOTE_VALUES, type VotingStrategyV1 } from '@quorum/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinVotingStrategies, DEFAULT_STRATEGY } from './builtin-voting-strategies.js';
import { countVotes, type CountVotesInput, type VoterSpec } from './count-votes.js';
import { majorityStrategy } from './majority-strategy.js';
import { thresholdStrategy } from './threshold-strategy.js';
import { unanimousStrategy } from './unanimous-strategy.js';
import { vetoStrategy } from './veto-strategy.js';
import { weightedStrategy } from './weighted-strategy.js';

type Comment = CountVotesInput['comments'][number];

const authors = ['AI-Architect', 'AI-Security', 'AI-Pragmatist', 'Rob', 'Sue', 'Ann', 'bot_cost_cutter'];
const fraction = fc.double({ min: 0.001, max: 1, noNaN: true });
const thresholdOptions = { threshold_ready: fraction, threshold_reject: fc.double({ min: 0, max: 1, noNaN: true }), human_required: fc.boolean() };

type StrategyWithOptions = [VotingStrategyV1, Record<string, unknown>];
const withOptions =
  (strategy: VotingStrategyV1) =>
  (options: Record<string, unknown>): StrategyWithOptions => [strategy, options];

/** Every built-in strategy with options anywhere in its schema's range. */
const strategyWithOptions = fc.oneof(
  fc.record(thresholdOptions).map(withOptions(thresholdStrategy)),
  fc.record({ human_required: fc.boolean() }).map(withOptions(majorityStrategy)),
  fc.constant({}).map(withOptions(unanimousStrategy)),
  fc.record({ threshold: fraction }).map(withOptions(vetoStrategy)),
  fc
    .record({ ...thresholdOptions, weights: fc.dictionary(fc.constantFrom(...authors, 'architect', 'rob'), fc.integer({ min: 0, max: 5 })) })
    .map(withOptions(weightedStrategy)),
);

const rosterArbitrary = fc.subarray<VoterSpec>([
  { id: 'architect', weight: 3 },
  { id: 'security' },
  { id: 'pragmatist', weight: 0 },
  { id: 'rob', human: true },
  { id: 'sue', background: true },
]);
const commentsArbitrary = fc
  .array(fc.record({ author: fc.constantFrom(...authors), vote: fc.option(fc.constantFrom(...VOTE_VALUES), { nil: null }) }), { maxLength: 25 })
  .map((list) => list.map((comment, index): Comment => ({ ...comment, line: 10 + index })));

const count = (strategy: VotingStrategyV1, options: Record<string, unknown>, roster: readonly VoterSpec[], comments: readonly Comment[]) =>
  countVotes({ phase: 'review', voteResets: [], strategy, options, roster, comments });

describe('built-in strategies', () => {
  it('are the five documented ones, threshold first and by default', () => {
    expect(builtinVotingStrategies.map((strategy) => strategy.name)).toEqual(['threshold', 'majority', 'unanimous', 'veto', 'weighted']);
    expect(DEFAULT_STRATEGY).toBe('threshold');
  });

  it('are pure and reach an outcome exactly when they say so', () => {
    fc.assert(
      fc.property(strategyWithOptions, rosterArbitrary, commentsArbitrary, ([strategy, options], roster, comments) => {
        const first = count(strategy, options, roster, comments);
        expect(count(strategy, options, roster, comments)).toEqual(first);
        expect(first.outcome === null).toBe(!first.reached);
        expect(first.reason.length).toBeGreaterThan(0);
      }),
    );
  });

  it('never lose a reached READY when someone who had not voted votes READY', () => {
    fc.assert(
      fc.property(
        strategyWithOptions,
        rosterArbitrary,
        commentsArbitrary,
        fc.constantFrom('Newcomer', 'AI-Newcomer', 'architect', 'security', 'pragmatist', 'rob', 'sue'),
        ([strategy, options], roster, comments, author) => {
          const before = count(strategy, options, roster, comments);
          // An added vote, not a changed one: the author is off the roster, background, or a roster voter who has not voted.
          const onRoster = roster.some((entry) => entry.id === author && entry.background !== true);
          fc.pre(before.outcome === 'READY' && (!onRoster || before.missing.includes(author)));
          const after = count(strategy, options, roster, [...comments, { author, vote: 'READY', line: 10_000 }]);
          expect(after).toMatchObject({ reached: true, outcome: 'READY' });
        },
      ),
    );
  });
});
