import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '@quorum/engine';
import { RunProgress } from '../src/run-progress.js';

describe('RunProgress', () => {
  it('prints a vote count with the strategy’s choice only when the strategy gives one', () => {
    const lines: string[] = [];
    const progress = new RunProgress('plain', { line: (text) => lines.push(text), json: () => undefined });
    const count = { type: 'vote-count', time: '', phase: 'rank', reached: true, outcome: 'READY', counts: { READY: 3, CHANGES: 0, REJECT: 0 }, reason: 'Three READY.' } as const;
    progress.handle(count as EngineEvent);
    progress.handle({ ...count, choice: 'outbox' } as EngineEvent);
    progress.handle({ ...count, reached: false, outcome: null, choice: null } as EngineEvent);
    expect(lines).toEqual([
      'votes in rank: READY 3, CHANGES 0, REJECT 0; consensus READY',
      'votes in rank: READY 3, CHANGES 0, REJECT 0; consensus READY; choice outbox',
      'votes in rank: READY 3, CHANGES 0, REJECT 0; no consensus yet; choice none yet',
    ]);
  });
});
