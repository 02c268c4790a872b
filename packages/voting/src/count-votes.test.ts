import { VOTE_VALUES, type Marker, type TallyInput, type VoteValue, type VotingStrategyV1 } from '@quorum/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countVotes, type CountVotesInput, type VoterSpec } from './count-votes.js';
import { defaultOptions } from './default-options.js';
import { majorityStrategy } from './majority-strategy.js';
import { thresholdStrategy } from './threshold-strategy.js';

type Comment = CountVotesInput['comments'][number];

/** A vote count with the threshold strategy's defaults unless told otherwise. */
function count(input: Partial<CountVotesInput>) {
  return countVotes({
    phase: 'review',
    comments: [],
    voteResets: [],
    roster: [],
    strategy: thresholdStrategy,
    options: defaultOptions(thresholdStrategy),
    ...input,
  });
}

/** Comments voting as given, on lines 10, 20, 30… */
const comments = (...votes: [string, VoteValue | null][]): Comment[] => votes.map(([author, vote], index) => ({ author, vote, line: 10 * (index + 1) }));

/** A verdict for probe strategies that only look at their input. */
const NOTHING = { reached: false, outcome: null, blockedBy: [], reason: 'Nothing is decided.' } as const;

const seedRoster: VoterSpec[] = [{ id: 'architect' }, { id: 'security' }, { id: 'pragmatist' }];

