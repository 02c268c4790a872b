import { NO_RESPONSE, type PersonaV1, type TurnDescriptionV1 } from '@quorum/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIAGRAM_FILE, simulateReply, type SimulatedReplyOptions } from './simulated-reply.js';
import { countWords } from './text-fragments.js';
import { CONSENSUS_VOTE, FINAL_REVIEW, makeTurn, personaOf, VOTE_LIKE_LINE } from './test-helpers/turns.js';

const OPTIONS: SimulatedReplyOptions = { seed: '', finalDesignAfterRounds: 3 };

/** Like the bundled summarizer: a background persona whose role says it summarises. */
const SUMMARIZER: PersonaV1 = {
  name: 'AI-Summarizer',
  alias: 'summarizer',
  role: 'Discussion Summarizer',
  personality: 'You are AI-Summarizer.',
  expertise: ['Summarising long technical discussions', 'Decision records'],
  concerns: ['Could someone who missed the thread act on this summary alone?'],
  type: 'background',
};

/** A line the markers package would read as a marker, or that mentions someone. */
const MARKER_OR_MENTION = /^[ \t>]*(?:[-*+][ \t]+)?(?:\*\*)?(?:[A-Z]+(?:[ _-][A-Z]+)*)(?:\([^)]*\))?(?:\*\*)?:|(?<![\w.+-])@[a-z]/m;

const TRANSCRIPT: TurnDescriptionV1['comments'] = [
  { author: 'AI-Architect', text: 'Token bucket per key.\nCONCERN: a shared Redis is a single point of failure.\nQ: @security per key or per IP?', vote: null },
  { author: 'AI-Security', text: 'A(Q1): per key, with a global ceiling.\nTODO: write the limits down @architect\nTODO: add an alert', vote: null },
  { author: 'AI-Architect', text: 'DECISION: limits are per API key, 100 requests a minute.\nDONE(T1): in the context now.', vote: 'READY' },
  { author: 'AI-Security', text: '```\nDECISION: not a decision, just code\n```\nStill missing the alert.', vote: 'CHANGES' },
];

function summaryTurn(fields: Partial<TurnDescriptionV1> = {}): TurnDescriptionV1 {
  return makeTurn({ persona: SUMMARIZER, phase: CONSENSUS_VOTE, comments: TRANSCRIPT, participants: ['architect', 'security', 'summarizer'], ...fields });
}

describe('a background persona who summarises', () => {
  it('tells where the discussion stands: phase, authors, the latest decision and concern, open work, the latest votes, the next step', () => {
    const open = [{ id: 'Q2', author: 'AI-Security', text: 'Who owns the Redis cluster?' }];
    const { comment, vote } = simulateReply(summaryTurn({ openQuestions: open }), OPTIONS);
    expect(vote).toBeNull();
    expect(comment).toContain('Consensus vote phase');
    expect(comment).toMatch(/\b4 comments\b/);
    expect(comment).toContain('AI-Architect and AI-Security');
    expect(comment).toContain('"limits are per API key, 100 requests a minute"');
    expect(comment).not.toContain('not a decision');
    expect(comment).toContain('most recently by AI-Architect: "a shared Redis is a single point of failure"');
    expect(comment).toContain('starting with Q2 from AI-Security: "Who owns the Redis cluster?"');
    expect(comment).toContain('Action items: 1 open (T2) and 1 done.');
    expect(comment).toContain('The latest votes are READY from AI-Architect and CHANGES from AI-Security.');
    expect(comment).toMatch(/\n\nNext step: Q2 needs an answer/);
  });

  it('says every question is answered when none is open, and names the open action items as the next step', () => {
    const { comment } = simulateReply(summaryTurn(), OPTIONS);
    expect(comment).toContain('Every question asked so far (1) has an answer.');
    expect(comment).toMatch(/Next step: the open action items/);
  });

  it('has nothing to say (NO_RESPONSE) before anyone has commented', () => {
    expect(simulateReply(summaryTurn({ comments: [] }), OPTIONS)).toEqual({ comment: NO_RESPONSE, vote: null });
    expect(simulateReply(summaryTurn({ comments: [{ author: 'AI-Architect', text: NO_RESPONSE, vote: null }] }), OPTIONS).comment).toBe(NO_RESPONSE);
  });

  it('writes 60 to 180 words of plain prose, with no marker, mention or vote line, the same every time', () => {
    const comment = fc.record({
      author: fc.constantFrom('AI-Architect', 'AI-Security', 'Rob', 'AI-Quite-Long-Author-Name'),
      text: fc
        .array(fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('DECISION: go @all', 'CONCERN: VOTE: READY', 'TODO: fix it', 'DONE(T1): ok', 'Q: why? @security', '```', 'VOTE: REJECT')), { maxLength: 5 })
        .map((lines) => lines.join('\n')),
      vote: fc.constantFrom(null, 'READY', 'CHANGES', 'REJECT'),
    });
    fc.assert(
      fc.property(fc.array(comment, { minLength: 1, maxLength: 12 }), fc.string({ maxLength: 80 }), fc.string({ maxLength: 30 }), (comments, title, discussion) => {
        const turn = summaryTurn({ comments, title, discussion, openQuestions: [{ id: 'Q1', author: 'Rob', text: title }] });
        const { comment: text, vote } = simulateReply(turn, OPTIONS);
        expect(vote).toBeNull();
        if (text === NO_RESPONSE) return;
        expect(countWords(text)).toBeGreaterThanOrEqual(60);
        expect(countWords(text)).toBeLessThanOrEqual(180);
        expect(text).not.toMatch(MARKER_OR_MENTION);
        expect(text).not.toMatch(VOTE_LIKE_LINE);
        expect(simulateReply(structuredClone(turn), OPTIONS).comment).toBe(text);
      }),
    );
  });

  it('is a background persona: a voting persona who summarises (a moderator) still takes part as usual', () => {
    const moderator: PersonaV1 = { ...SUMMARIZER, alias: 'moderator', type: 'voting' };
    const reply = simulateReply(summaryTurn({ persona: moderator }), OPTIONS);
    expect(reply.vote).not.toBeNull();
    expect(reply.comment).not.toMatch(/^Next step:/m);
  });
});

