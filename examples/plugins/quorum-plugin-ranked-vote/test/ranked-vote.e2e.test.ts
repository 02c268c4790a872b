import { describe, expect, it } from 'vitest';
import { exampleProject, packageDirOf, runQuorum } from '../../shared-test/example-project.js';

const PACKAGE = packageDirOf(import.meta.url);
const FILE = 'discussions/notification-delivery.md';

describe('quorum-plugin-ranked-vote through the quorum binary', () => {
  it('runs its ranked-choice template: proposals, rankings in the comments that vote, and the Borda winner in status and votes', async () => {
    const cwd = await exampleProject({ config: 'plugins:\n  - quorum-plugin-ranked-vote\n', packages: [PACKAGE] });
    const quorum = async (...args: string[]) => {
      const result = await runQuorum(args, { cwd });
      expect(result.stderr, args.join(' ')).toBe('');
      expect(result.code, args.join(' ')).toBe(0);
      return result.stdout;
    };
    await quorum('new', 'Notification delivery', '--template', 'ranked-choice');
    await quorum('comment', FILE, 'PROPOSAL(outbox): One outbox table and a dispatcher per channel.', '--author', 'AI-Architect');
    await quorum('comment', FILE, 'PROPOSAL(queue): A managed message queue per channel.', '--author', 'AI-Security');
    await quorum('comment', FILE, 'PROPOSAL(cron): A cron job that sends what is pending every minute.', '--author', 'AI-Pragmatist');
    expect(await quorum('advance', FILE)).toContain('rank');

    // The security reviewer first ranks cron highest, then changes their mind: only the latest vote's RANK line counts.
    await quorum('comment', FILE, 'RANK: cron > queue > outbox', '--author', 'AI-Security', '--vote', 'READY');
    await quorum('comment', FILE, 'RANK: outbox > queue > cron', '--author', 'AI-Architect', '--vote', 'READY');
    await quorum('comment', FILE, 'On reflection the queue is safer.\nRANK: queue > outbox > cron', '--author', 'AI-Security', '--vote', 'READY');
    const early = JSON.parse(await quorum('votes', FILE));
    expect(early).toMatchObject({
      strategy: 'borda',
      reached: false,
      outcome: null,
      choice: null,
      reason: 'Borda count over 2 rankings of 3 proposals: outbox 3, queue 3, cron 0; waiting for 3 of 3 voters to rank.',
    });
    const refused = await runQuorum(['advance', FILE], { cwd });
    expect(refused.code).toBe(2);

    await quorum('comment', FILE, 'RANK: cron > outbox > queue', '--author', 'AI-Pragmatist', '--vote', 'CHANGES');
    const reason = 'Borda count over 3 rankings of 3 proposals: outbox 4, queue 3, cron 2; outbox wins.';
    expect(JSON.parse(await quorum('votes', FILE))).toMatchObject({ strategy: 'borda', reached: true, outcome: 'READY', choice: 'outbox', reason });

    const parsed = await quorum('parse', FILE);
    const piped = await runQuorum(['votes'], { cwd, input: parsed });
    expect(JSON.parse(piped.stdout)).toMatchObject({ choice: 'outbox', reason });

    const status = await quorum('status', FILE);
    expect(status).toContain(`Consensus: READY reached — ${reason}\nChoice: outbox\n`);
    expect(status).toContain('Proposals (3):\n  (outbox) One outbox table and a dispatcher per channel. (AI-Architect');
    expect(status).toContain('Rankings (4):\n  cron > queue > outbox (AI-Security');
    expect(JSON.parse(await quorum('status', FILE, '--json')).votes).toMatchObject({ choice: 'outbox' });

    expect(await quorum('advance', FILE)).toContain('adopted');
    expect(await quorum('status', FILE)).toContain('ADOPTED');
  });

  it('is unknown to templates when config does not name it', async () => {
    const cwd = await exampleProject({ config: '{}\n', packages: [PACKAGE] });
    const result = await runQuorum(['new', 'Notification delivery', '--template', 'ranked-choice'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ranked-choice');
  });
});
