import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Marker, NewComment, NewEvent, TallyInput, VoteValue, VotingStrategyV1 } from '@quorum/core';
import type { ResolvedPhase } from '@quorum/compiler';
import { appendComment, appendEvents, parseDiscussion, renderNewDiscussion, serializeDiscussion } from '@quorum/format';
import { defaultMarkerSet } from '@quorum/markers';
import { thresholdStrategy } from '@quorum/voting';
import { DiscussionIndex } from './discussion-index.js';
import { authorMatcher } from './discussion-rounds.js';
import { phaseFacts, type PhaseFactsInput } from './phase-facts.js';
import { referencePendingMentions, referencePhaseFacts, referencePhaseRounds, commentsOf, phaseEntryLine } from './test-helpers/reference-facts.js';

const PHASES = ['design', 'review'] as const;
const ALIASES = ['architect', 'security', 'pragmatist'];
const participants = fc.subarray([...ALIASES, 'rob'], { minLength: 1 });

const line = fc.constantFrom(
  'Plain words.',
  '@security what do you think?',
  '@architect @pragmatist please look',
  '@all over to everyone',
  '@all and @rob too',
  '@rob can you decide?',
  'Q: what about retries? @security',
  'Q: and the cost?',
  'A: it is fine',
  'A(Q1): yes',
  'TODO: write the tests @pragmatist',
  'DONE: write the tests',
  'DECISION: use a queue',
  'CONCERN: the budget',
);

type Step = { kind: 'comment'; comment: NewComment } | { kind: 'events'; events: NewEvent[] } | { kind: 'reparse' };

const comment = fc.record({
  author: fc.constantFrom('AI-Architect', 'AI-Security', 'AI-Pragmatist', 'architect', 'Rob', 'Sue'),
  text: fc.array(line, { minLength: 1, maxLength: 3 }).map((lines) => lines.join('\n')),
  vote: fc.constantFrom<VoteValue | null>(null, null, 'READY', 'CHANGES', 'REJECT'),
  usage: fc.option(fc.record({ model: fc.constant('mock:sim'), inputTokens: fc.nat(500), outputTokens: fc.nat(200), cachedInputTokens: fc.constant(0), cost: fc.option(fc.constantFrom(0.001, 0.0025)) })),
});
const event: fc.Arbitrary<NewEvent> = fc.oneof(
  fc.record({ kind: fc.constant('round' as const), phase: fc.constantFrom(...PHASES), round: fc.integer({ min: 1, max: 9 }), responders: fc.subarray(ALIASES, { minLength: 1 }) }),
  fc.record({ kind: fc.constant('phase-transition' as const), from: fc.constantFrom(...PHASES), to: fc.constantFrom(...PHASES) }),
  fc.record({ kind: fc.constant('vote-reset' as const), phase: fc.constantFrom(...PHASES) }),
  fc.record({ kind: fc.constant('no-response' as const), participant: fc.constantFrom(...ALIASES, 'Architect') }),
  fc.record({ kind: fc.constant('participant-failed' as const), participant: fc.constantFrom(...ALIASES), reason: fc.constant('timeout') }),
);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: comment.map((c): Step => ({ kind: 'comment', comment: c })) },
  { weight: 3, arbitrary: fc.array(event, { minLength: 1, maxLength: 3 }).map((events): Step => ({ kind: 'events', events })) },
  { weight: 1, arbitrary: fc.constant<Step>({ kind: 'reparse' }) },
);

/** The threshold verdict, with the markers the strategy was given as its reason and choice, so facts compare them too. */
const markerProbe: VotingStrategyV1 = {
  ...thresholdStrategy,
  tally: (input) => {
    const where = (markers: readonly Marker[] | undefined) => markers?.map((marker) => `${marker.comment}:${marker.line}:${marker.type}:${marker.text}`);
    const choice = JSON.stringify({ phase: where(input.markers), ballots: input.ballots.map((ballot) => [ballot.voter, where(ballot.markers)]) });
    return { ...thresholdStrategy.tally(input as TallyInput<never>), choice };
  },
};

function phaseOf(id: string, voting: boolean, list: readonly string[]): ResolvedPhase {
  return {
    id, title: id, goal: '', instructions: '', participants: [...list], voting, votingRule: null, voteReset: false,
    maxRounds: 9, callout: null, transitions: [], onMaxRounds: null, final: null,
  } as unknown as ResolvedPhase;
}

/** Rounds as plain data, to compare the index with the reference. */
function roundsData(rounds: ReturnType<typeof referencePhaseRounds>) {
  return {
    total: rounds.total,
    sinceEntry: rounds.sinceEntry.map((r) => ({
      line: r.event.line,
      missing: r.missing,
      answered: [...r.answered].sort(),
      commented: [...r.commented].sort(),
      noResponse: [...r.noResponse].sort(),
      failed: [...r.failed].sort(),
    })),
  };
}

describe('DiscussionIndex', () => {
  it('follows a growing discussion and gives what a full pass over it gives, after every append', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), participants, fc.boolean(), (steps, list, voting) => {
        const matches = authorMatcher();
        const index = new DiscussionIndex([defaultMarkerSet], matches);
        let discussion = parseDiscussion(renderNewDiscussion({ title: 'T', phase: 'design', created: 'now', participants: list }));
        for (const s of steps) {
          if (s.kind === 'comment') discussion = appendComment(discussion, s.comment).discussion;
          else if (s.kind === 'events') discussion = appendEvents(discussion, s.events).discussion;
          else discussion = parseDiscussion(serializeDiscussion(discussion));
          index.update(discussion);
          for (const id of PHASES) {
            expect(roundsData(index.phaseRounds(id))).toEqual(roundsData(referencePhaseRounds(discussion, id, matches)));
            const entered = phaseEntryLine(discussion, id);
            expect(index.entryLine(id)).toBe(entered);
            const since = commentsOf(discussion).filter((c) => c.line > entered);
            expect(index.pendingMentions(entered, list)).toEqual(referencePendingMentions(since, list, matches));
            const input: PhaseFactsInput = {
              discussion,
              phase: phaseOf(id, voting, list),
              participants: list,
              markerSets: [defaultMarkerSet],
              strategy: { strategy: markerProbe, options: { threshold_ready: 0.67, threshold_reject: 0.01, human_required: false } },
              voterFact: (voter) => (voter === 'Sue' ? { human: true } : undefined),
              matches,
              explicitAdvance: false,
            };
            const facts = phaseFacts({ ...input, index });
            // The vote count rides along without being one of the facts (not enumerable).
            expect({ ...facts, voteCount: facts.voteCount }).toEqual(referencePhaseFacts(input));
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('adds up the spend of the comments with a USAGE line', () => {
    let discussion = parseDiscussion(renderNewDiscussion({ title: 'T', phase: 'design', created: 'now', participants: ['architect'] }));
    const usage = { model: 'openai:gpt-4o-mini', inputTokens: 100, outputTokens: 20, cachedInputTokens: 0 };
    discussion = appendComment(discussion, { author: 'AI-Architect', text: 'one', usage: { ...usage, cost: 0.0001 } }).discussion;
    discussion = appendComment(discussion, { author: 'Rob', text: 'a person' }).discussion;
    discussion = appendComment(discussion, { author: 'AI-Architect', text: 'two', usage: { ...usage, cost: null } }).discussion;
    expect(new DiscussionIndex([defaultMarkerSet], authorMatcher()).update(discussion).spend()).toEqual({ comments: 2, tokens: 240, cost: 0.0001, unpriced: 1 });
  });
});
