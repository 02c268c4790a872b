import { describe, expect, it } from 'vitest';
import { formatProposalCount, rankProposals, type MarkerLike } from './rank-proposals.js';

let line = 0;
const proposal = (id: string, text: string, author = 'AI-Architect'): MarkerLike => ({ type: 'proposal', argument: id, text, author, line: ++line });
const rank = (author: string, text: string): MarkerLike => ({ type: 'rank', argument: null, text, author, line: ++line });

describe('rankProposals', () => {
  const proposals = [proposal('outbox', 'One outbox table'), proposal('queue', 'A message queue'), proposal('cron', 'A cron job')];

  it('gives n-1, n-2 … points by place and names the winner', () => {
    const count = rankProposals([...proposals, rank('A', 'outbox > queue > cron'), rank('B', 'queue > outbox > cron'), rank('C', 'Outbox > cron')]);
    expect(count.standings.map((s) => [s.id, s.points])).toEqual([
      ['outbox', 5],
      ['queue', 3],
      ['cron', 1],
    ]);
    expect(count).toMatchObject({ winner: 'outbox', rankings: 3, unknown: [] });
  });

  it("counts only each author's latest ranking, and reports unknown ids", () => {
    const count = rankProposals([...proposals, rank('A', 'cron > queue'), rank('A', 'queue, nosuch, queue > cron')]);
    expect(count.standings.map((s) => [s.id, s.points])).toEqual([
      ['queue', 2],
      ['cron', 1],
      ['outbox', 0],
    ]);
    expect(count.unknown).toEqual([{ id: 'nosuch', author: 'A', line: expect.any(Number) }]);
  });

  it('has no winner on a tie or without rankings', () => {
    expect(rankProposals([...proposals, rank('A', 'outbox > queue'), rank('B', 'queue > outbox')]).winner).toBeNull();
    expect(rankProposals(proposals).winner).toBeNull();
  });

  it('prints the count for people', () => {
    const text = formatProposalCount(rankProposals([...proposals, rank('A', 'queue > outbox > cron')]));
    expect(text).toBe(
      'Borda count over 1 ranking of 3 proposals:\n' +
        '  1. queue (2 points): A message queue (AI-Architect)\n' +
        '  2. outbox (1 point): One outbox table (AI-Architect)\n' +
        '  3. cron (0 points): A cron job (AI-Architect)\n' +
        'Winner: queue\n',
    );
  });
});