describe('countVotes', () => {
  it('counts the seed examples', () => {
    const ready = count({ roster: seedRoster, comments: comments(['AI-Architect', 'READY'], ['AI-Security', 'READY'], ['AI-Pragmatist', 'CHANGES']) });
    expect(ready).toEqual({
      strategy: 'threshold',
      phase: 'review',
      reached: true,
      outcome: 'READY',
      reason: ready.reason,
      counts: { READY: 2, CHANGES: 1, REJECT: 0 },
      blockedBy: [],
      missing: [],
      votes: { 'AI-Architect': 'READY', 'AI-Security': 'READY', 'AI-Pragmatist': 'CHANGES' },
      voters: ['AI-Architect', 'AI-Security', 'AI-Pragmatist'],
    });
    const blocked = count({ roster: seedRoster, comments: comments(['AI-Architect', 'READY'], ['AI-Security', 'REJECT'], ['AI-Pragmatist', 'READY']) });
    expect(blocked).toMatchObject({ reached: false, outcome: null, blockedBy: ['AI-Security'] });
  });

  it('gives the README example', () => {
    const result = countVotes({
      phase: 'review',
      comments: [
        { author: 'AI-Architect', vote: 'READY', line: 12 },
        { author: 'AI-Security', vote: 'REJECT', line: 30 },
        { author: 'AI-Pragmatist', vote: 'READY', line: 41 },
      ],
      voteResets: [],
      roster: [{ id: 'architect' }, { id: 'security' }, { id: 'pragmatist' }, { id: 'moderator', background: true }],
      strategy: thresholdStrategy,
      options: defaultOptions(thresholdStrategy),
    });
    expect(result).toMatchObject({ reached: false, outcome: null, blockedBy: ['AI-Security'], counts: { READY: 2, CHANGES: 0, REJECT: 1 }, missing: [] });
  });

  it('names voters by author when they voted and by roster id when they did not', () => {
    const result = count({ roster: seedRoster, comments: comments(['AI-Architect', 'READY'], ['AI-Security', null]) });
    expect(result.voters).toEqual(['AI-Architect', 'security', 'pragmatist']);
    expect(result.missing).toEqual(['security', 'pragmatist']);
    expect(result.votes).toEqual({ 'AI-Architect': 'READY' });
    expect(result.reached).toBe(false);
  });

  it('matches authors to roster entries by id, alias of the author name, or listed alias', () => {
    const roster: VoterSpec[] = [{ id: 'AI-Exact' }, { id: 'Architect' }, { id: 'security', aliases: ['sec', 'SecOps'] }];
    const result = count({ roster, comments: comments(['AI-Exact', 'READY'], ['ai_architect', 'READY'], ['bot-secops', 'READY']) });
    expect(result.voters).toEqual(['AI-Exact', 'ai_architect', 'bot-secops']);
    expect(result.missing).toEqual([]);
  });

  it('counts only each voter’s latest vote, by line', () => {
    const result = count({
      roster: [{ id: 'architect' }],
      comments: [
        { author: 'AI-Architect', vote: 'READY', line: 50 },
        { author: 'AI-Architect', vote: 'REJECT', line: 20 },
        { author: 'AI-Architect', vote: null, line: 60 },
        { author: 'architect', vote: 'CHANGES', line: 40 },
      ],
    });
    expect(result.votes).toEqual({ 'AI-Architect': 'READY' });
    expect(result.counts).toEqual({ READY: 1, CHANGES: 0, REJECT: 0 });
  });

  it('counts only votes after the last VOTE-RESET of the current phase', () => {
    const votes = comments(['AI-a', 'REJECT'], ['AI-b', 'READY'], ['AI-c', 'READY'], ['AI-a', null]);
    const resets = [
      { phase: 'review', line: 5 },
      { phase: 'review', line: 15 },
      { phase: 'draft', line: 25 },
    ];
    expect(count({ comments: votes, voteResets: resets })).toMatchObject({ reached: true, outcome: 'READY', voters: ['AI-b', 'AI-c'] });
    expect(count({ comments: votes, voteResets: resets, phase: 'draft' })).toMatchObject({ reached: true, outcome: 'READY', voters: ['AI-c'] });
    expect(count({ comments: votes, voteResets: resets, phase: 'other' })).toMatchObject({ reached: false, blockedBy: ['AI-a'] });
    expect(count({ comments: votes, voteResets: resets, phase: null }).voters).toEqual(['AI-a', 'AI-b', 'AI-c']);
  });

  it('never counts background voters nor makes them eligible', () => {
    const roster: VoterSpec[] = [{ id: 'moderator', background: true }, { id: 'architect' }];
    const result = count({ roster, comments: comments(['AI-Moderator', 'REJECT'], ['AI-Architect', 'READY']) });
    expect(result).toMatchObject({ reached: true, outcome: 'READY', voters: ['AI-Architect'], missing: [], votes: { 'AI-Architect': 'READY' } });
  });

  it('makes authors who voted but are not on the roster eligible, after the roster, by name', () => {
    const result = count({ roster: [{ id: 'architect' }], comments: comments(['Zoe', 'READY'], ['Adam', 'CHANGES'], ['Bea', null]) });
    expect(result.voters).toEqual(['architect', 'Adam', 'Zoe']);
    expect(result.missing).toEqual(['architect']);
  });

  it('takes humans from the roster flag, else from the author name', () => {
    const options = { ...defaultOptions(thresholdStrategy), human_required: true };
    const roster: VoterSpec[] = [{ id: 'architect', human: true }, { id: 'rob', human: false }, { id: 'sue' }];
    const human = (votes: [string, VoteValue | null][]) => count({ roster, options, comments: comments(...votes) }).outcome;
    expect(human([['AI-Architect', 'READY'], ['Rob', 'CHANGES'], ['Sue', 'READY']])).toBe('READY');
    expect(human([['AI-Architect', 'READY'], ['Rob', 'READY'], ['Sue', 'CHANGES']])).toBe('READY');
    expect(human([['AI-Architect', 'CHANGES'], ['Rob', 'READY'], ['AI-Sue', 'READY']])).toBeNull();
  });

  it('passes roster weights to the strategy', () => {
    const strategy = { ...thresholdStrategy, tally: (input: Parameters<typeof thresholdStrategy.tally>[0]) => ({ reached: false, outcome: null, blockedBy: [], reason: JSON.stringify(input.voters) }) };
    const result = count({ strategy, roster: [{ id: 'architect', weight: 3 }], comments: comments(['AI-Architect', 'READY'], ['Rob', 'READY']) });
    expect(JSON.parse(result.reason)).toEqual([
      { id: 'AI-Architect', weight: 3, human: false },
      { id: 'Rob', weight: 1, human: true },
    ]);
  });

  it('gives the strategy the markers after the last reset, in file order, and each ballot its counted comment’s markers', () => {
    const seen: TallyInput<Record<string, unknown>>[] = [];
    const probe: VotingStrategyV1 = { ...thresholdStrategy, tally: (input) => (seen.push(input), NOTHING) };
    const marker = (comment: number, line: number, author: string, type = 'proposal'): Marker => ({ type, keyword: type.toUpperCase(), argument: null, text: `${type} ${line}`, author, comment, line, mentions: [] });
    const before = marker(0, 3, 'AI-Architect');
    const old = marker(1, 12, 'AI-Architect');
    const latest = [marker(3, 31, 'AI-Architect', 'rank'), marker(3, 32, 'AI-Architect')];
    const silent = marker(2, 21, 'AI-Security');
    const markers = [latest[1]!, silent, before, old, latest[0]!];
    count({
      strategy: probe,
      roster: [{ id: 'architect' }, { id: 'security' }],
      voteResets: [{ phase: 'review', line: 5 }],
      markers,
      comments: [
        { author: 'AI-Architect', vote: 'REJECT', line: 4, comment: 0 },
        { author: 'AI-Architect', vote: 'CHANGES', line: 13, comment: 1 },
        { author: 'AI-Security', vote: null, line: 22, comment: 2 },
        { author: 'AI-Architect', vote: 'READY', line: 33, comment: 3 },
      ],
    });
    expect(seen[0]!.markers).toEqual([old, silent, ...latest]);
    expect(seen[0]!.ballots).toEqual([{ voter: 'AI-Architect', vote: 'READY', markers: latest }]);
  });

  it('gives a ballot an empty marker list when its comment has none, and no markers at all when the host passes none', () => {
    const seen: TallyInput<Record<string, unknown>>[] = [];
    const probe: VotingStrategyV1 = { ...thresholdStrategy, tally: (input) => (seen.push(input), NOTHING) };
    const votes: Comment[] = [{ author: 'AI-Architect', vote: 'READY', line: 10, comment: 0 }];
    count({ strategy: probe, comments: votes, markers: [] });
    count({ strategy: probe, comments: votes });
    expect(seen[0]).toMatchObject({ markers: [], ballots: [{ voter: 'AI-Architect', vote: 'READY', markers: [] }] });
    expect('markers' in seen[1]!).toBe(false);
    expect(seen[1]!.ballots).toEqual([{ voter: 'AI-Architect', vote: 'READY' }]);
  });

  it('passes the strategy’s choice through, and leaves it out when the strategy gives none', () => {
    const choosing = (choice: string | null): VotingStrategyV1 => ({ ...thresholdStrategy, tally: () => ({ ...NOTHING, choice }) });
    expect(count({ strategy: choosing('outbox') }).choice).toBe('outbox');
    expect(count({ strategy: choosing(null) })).toMatchObject({ choice: null });
    expect('choice' in count({})).toBe(false);
  });

  it('reports the strategy name and phase', () => {
    expect(count({ strategy: majorityStrategy, options: defaultOptions(majorityStrategy), phase: null })).toMatchObject({ strategy: 'majority', phase: null, reached: false });
  });
});

