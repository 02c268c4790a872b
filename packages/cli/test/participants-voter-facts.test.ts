import type { PersonaV1 } from '@quorum/core';
import { countVotes, thresholdStrategy, weightedStrategy, defaultOptions } from '@quorum/voting';
import { describe, expect, it } from 'vitest';
import { rosterOf, voterFactsOf, voterFactsWithPersonas, type VotingInput } from '../src/discussion-report.js';

function persona(alias: string, fields: Partial<PersonaV1> = {}): PersonaV1 {
  return { name: `AI-${alias}`, alias, role: alias, personality: 'p', expertise: [], concerns: [], type: 'voting', ...fields };
}

const PERSONAS = [
  persona('architect'),
  persona('researcher', { name: 'AI-Researcher', type: 'background' }),
  persona('critic', { name: 'AI-Critic', weight: 3 }),
  persona('dreamer', { name: 'Dreamer' }),
];

describe('voterFactsWithPersonas', () => {
  it('adds background, weight, and "not a person" for personas whose names look human; nothing for plain personas', () => {
    expect(voterFactsWithPersonas({}, PERSONAS)).toEqual({
      researcher: { background: true },
      critic: { weight: 3 },
      dreamer: { human: false },
    });
  });

  it("lets config's entries win field by field, whether keyed by alias, author name or display name", () => {
    const facts = voterFactsWithPersonas({ 'AI-Researcher': { background: false }, critic: { human: true }, Rob: { human: true } }, PERSONAS);
    expect(facts).toEqual({
      'AI-Researcher': { background: false },
      critic: { weight: 3, human: true },
      Rob: { human: true },
      researcher: { background: false },
      dreamer: { human: false },
    });
    expect(voterFactsOf(facts, 'researcher')).toEqual({ background: false });
    expect(voterFactsOf(facts, 'AI-Critic')).toEqual({ weight: 3, human: true });
  });

  it('leaves config alone when no persona adds anything', () => {
    const configured = { Rob: { human: true } };
    expect(voterFactsWithPersonas(configured, [persona('architect')])).toEqual(configured);
  });
});

describe('votes counted with persona facts', () => {
  const input: VotingInput = {
    phase: null,
    participants: ['architect', 'critic'],
    comments: [
      { author: 'AI-Architect', vote: 'READY', line: 10 },
      { author: 'AI-Critic', vote: 'CHANGES', line: 20 },
      { author: 'AI-Researcher', vote: 'READY', line: 30 },
    ],
    events: [],
  };

  it('drops a background persona that commented, and weighs a persona by its weight', () => {
    const facts = voterFactsWithPersonas({}, PERSONAS);
    const roster = rosterOf(input, facts);
    expect(roster).toEqual([{ id: 'architect' }, { id: 'critic', weight: 3 }, { id: 'researcher', background: true }]);
    const count = countVotes({ phase: null, comments: input.comments, voteResets: [], roster, strategy: weightedStrategy, options: defaultOptions(weightedStrategy) });
    expect(count).toMatchObject({ voters: ['AI-Architect', 'AI-Critic'], reached: true, outcome: 'CHANGES' });
    const unweighted = countVotes({ phase: null, comments: input.comments, voteResets: [], roster, strategy: thresholdStrategy, options: defaultOptions(thresholdStrategy) });
    expect(unweighted).toMatchObject({ reached: false, outcome: null });
  });

  it('adds a voter config describes under two names only once', () => {
    const roster = rosterOf({ ...input, participants: ['architect', 'researcher'] }, { 'AI-Researcher': { background: true }, researcher: { background: true } });
    expect(roster.map((entry) => entry.id)).toEqual(['architect', 'researcher']);
  });
});
