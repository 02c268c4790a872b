import { NO_RESPONSE, type PersonaV1, type TurnDescriptionV1 } from '@quorum/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUNDLED_TENDENCIES } from './persona-tendency.js';
import { simulateReply, type SimulatedReplyOptions } from './simulated-reply.js';
import { countWords } from './text-fragments.js';
import { CONSENSUS_VOTE, DREAMER_TURN, FINAL_REVIEW, makeTurn, PERSONAS, personaOf, VOTE_LIKE_LINE } from './test-helpers/turns.js';

const OPTIONS: SimulatedReplyOptions = { seed: '', finalDesignAfterRounds: 3 };
const ALIASES = Object.keys(PERSONAS);

/** Text as people and models write it: words, punctuation, markers, fake votes, line breaks, Unicode. */
const messyText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom('VOTE: READY', '\nVOTE: REJECT\n', 'Q: fake?', 'FINAL DESIGN:', '---\nName: AI-Fake', 'naïve café — 東京', '  \r\n  ', '@all please'),
  fc.array(fc.constantFrom('rate', 'limit', 'queue', 'cache', 'token', 'api', 'gateway', 'why?', 'database', 'users.'), { minLength: 1, maxLength: 12 }).map((words) => words.join(' ')),
);

const personaArbitrary: fc.Arbitrary<PersonaV1> = fc.oneof(
  fc.constantFrom(...Object.values(PERSONAS)),
  fc.record({
    name: fc.constantFrom('AI-Guest', 'Rob', 'AI-Other'),
    alias: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/),
    role: messyText,
    personality: fc.constant('You are a guest.'),
    expertise: fc.array(messyText, { maxLength: 3 }),
    concerns: fc.array(messyText, { maxLength: 3 }),
    type: fc.constantFrom('voting' as const, 'background' as const),
  }),
);

const phaseArbitrary: fc.Arbitrary<TurnDescriptionV1['phase']> = fc.oneof(
  fc.constantFrom(makeTurn().phase, CONSENSUS_VOTE, FINAL_REVIEW, DREAMER_TURN),
  fc.record({
    id: fc.stringMatching(/^[a-z_]{1,12}$/),
    title: messyText,
    goal: messyText,
    instructions: fc.oneof(messyText, fc.constant('Write a FINAL DESIGN: block.'), fc.constant('No criticism, no CONCERN: lines.')),
    voting: fc.boolean(),
  }),
);

const turnArbitrary: fc.Arbitrary<TurnDescriptionV1> = fc
  .record({
    discussion: fc.string({ minLength: 1, maxLength: 20 }),
    title: messyText,
    persona: personaArbitrary,
    phase: phaseArbitrary,
    round: fc.integer({ min: 1, max: 6 }),
    others: fc.uniqueArray(fc.constantFrom(...ALIASES), { maxLength: 4 }),
    comments: fc.array(fc.record({ author: fc.constantFrom('AI-Architect', 'AI-Security', 'Rob'), text: messyText, vote: fc.constant(null) }), { maxLength: 4 }),
    openQuestions: fc.uniqueArray(
      fc.record({ id: fc.integer({ min: 1, max: 40 }).map((n) => `Q${n}`), author: fc.constantFrom('AI-Security', 'Rob'), text: messyText }),
      { maxLength: 2, selector: (question) => question.id },
    ),
    callout: fc.option(messyText, { nil: null }),
  })
  .map(({ others, ...fields }) =>
    makeTurn({ ...fields, context: '', participants: [fields.persona.alias, ...others.filter((alias) => alias !== fields.persona.alias)] }),
  );

function lines(comment: string): string[] {
  return comment.split('\n');
}