const authors = ['AI-Architect', 'AI-Security', 'AI-Pragmatist', 'AI-Moderator', 'Rob', 'Sue', 'Ann', 'bot_cost_cutter', 'AI-Visitor'];
const rosterPool: VoterSpec[] = [
  { id: 'architect' },
  { id: 'security', aliases: ['sec'] },
  { id: 'pragmatist', weight: 2 },
  { id: 'moderator' },
  { id: 'rob', human: true },
  { id: 'sue' },
];
const voteArbitrary = fc.option(fc.constantFrom(...VOTE_VALUES), { nil: null });
const rosterArbitrary = fc
  .tuple(fc.subarray(rosterPool), fc.array(fc.boolean(), { minLength: rosterPool.length, maxLength: rosterPool.length }))
  .map(([entries, background]) => entries.map((entry, index) => ({ ...entry, background: background[index] === true })));
/** Comments on distinct, increasing lines from `firstLine`. */
const commentsArbitrary = (firstLine: number, maxLength = 20) =>
  fc
    .array(fc.record({ author: fc.constantFrom(...authors), vote: voteArbitrary }), { maxLength })
    .map((list) => list.map((comment, index): Comment => ({ ...comment, line: firstLine + 2 * index })));

describe('countVotes properties', () => {
  it('does not depend on the order of the ballots of distinct authors', () => {
    const distinct = fc
      .uniqueArray(fc.record({ author: fc.constantFrom(...authors), vote: voteArbitrary }), { selector: (comment) => comment.author })
      .chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length })));
    fc.assert(
      fc.property(rosterArbitrary, distinct, fc.boolean(), (roster, [ordered, shuffled], sameLines) => {
        const withLines = (list: { author: string; vote: VoteValue | null }[]) =>
          list.map((comment, index): Comment => ({ ...comment, line: sameLines ? 10 : 10 + index }));
        expect(count({ roster, comments: withLines(shuffled) })).toEqual(count({ roster, comments: withLines(ordered) }));
      }),
    );
  });

  it('lets a later vote replace an earlier one: the result equals counting only the last', () => {
    fc.assert(
      fc.property(rosterArbitrary, commentsArbitrary(10), fc.constantFrom(...authors), fc.constantFrom(...VOTE_VALUES), (roster, list, author, vote) => {
        const later: Comment = { author, vote, line: 10_000 };
        const withoutEarlier = list.filter((comment) => comment.author !== author);
        expect(count({ roster, comments: [...list, later] })).toEqual(count({ roster, comments: [...withoutEarlier, later] }));
      }),
    );
  });

  it('ignores every vote before the last VOTE-RESET of the current phase', () => {
    fc.assert(
      fc.property(
        rosterArbitrary,
        commentsArbitrary(1001),
        commentsArbitrary(1),
        fc.array(fc.record({ phase: fc.constantFrom('review', 'draft'), line: fc.integer({ min: 1, max: 2000 }) }), { maxLength: 4 }),
        (roster, after, before, otherResets) => {
          const voteResets = [...otherResets.filter((reset) => reset.phase !== 'review' || reset.line < 1000), { phase: 'review', line: 1000 }];
          expect(count({ roster, voteResets, comments: [...before, ...after] })).toEqual(count({ roster, voteResets, comments: after }));
        },
      ),
    );
  });

  it('never lets background voters change the result', () => {
    fc.assert(
      fc.property(rosterArbitrary, commentsArbitrary(1), fc.array(fc.tuple(fc.nat(), voteArbitrary, fc.boolean()), { maxLength: 10 }), (roster, list, extra) => {
        const background = roster.filter((entry) => entry.background);
        fc.pre(background.length > 0);
        const added = extra.map(([pick, vote, asAi], index): Comment => {
          const id = background[pick % background.length]?.id ?? '';
          return { author: asAi ? `AI-${id}` : id, vote, line: 2 * index + 2 };
        });
        expect(count({ roster, comments: [...list, ...added] })).toEqual(count({ roster, comments: list }));
      }),
    );
  });
});