describe('a background persona who draws', () => {
  const visualizer = personaOf('visualizer');
  const drawn = [{ author: 'AI-Dreamer', text: 'Clients go through an API gateway to a worker that fills a search index.', vote: null }];

  it('proposes a file with a DIAGRAM: line, then a caption, then the Mermaid block, as the bundled visualizer is told to', () => {
    const { comment } = simulateReply(makeTurn({ persona: visualizer, comments: drawn }), OPTIONS);
    const lines = comment.split('\n');
    const at = lines.indexOf(`DIAGRAM: diagrams/${DIAGRAM_FILE}`);
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe('The components of "Add rate limiting to the public API" named so far, and what flows between them.');
    expect(lines.slice(at + 2, at + 4)).toEqual(['```mermaid', 'flowchart LR']);
    expect(lines.at(-1)).toBe('```');
  });

  it('draws in every voting phase, never NO_RESPONSE by chance', () => {
    for (const phase of [CONSENSUS_VOTE, FINAL_REVIEW]) {
      for (let index = 0; index < 100; index++) {
        const { comment, vote } = simulateReply(makeTurn({ discussion: `d${index}`, persona: visualizer, phase, comments: drawn }), OPTIONS);
        expect(vote).toBeNull();
        expect(comment).toContain('```mermaid');
      }
    }
  });

  it('says NO_RESPONSE when its own diagram is the latest comment and nobody asks it anything, and draws again once someone writes', () => {
    const own = [...drawn, { author: 'AI-Visualizer', text: simulateReply(makeTurn({ persona: visualizer, comments: drawn }), OPTIONS).comment, vote: null }];
    expect(simulateReply(makeTurn({ persona: visualizer, comments: own, round: 2 }), OPTIONS).comment).toBe(NO_RESPONSE);
    const asked = makeTurn({ persona: visualizer, comments: own, round: 2, openQuestions: [{ id: 'Q1', author: 'AI-Dreamer', text: 'Can you add the cache?' }] });
    expect(simulateReply(asked, OPTIONS).comment).toMatch(/^A\(Q1\): /m);
    expect(simulateReply(makeTurn({ persona: visualizer, comments: own, round: 2, callout: 'Redraw it.' }), OPTIONS).comment).toContain('```mermaid');
    const later = [...own, { author: 'AI-Cost-Cutter', text: 'Drop the worker; a cron job will do.', vote: null }];
    expect(simulateReply(makeTurn({ persona: visualizer, comments: later, round: 2 }), OPTIONS).comment).toContain('```mermaid');
  });
});
