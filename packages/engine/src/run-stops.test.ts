import { parseDiscussion } from '@quorum/format';
import { describe, expect, it } from 'vitest';
import { eventsOfType, setup } from './test-helpers/harness.js';

const comment = (text: string) => ({ comment: text });

describe('resume, routing and stops', () => {
  it('resumes an unfinished round: asks only those who had not answered, shows them the same transcript', async () => {
    const { storage, run, calls } = await setup({ template: 'feature', answer: (turn) => comment(`${turn.persona.alias} round ${turn.round}, saw ${turn.comments.length}`) });
    // An interrupted run: the round was started and the architect answered.
    await storage.appendEvents('d.md', [{ kind: 'round', phase: 'initial_feedback', round: 1, responders: ['architect', 'security', 'pragmatist'] }]);
    await storage.appendComment('d.md', { author: 'AI-Architect', text: 'architect round 1, saw 0' });
    await run({ limits: { maxTurns: 1 } });
    expect(calls.map((c) => c.turn.persona.alias)).toEqual(['security', 'pragmatist']);
    const texts = parseDiscussion(storage.text('d.md')).sections.flatMap((s) => (s.kind === 'comment' ? [s.text] : []));
    expect(texts).toEqual(['architect round 1, saw 0', 'security round 1, saw 0', 'pragmatist round 1, saw 0']);
  });

  it('finishes a round whose answers are all in without asking anyone, then moves on', async () => {
    const { storage, run, calls } = await setup({ template: 'feature', answer: () => comment('later') });
    await storage.appendEvents('d.md', [{ kind: 'round', phase: 'initial_feedback', round: 1, responders: ['architect', 'security', 'pragmatist'] }]);
    for (const author of ['AI-Architect', 'AI-Security', 'AI-Pragmatist']) await storage.appendComment('d.md', { author, text: 'done' });
    await run({ limits: { maxTurns: 1 } });
    // The finished round moved the discussion to detailed_review; the one round allowed is asked there.
    expect(new Set(calls.map((c) => c.turn.phase.id))).toEqual(new Set(['detailed_review']));
    expect(storage.text('d.md')).toContain('<!-- PHASE-TRANSITION: initial_feedback -> detailed_review -->');
  });

  it('asks only the participants mentioned since their last comment after the first round', async () => {
    const { run, events } = await setup({
      template: 'feature',
      answer: (turn) => (turn.persona.alias === 'pragmatist' && turn.round === 1 ? comment('Q: @architect how many keys?') : comment('fine')),
    });
    await run({ limits: { maxTurns: 2 } });
    const rounds = eventsOfType(events, 'turn-start');
    expect(rounds.map((r) => r.responders)).toEqual([['architect', 'security', 'pragmatist'], ['architect']]);
    expect(eventsOfType(events, 'phase-change')[0]).toMatchObject({ from: 'initial_feedback', to: 'detailed_review' });
  });

  it('stops at the turn cap and continues from there on the next run', async () => {
    const answer = (turn: { phase: { voting: boolean } }) => (turn.phase.voting ? { comment: 'ok', vote: 'READY' as const } : comment('ok'));
    const first = await setup({ template: 'feature', answer });
    const capped = await first.run({ limits: { maxTurns: 2 } });
    expect(capped).toMatchObject({ outcome: 'turn-cap', phase: 'consensus_vote', rounds: 2 });
    const rest = await first.run();
    expect(rest).toMatchObject({ outcome: 'finished', status: 'ACCEPTED', rounds: 1 });
  });

  it('stops before a round that would pass the cost cap', async () => {
    const { run, events, storage } = await setup({ template: 'feature', answer: () => comment('ok') });
    // Each comment costs 0.00014 (100 in at $1/M, 20 out at $2/M): a round of three is 0.00042.
    const result = await run({ limits: { maxCost: 0.001 } });
    expect(result.outcome).toBe('budget');
    expect(eventsOfType(events, 'budget-stop')[0]).toMatchObject({ spent: 0.00084, cap: 0.001 });
    const costs = parseDiscussion(storage.text('d.md')).sections.flatMap((s) => (s.kind === 'comment' && s.usage ? [s.usage.cost ?? 0] : []));
    expect(costs.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(0.001);
  });

  it('waits for a person when the voting rule needs a human READY, and continues once one voted', async () => {
    const { run, storage } = await setup({ template: 'feature', answer: (turn) => (turn.phase.voting ? { comment: 'ok', vote: 'READY' } : comment('ok')) });
    const { builtinVotingStrategies, defaultOptions } = await import('@quorum/voting');
    const threshold = builtinVotingStrategies.find((s) => s.name === 'threshold')!;
    const strategyFor = () => ({ strategy: threshold, options: { ...defaultOptions(threshold), human_required: true } });
    const waiting = await run({ strategyFor, humanCommand: (phase) => `quorum comment d.md "…" --vote READY # ${phase}` });
    expect(waiting).toMatchObject({ outcome: 'waiting', phase: 'consensus_vote' });
    expect(waiting.message).toMatch(/needs a READY vote from a person; run `quorum comment d.md "…" --vote READY # consensus_vote`/);
    await storage.appendComment('d.md', { author: 'Rob', text: 'Ship it.', vote: 'READY' });
    const done = await run({ strategyFor });
    expect(done).toMatchObject({ outcome: 'finished', status: 'ACCEPTED', rounds: 0 });
  });

  it('stops cleanly when cancelled, leaving the file consistent', async () => {
    const controller = new AbortController();
    const { run, storage } = await setup({
      template: 'feature',
      answer: async (turn) => {
        if (turn.persona.alias === 'security') controller.abort();
        return comment('ok');
      },
    });
    const result = await run({ signal: controller.signal });
    expect(result.outcome).toBe('cancelled');
    expect(() => parseDiscussion(storage.text('d.md'))).not.toThrow();
  });
});
