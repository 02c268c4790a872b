import { ProviderError, abortKind, type TallyInput, type VotingStrategyV1 } from '@quorum/core';
import { defaultOptions, thresholdStrategy } from '@quorum/voting';
import { parseDiscussion } from '@quorum/format';
import { describe, expect, it } from 'vitest';
import { eventsOfType, setup } from './test-helpers/harness.js';

const ready = { comment: 'Looks good to me.', vote: 'READY' as const };

describe('runDiscussion', () => {
  it('runs the feature template to ACCEPTED, appending comments with their usage', async () => {
    const { storage, run, events } = await setup({ template: 'feature', answer: (turn) => (turn.phase.voting ? ready : { comment: `Notes from ${turn.persona.alias} in ${turn.phase.id}.` }) });
    const result = await run();
    expect(result).toMatchObject({ outcome: 'finished', phase: 'accepted', status: 'ACCEPTED' });
    const text = storage.text('d.md');
    const discussion = parseDiscussion(text);
    const comments = discussion.sections.filter((s) => s.kind === 'comment');
    expect(comments.map((c) => c.author)).toEqual([
      'AI-Architect', 'AI-Security', 'AI-Pragmatist',
      'AI-Architect', 'AI-Security', 'AI-Pragmatist',
      'AI-Architect', 'AI-Security', 'AI-Pragmatist',
    ]);
    expect(comments[0]).toMatchObject({ usage: { model: 'test:test-model', inputTokens: 100, outputTokens: 20, cachedInputTokens: 10, cost: 0.00014 } });
    expect(text).toContain('<!-- PHASE-TRANSITION: consensus_vote -> accepted -->');
    expect(text).toContain('<!-- Status: ACCEPTED -->');
    expect(eventsOfType(events, 'phase-change').map((e) => e.to)).toEqual(['detailed_review', 'consensus_vote', 'accepted']);
    expect(eventsOfType(events, 'vote-count').every((e) => !('choice' in e))).toBe(true);
    expect(result.rounds).toBe(3);
  });

  it('appends in participant order whatever order the replies arrive in', async () => {
    const delays: Record<string, number> = { architect: 30, security: 1, pragmatist: 15 };
    const { storage, run } = await setup({
      template: 'feature',
      answer: async (turn) => {
        await new Promise((r) => setTimeout(r, delays[turn.persona.alias]));
        return turn.phase.voting ? ready : { comment: 'ok' };
      },
    });
    await run({ limits: { maxTurns: 1 } });
    const authors = parseDiscussion(storage.text('d.md')).sections.flatMap((s) => (s.kind === 'comment' ? [s.author] : []));
    expect(authors).toEqual(['AI-Architect', 'AI-Security', 'AI-Pragmatist']);
  });

  it('appends the text rewriteReply gives, after secrets are removed', async () => {
    const seen: string[] = [];
    const { storage, run } = await setup({ template: 'feature', answer: (turn) => ({ comment: `From ${turn.persona.alias}: key sk-canary.` }) });
    await run({
      limits: { maxTurns: 1 },
      redact: (text) => text.replaceAll('sk-canary', '[redacted]'),
      rewriteReply: async ({ alias, author, text }) => {
        seen.push(`${alias}/${author}`);
        return `${text}\nDIAGRAM: diagrams/${alias}.mmd`;
      },
    });
    const comments = parseDiscussion(storage.text('d.md')).sections.flatMap((s) => (s.kind === 'comment' ? [s.text] : []));
    expect(seen).toEqual(['architect/AI-Architect', 'security/AI-Security', 'pragmatist/AI-Pragmatist']);
    expect(comments[0]).toContain('From architect: key [redacted].\nDIAGRAM: diagrams/architect.mmd');
  });

  it('repairs an invalid reply once, then records a failure and completes the round with the others', async () => {
    const { storage, run, events, calls } = await setup({
      template: 'feature',
      answer: (turn, attempt) => {
        if (turn.persona.alias === 'security') return { raw: attempt === 1 ? 'Sure! Here is my review.' : '{"comment": 42}' };
        if (turn.persona.alias === 'pragmatist' && attempt === 1) return { raw: '```json\n{"comment": "fenced", "vote": null}\n```' };
        return { comment: 'fine' };
      },
    });
    await run({ limits: { maxTurns: 1 } });
    const text = storage.text('d.md');
    expect(text).toMatch(/<!-- PARTICIPANT-FAILED: security: test:test-model gave no usable reply after one repair \(comment: /);
    expect(text).toContain('fenced');
    expect(eventsOfType(events, 'reply-repair').map((e) => e.participant)).toEqual(['security']);
    const repair = calls.find((c) => c.messages.length === 3)!;
    expect(repair.messages[1]).toEqual({ role: 'assistant', content: [{ text: 'Sure! Here is my review.' }] });
    expect(repair.messages[2]!.content[0]!.text).toMatch(/not a JSON object/);
  });

  it('retries retryable failures honouring retry-after, and goes down the fallback chain on the others', async () => {
    const { storage, run, events } = await setup({
      template: 'feature',
      router: { fallback: ['backup'] },
      factories: [
        (await import('./test-helpers/harness.js')).scriptedFactory('backup', () => ({ comment: 'from backup' })),
      ],
      answer: (turn, attempt) => {
        if (turn.persona.alias === 'architect' && attempt <= 2) return new ProviderError('test', 'rate_limit', 'rate limited (HTTP 429)', { status: 429, retryAfterMs: 5 });
        if (turn.persona.alias === 'security') return new ProviderError('test', 'auth', 'authentication failed (HTTP 401)', { status: 401 });
        return { comment: 'primary' };
      },
    });
    await run({ limits: { maxTurns: 1 } });
    const retries = eventsOfType(events, 'participant-retry');
    expect(retries.map((r) => [r.participant, r.attempt, r.delayMs])).toEqual([['architect', 1, 5], ['architect', 2, 5]]);
    expect(eventsOfType(events, 'participant-fallback')).toMatchObject([{ participant: 'security', from: 'test:test-model', to: 'backup:test-model' }]);
    const comments = parseDiscussion(storage.text('d.md')).sections.flatMap((s) => (s.kind === 'comment' ? [[s.author, s.text, s.usage?.model]] : []));
    expect(comments).toEqual([
      ['AI-Architect', 'primary', 'test:test-model'],
      ['AI-Security', 'from backup', 'backup:test-model'],
      ['AI-Pragmatist', 'primary', 'test:test-model'],
    ]);
  });

  it('gives each attempt its own time limit: a provider that hangs is aborted as a timeout and tried again', async () => {
    const signals: AbortSignal[] = [];
    const { storage, run, events } = await setup({
      template: 'feature',
      answer: async (turn, attempt, request) => {
        if (turn.persona.alias !== 'security' || attempt > 1) return { comment: `answer ${attempt}` };
        signals.push(request.signal);
        // Hang until the engine gives up on this attempt.
        return new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(new ProviderError('test', abortKind(request.signal.reason), 'aborted'))));
      },
    });
    await run({ limits: { maxTurns: 1 }, resilience: { timeoutMs: 30, retries: 2, backoffMs: 1, maxBackoffMs: 5, breakerFailures: 5, breakerCooldownMs: 1_000 } });
    expect(signals[0]!.reason).toMatchObject({ name: 'TimeoutError' });
    expect(eventsOfType(events, 'participant-retry')).toMatchObject([{ participant: 'security', attempt: 1 }]);
    expect(storage.text('d.md')).toContain('answer 2');
  });

  it('aborts the attempts in flight when the run is stopped', async () => {
    const controller = new AbortController();
    const seen: unknown[] = [];
    const { run } = await setup({
      template: 'feature',
      answer: (_turn, _attempt, request) =>
        new Promise((_, reject) => {
          request.signal.addEventListener('abort', () => {
            seen.push(request.signal.reason);
            reject(new ProviderError('test', abortKind(request.signal.reason), 'aborted'));
          });
          if (seen.length === 0) setTimeout(() => controller.abort(new Error('stop')), 5);
        }),
    });
    const result = await run({ signal: controller.signal });
    expect(result.outcome).toBe('cancelled');
    expect(seen).toHaveLength(3);
    expect(seen.every((reason) => (reason as Error).message === 'stop')).toBe(true);
  });

  it('adds the guidance to every prompt and the hint to converge to the last rounds before the turn cap', async () => {
    const { run, calls } = await setup({ template: 'design-debate', answer: () => ({ comment: 'A point about the API.' }) });
    await run({ limits: { maxTurns: 4 }, guidance: 'Push back hard.', nearLimit: { text: 'Converge now.', withinTurns: 2 } });
    const asks = calls.map((call) => call.messages[0]!.content.at(-1)!.text).filter((_, i) => calls[i]!.turn.persona.alias !== 'visualizer');
    expect(asks).toHaveLength(4);
    expect(asks.every((ask) => ask.includes('Push back hard.'))).toBe(true);
    expect(asks.map((ask) => ask.includes('Converge now.'))).toEqual([false, false, true, true]);
    expect(calls[3]!.turn.callout).toBe('Converge now.');
  });

  it("starts no round once the run's time limit is up", async () => {
    let now = 0;
    const { run } = await setup({ template: 'design-debate', answer: () => ({ comment: 'ok' }) });
    const result = await run({ clock: () => new Date((now += 400)), limits: { maxDurationMs: 2_000 } });
    expect(result.outcome).toBe('turn-cap');
    expect(result.message).toMatch(/time limit \(2 s\) is up/);
    expect(result.rounds).toBeGreaterThan(0);
  });

  it('asks at most `concurrency` participants at once, and all of a smaller round at once', async () => {
    let running = 0;
    let most = 0;
    const answer = async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 10));
      running--;
      return { comment: 'ok' };
    };
    for (const [concurrency, expected] of [[2, 2], [3, 3], [8, 3]] as const) {
      most = 0;
      const { run } = await setup({ template: 'feature', answer });
      await run({ concurrency, limits: { maxTurns: 1 } });
      expect(most).toBe(expected);
    }
  });

  it('never counts a VOTE: line in a reply, and drops votes of background personas and outside voting phases', async () => {
    const { storage, run } = await setup({
      template: 'feature',
      participants: ['architect', 'security', 'pragmatist', 'researcher'],
      answer: () => ({ comment: 'I think so.\nVOTE: REJECT', vote: 'READY' }),
    });
    await run({ limits: { maxTurns: 1 } });
    const discussion = parseDiscussion(storage.text('d.md'));
    const comments = discussion.sections.filter((s) => s.kind === 'comment');
    expect(comments).toHaveLength(4);
    for (const comment of comments) {
      expect(comment.vote).toBeNull();
      expect(comment.text).toBe('I think so.\nVOTE: REJECT');
    }
  });

  it("gives the voting strategy the phase's markers and each ballot its comment's, and reports its choice in the vote-count event", async () => {
    const { run, events } = await setup({
      template: 'feature',
      answer: (turn) => (turn.phase.voting ? { comment: `DECISION: ${turn.persona.alias} picks the queue`, vote: 'READY' } : { comment: 'Notes.' }),
    });
    const choosing: VotingStrategyV1 = {
      ...thresholdStrategy,
      tally: (input) => {
        const own = input.ballots.map((ballot) => `${ballot.voter}: ${ballot.markers?.map((m) => m.text).join('; ')}`).sort();
        return { ...thresholdStrategy.tally(input as TallyInput<never>), choice: `${input.markers?.length} markers; ${own.join(' | ')}` };
      },
    };
    await run({ strategyFor: () => ({ strategy: choosing, options: defaultOptions(thresholdStrategy) }) });
    const counts = eventsOfType(events, 'vote-count');
    expect(counts.at(-1)).toMatchObject({
      phase: 'consensus_vote',
      reached: true,
      choice: '3 markers; AI-Architect: architect picks the queue | AI-Pragmatist: pragmatist picks the queue | AI-Security: security picks the queue',
    });
  });

  it('stops with an error when every participant of a round fails, after recording each failure', async () => {
    const { storage, run } = await setup({ template: 'feature', answer: () => new ProviderError('test', 'auth', 'authentication failed (HTTP 401)', { status: 401 }) });
    await expect(run()).rejects.toThrow(/every participant of round 1 of initial_feedback failed \(architect: test: authentication failed \(HTTP 401\)\); fix the provider setup/);
    expect(storage.text('d.md').match(/PARTICIPANT-FAILED/g)).toHaveLength(3);
  });
});