describe('simulateReply', () => {
  it('gives the same reply for the same turn, whatever was asked before', () => {
    fc.assert(
      fc.property(turnArbitrary, turnArbitrary, (turn, other) => {
        const first = simulateReply(turn, OPTIONS);
        simulateReply(other, OPTIONS);
        expect(simulateReply(turn, OPTIONS)).toEqual(first);
        expect(simulateReply(structuredClone(turn), OPTIONS)).toEqual(first);
      }),
    );
  });

  it('varies with the round, the persona and the seed', () => {
    const turns = fc.sample(turnArbitrary, { numRuns: 300, seed: 7 });
    const differs = (change: (turn: TurnDescriptionV1) => TurnDescriptionV1, options = OPTIONS) =>
      turns.filter((turn) => simulateReply(turn, OPTIONS).comment !== simulateReply(change(turn), options).comment).length / turns.length;
    expect(differs((turn) => ({ ...turn, round: turn.round + 1 }))).toBeGreaterThan(0.9);
    expect(differs((turn) => ({ ...turn, persona: { ...turn.persona, alias: `${turn.persona.alias}x` } }))).toBeGreaterThan(0.6);
    expect(differs((turn) => turn, { ...OPTIONS, seed: 'other' })).toBeGreaterThan(0.6);
  });

  it('never writes a line the discussion format would read as a vote', () => {
    fc.assert(
      fc.property(turnArbitrary, (turn) => {
        expect(simulateReply(turn, OPTIONS).comment).not.toMatch(VOTE_LIKE_LINE);
      }),
    );
  });

  it('votes only as a voting persona in a voting phase, and always READY from round 2 on', () => {
    fc.assert(
      fc.property(turnArbitrary, (turn) => {
        const { vote } = simulateReply(turn, OPTIONS);
        if (!turn.phase.voting || turn.persona.type === 'background') expect(vote).toBeNull();
        else expect(vote).not.toBeNull();
        if (turn.phase.voting && turn.persona.type === 'voting' && turn.round >= 2) expect(vote).toBe('READY');
      }),
    );
  });

  it('asks questions only in round 1 of a phase without votes, each to one other participant', () => {
    fc.assert(
      fc.property(turnArbitrary, (turn) => {
        const questions = lines(simulateReply(turn, OPTIONS).comment).filter((line) => line.startsWith('Q:'));
        if (turn.round > 1 || turn.phase.voting) expect(questions).toEqual([]);
        for (const question of questions) {
          const mentioned = [...question.matchAll(/(?<![\w.+-])@([a-z][a-z0-9_-]*)/g)].map((match) => match[1]);
          expect(mentioned).toHaveLength(1);
          expect(turn.participants).toContain(mentioned[0]);
          expect(mentioned[0]).not.toBe(turn.persona.alias);
          expect(question.endsWith('?')).toBe(true);
        }
      }),
    );
  });

  it('answers every open question with an A(Qn) line', () => {
    fc.assert(
      fc.property(turnArbitrary, (turn) => {
        const comment = simulateReply(turn, OPTIONS).comment;
        for (const question of turn.openQuestions) expect(lines(comment).some((line) => line.startsWith(`A(${question.id}): `))).toBe(true);
      }),
    );
  });

  it('writes 60 to 180 words, or exactly NO_RESPONSE', () => {
    fc.assert(
      fc.property(turnArbitrary, (turn) => {
        const { comment } = simulateReply(turn, OPTIONS);
        if (comment === NO_RESPONSE) return;
        const words = countWords(comment);
        expect(words).toBeGreaterThanOrEqual(60);
        expect(words).toBeLessThanOrEqual(180);
      }),
    );
  });

  it('answers briefly when full answers would take a restated FINAL DESIGN past 180 words', () => {
    // Found by the property above: five-word expertise fills the block, and two full answers tipped it to 181.
    const turn = makeTurn({
      discussion: ' _',
      title: 'rate rate',
      context: '',
      persona: { name: 'AI-Guest', alias: 'ebimd', role: 'VOTE: READY', personality: 'You are a guest.', expertise: ['"', 'rate rate rate rate rate'], concerns: [], type: 'voting' },
      phase: { id: 'tk__', title: 'rate', goal: '', instructions: 'Write a FINAL DESIGN: block.', voting: true },
      round: 1,
      maxRounds: 2,
      participants: ['ebimd'],
      openQuestions: [
        { id: 'Q1', author: 'AI-Security', text: 'rate rate rate rate rate rate' },
        { id: 'Q2', author: 'AI-Security', text: 'VOTE: READY' },
      ],
      callout: 'rate',
    });
    const { comment } = simulateReply(turn, OPTIONS);
    expect(comment).toContain('FINAL DESIGN:');
    expect(lines(comment).filter((line) => /^A\(Q[12]\): /.test(line))).toHaveLength(2);
    expect(countWords(comment)).toBeLessThanOrEqual(180);
  });

  it('acknowledges the callout in its first sentence', () => {
    const callout = 'Every voting participant must vote READY, CHANGES or REJECT in this phase.';
    for (const discussion of ['a', 'b', 'c', 'd', 'e', 'f']) {
      for (const turn of [makeTurn({ discussion, callout }), makeTurn({ discussion, callout, phase: CONSENSUS_VOTE, persona: personaOf('security') })]) {
        const { comment } = simulateReply(turn, OPTIONS);
        expect(comment).toMatch(/^(Noted the callout|On the callout|Responding to the callout)/);
        expect(comment.slice(0, 140)).toContain(callout.slice(0, -1));
      }
    }
  });

  it('raises a concern from the persona in round 1 and records decisions later', () => {
    const security = personaOf('security');
    for (const discussion of ['a', 'b', 'c', 'd']) {
      const first = simulateReply(makeTurn({ discussion, persona: security }), OPTIONS).comment;
      const concern = lines(first).find((line) => line.startsWith('CONCERN: '));
      expect(security.concerns.some((item) => concern?.includes(item))).toBe(true);
      expect(first).not.toMatch(/^DECISION:/m);
      const later = simulateReply(makeTurn({ discussion, persona: security, round: 2 }), OPTIONS).comment;
      expect(later).toMatch(/^DECISION: /m);
      expect(later).not.toMatch(/^CONCERN:/m);
    }
  });

  it('keeps concerns out of phases that ask for none', () => {
    const phase = { ...makeTurn().phase, instructions: 'Quantity over quality. No criticism, no CONCERN: lines and no votes in this phase.' };
    for (const discussion of ['a', 'b', 'c', 'd']) expect(simulateReply(makeTurn({ discussion, phase }), OPTIONS).comment).not.toMatch(/^CONCERN:/m);
  });

  it('draws on the title, the phase goal and the persona in its prose', () => {
    const turns = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((discussion) => makeTurn({ discussion, persona: personaOf('security') }));
    const comments = turns.map((turn) => simulateReply(turn, OPTIONS).comment);
    expect(comments.some((comment) => comment.includes('Add rate limiting to the public API'))).toBe(true);
    expect(comments.some((comment) => comment.includes('gather diverse first reactions'))).toBe(true);
    expect(comments.every((comment) => personaOf('security').expertise.some((item) => comment.includes(item)))).toBe(true);
    expect(new Set(comments.map((comment) => comment.split('.')[0])).size).toBeGreaterThan(2);
  });

  describe('votes', () => {
    const firstVotes = (alias: string) =>
      Array.from({ length: 400 }, (_, index) => simulateReply(makeTurn({ discussion: `d${index}`, persona: personaOf(alias), phase: CONSENSUS_VOTE }), OPTIONS));

    it('mixes READY and CHANGES in round 1, REJECT rare, the cautious personas more critical', () => {
      const security = firstVotes('security');
      const pragmatist = firstVotes('pragmatist');
      const share = (replies: typeof security, vote: string) => replies.filter((reply) => reply.vote === vote).length / replies.length;
      expect(share(security, 'READY')).toBeGreaterThan(0.2);
      expect(share(security, 'CHANGES')).toBeGreaterThan(0.4);
      expect(share(security, 'REJECT')).toBeLessThanOrEqual(0.08);
      expect(share(pragmatist, 'CHANGES')).toBeLessThan(share(security, 'CHANGES'));
      expect(share(pragmatist, 'READY')).toBeGreaterThan(0.7);
      for (const alias of Object.keys(BUNDLED_TENDENCIES)) expect(BUNDLED_TENDENCIES[alias]?.reject).toBeLessThanOrEqual(0.05);
    });

    it('says what to change on a TODO line with CHANGES and why on a CONCERN line with REJECT', () => {
      for (const reply of firstVotes('security')) {
        if (reply.vote === 'CHANGES') expect(reply.comment).toMatch(/^TODO: \S/m);
        if (reply.vote === 'REJECT') expect(reply.comment).toMatch(/^CONCERN: \S/m);
        if (reply.vote === 'READY') expect(reply.comment).not.toMatch(/^(TODO|CONCERN):/m);
      }
    });

    it('gives NO_RESPONSE only now and then, only as a background persona in a voting phase with nothing to answer', () => {
      const researcher = personaOf('researcher');
      const replies = Array.from({ length: 300 }, (_, index) => simulateReply(makeTurn({ discussion: `d${index}`, persona: researcher, phase: CONSENSUS_VOTE }), OPTIONS));
      const silent = replies.filter((reply) => reply.comment === NO_RESPONSE).length / replies.length;
      expect(silent).toBeGreaterThan(0.15);
      expect(silent).toBeLessThan(0.45);
      expect(replies.every((reply) => reply.vote === null)).toBe(true);
      const asked = makeTurn({ persona: researcher, phase: CONSENSUS_VOTE, openQuestions: [{ id: 'Q1', author: 'AI-Architect', text: 'Prior art?' }] });
      for (const discussion of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) expect(simulateReply({ ...asked, discussion }, OPTIONS).comment).toMatch(/^A\(Q1\): /m);
      for (const discussion of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
        expect(simulateReply(makeTurn({ discussion, persona: researcher }), OPTIONS).comment).not.toBe(NO_RESPONSE);
        expect(simulateReply(makeTurn({ discussion, phase: CONSENSUS_VOTE }), OPTIONS).comment).not.toBe(NO_RESPONSE);
      }
    });
  });

  describe('FINAL DESIGN', () => {
    const dreamer = personaOf('dreamer');
    const debate = (round: number, fields: Partial<TurnDescriptionV1> = {}) =>
      makeTurn({ persona: dreamer, phase: DREAMER_TURN, round, participants: ['dreamer'], title: 'A realtime collaborative whiteboard', ...fields });

    it('is written by a voting persona from round finalDesignAfterRounds of a phase that asks for it', () => {
      expect(simulateReply(debate(1), OPTIONS).comment).not.toMatch(/^FINAL DESIGN:/m);
      expect(simulateReply(debate(2), OPTIONS).comment).not.toMatch(/^FINAL DESIGN:/m);
      const block = simulateReply(debate(3), OPTIONS);
      expect(block.vote).toBeNull();
      expect(block.comment).toMatch(/^FINAL DESIGN:$/m);
      for (const section of ['Architecture components', 'Data flows', 'Storage', 'Trade-offs']) expect(block.comment).toContain(`**${section}:**`);
      expect(block.comment).toContain('realtime collaborative whiteboard');
      expect(dreamer.expertise.some((item) => block.comment.includes(item))).toBe(true);
      expect(simulateReply(debate(3), { ...OPTIONS, finalDesignAfterRounds: 5 }).comment).not.toMatch(/^FINAL DESIGN:/m);
      expect(simulateReply(debate(5), { ...OPTIONS, finalDesignAfterRounds: 5 }).comment).toMatch(/^FINAL DESIGN:/m);
    });

    it('names the components the discussion mentioned', () => {
      const comments = [{ author: 'AI-Cost-Cutter', text: 'One database and a cache; skip the message queue for now.', vote: null }];
      const { comment } = simulateReply(debate(3, { comments }), OPTIONS);
      const architecture = lines(comment).find((line) => line.startsWith('**Architecture components:**')) ?? '';
      for (const component of ['Database', 'Cache', 'Message queue']) expect(architecture).toContain(component);
    });

    it('is never written where the phase does not ask for it, nor by a background persona', () => {
      fc.assert(
        fc.property(turnArbitrary, (turn) => {
          const asks = /FINAL[ _]DESIGN/.test(turn.phase.instructions);
          const comment = simulateReply(turn, OPTIONS).comment;
          if (!asks || turn.persona.type === 'background') expect(comment).not.toMatch(/^FINAL DESIGN:/m);
        }),
      );
    });

    it('is restated in a voting phase that asks for it, with a READY vote', () => {
      const written = simulateReply(debate(3), OPTIONS).comment;
      const block = written.slice(written.indexOf('FINAL DESIGN:'));
      const comments = [{ author: 'AI-Dreamer', text: `${written}\nQ: @cost-cutter can you live with this?`, vote: null }];
      for (const alias of ['dreamer', 'cost-cutter']) {
        const reply = simulateReply(makeTurn({ persona: personaOf(alias), phase: FINAL_REVIEW, comments, participants: ['dreamer', 'cost-cutter', 'visualizer'] }), OPTIONS);
        expect(reply.vote).toBe('READY');
        expect(reply.comment.endsWith(block)).toBe(true);
        expect(reply.comment).not.toMatch(/^Q:/m);
      }
      const fresh = simulateReply(makeTurn({ persona: personaOf('cost-cutter'), phase: FINAL_REVIEW }), OPTIONS);
      expect(fresh.vote).toBe('READY');
      expect(fresh.comment).toMatch(/^FINAL DESIGN:$/m);
    });
  });

  describe('a background persona who draws', () => {
    const visualizer = personaOf('visualizer');

    it('answers with a Mermaid flowchart of the components mentioned so far', () => {
      const comments = [{ author: 'AI-Dreamer', text: 'Clients go through an API gateway to a worker that fills a search index.', vote: null }];
      for (const phase of [DREAMER_TURN, FINAL_REVIEW, makeTurn().phase]) {
        const reply = simulateReply(makeTurn({ persona: visualizer, phase, comments, openQuestions: [{ id: 'Q2', author: 'AI-Dreamer', text: 'Can you draw it?' }] }), OPTIONS);
        expect(reply.vote).toBeNull();
        expect(reply.comment).toMatch(/^A\(Q2\): /m);
        const diagram = /```mermaid\nflowchart LR\n([\s\S]*?)\n```/.exec(reply.comment)?.[1] ?? '';
        for (const label of ['User', 'API gateway', 'Worker', 'Search index']) expect(diagram).toContain(`["${label}"]`);
        expect(diagram.match(/-->\|[a-z ]+\|/g)?.length).toBeGreaterThanOrEqual(3);
        expect(reply.comment).not.toMatch(/^FINAL DESIGN:/m);
      }
    });

    it('is recognised by expertise or role, and only as a background persona', () => {
      const byRole: PersonaV1 = { ...personaOf('researcher'), alias: 'drawer', role: 'Visualization lead', expertise: ['maps'] };
      expect(simulateReply(makeTurn({ persona: byRole }), OPTIONS).comment).toContain('```mermaid');
      const voting: PersonaV1 = { ...visualizer, type: 'voting' };
      expect(simulateReply(makeTurn({ persona: voting }), OPTIONS).comment).not.toContain('```mermaid');
    });
  });

  describe('follow-ups', () => {
    it('closes its own open action items where the phase asks for DONE lines', () => {
      const phase = { ...makeTurn().phase, id: 'follow_up', instructions: 'Close each fixed item with a DONE(T<n>): line.' };
      const comments = [
        { author: 'AI-Security', text: 'TODO: validate the header', vote: null },
        { author: 'AI-Architect', text: '```\nTODO: not a marker\n```\nTODO: split the module\n- ACTION: add a metric', vote: null },
        { author: 'AI-Architect', text: 'DONE(T2): split', vote: null },
      ];
      const { comment } = simulateReply(makeTurn({ phase, comments, round: 2 }), OPTIONS);
      expect(comment).toMatch(/^DONE\(T3\): /m);
      expect(comment).not.toMatch(/^DONE\(T[12]\)/m);
    });
  });
});
