import { expect, it } from 'vitest';
import type { TallyInput } from '@quorum/core';
import { parseDiscussion, renderComment, renderEvents, renderNewDiscussion } from '@quorum/format';
import { defaultMarkerSet } from '@quorum/markers';
import { thresholdStrategy } from '@quorum/voting';
import type { ResolvedPhase } from '@quorum/compiler';
import { authorMatcher } from './discussion-rounds.js';
import { phaseFacts, type StrategyChoice } from './phase-facts.js';

const review: ResolvedPhase = {
  id: 'review', title: 'Review', goal: 'g', instructions: 'i', participants: ['architect', 'security'], voting: true,
  votingRule: null, voteReset: true, maxRounds: 3, callout: null, transitions: [], onMaxRounds: 'done', final: null,
};

const threshold: StrategyChoice = { strategy: thresholdStrategy, options: { threshold_ready: 0.67, threshold_reject: 0.01, human_required: false } };

function factsOf(...records: string[]) {
  return factsWith(threshold, ...records);
}

function factsWith(strategy: StrategyChoice, ...records: string[]) {
  const text = renderNewDiscussion({ title: 'T', phase: 'start', created: 'now', participants: ['architect', 'security'] }) + records.join('');
  return phaseFacts({
    discussion: parseDiscussion(text),
    phase: review,
    participants: review.participants,
    markerSets: [defaultMarkerSet],
    strategy,
    voterFact: (id: string) => (id === 'Rob' ? { human: true } : undefined),
    matches: authorMatcher(),
    explicitAdvance: false,
  });
}

it('reads the phase from its last entry: responses, rounds, votes, mentions, questions, markers', () => {
  const facts = factsOf(
    renderComment({ author: 'AI-Architect', text: 'before the phase\nDECISION: old', vote: 'REJECT' }),
    renderEvents([{ kind: 'phase-transition', from: 'start', to: 'review' }, { kind: 'vote-reset', phase: 'review' }]),
    renderComment({ author: 'AI-Architect', text: 'Q: what about retries? @security\nDECISION: use a queue', vote: 'READY' }),
    renderComment({ author: 'AI-Architect', text: 'second round', vote: 'READY' }),
    renderComment({ author: 'Rob', text: 'fine by me', vote: 'READY' }),
  );
  expect(facts).toMatchObject({
    phase: 'review',
    rounds: 2,
    responded: ['architect'],
    pendingMentions: ['security'],
    openQuestions: 1,
    humanApproved: true,
    markerCounts: { question: 1, decision: 1 },
    explicitAdvance: false,
  });
  // AI-Architect and Rob vote READY; security has not voted: 2 of 3 eligible is 67%.
  expect(facts.votes).toEqual({ reached: true, outcome: 'READY', counts: { READY: 2, CHANGES: 0, REJECT: 0 }, voters: 3 });
});

it('clears a mention once the mentioned participant answers, and counts no votes before the reset', () => {
  const facts = factsOf(
    renderEvents([{ kind: 'phase-transition', from: 'start', to: 'review' }]),
    renderComment({ author: 'AI-Architect', text: '@security over to you', vote: 'READY' }),
    renderComment({ author: 'AI-Security', text: 'A: done' }),
    renderEvents([{ kind: 'vote-reset', phase: 'review' }]),
  );
  expect(facts).toMatchObject({ responded: ['architect', 'security'], pendingMentions: [], rounds: 1, humanApproved: false });
  expect(facts.votes).toEqual({ reached: false, outcome: null, counts: { READY: 0, CHANGES: 0, REJECT: 0 }, voters: 2 });
});

it("gives the voting strategy the phase's markers after the reset and each ballot its comment's markers, and keeps its choice", () => {
  const seen: TallyInput<Record<string, unknown>>[] = [];
  const probe: StrategyChoice = {
    strategy: {
      ...thresholdStrategy,
      tally: (input) => {
        seen.push(input);
        return { reached: false, outcome: null, blockedBy: [], reason: 'Probing.', choice: 'a queue' };
      },
    },
    options: {},
  };
  const facts = factsWith(
    probe,
    renderComment({ author: 'AI-Architect', text: 'DECISION: before the reset', vote: 'REJECT' }),
    renderEvents([{ kind: 'phase-transition', from: 'start', to: 'review' }, { kind: 'vote-reset', phase: 'review' }]),
    renderComment({ author: 'AI-Architect', text: 'DECISION: superseded', vote: 'CHANGES' }),
    renderComment({ author: 'AI-Security', text: 'CONCERN: no vote here' }),
    renderComment({ author: 'AI-Architect', text: 'DECISION: use a queue\nQ: retries?', vote: 'READY' }),
  );
  const texts = (markers: readonly { text: string }[] | undefined) => markers?.map((marker) => marker.text);
  expect(texts(seen[0]!.markers)).toEqual(['superseded', 'no vote here', 'use a queue', 'retries?']);
  expect(seen[0]!.ballots.map((ballot) => [ballot.voter, texts(ballot.markers)])).toEqual([['AI-Architect', ['use a queue', 'retries?']]]);
  expect(facts.voteCount).toMatchObject({ choice: 'a queue', reason: 'Probing.' });
});
