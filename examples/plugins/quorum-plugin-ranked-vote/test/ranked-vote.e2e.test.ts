import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exampleProject, packageDirOf, runQuorum } from '../../shared-test/example-project.js';

const PACKAGE = packageDirOf(import.meta.url);
const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const FILE = 'discussions/notification-delivery.md';

describe('quorum-plugin-ranked-vote through the quorum binary', () => {
  it('runs its ranked-choice template: proposals, rankings, a Borda vote, and the outcome', async () => {
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

    await quorum('comment', FILE, 'RANK: outbox > queue > cron', '--author', 'AI-Architect', '--vote', 'READY');
    await quorum('comment', FILE, 'RANK: queue > outbox > cron', '--author', 'AI-Security', '--vote', 'REJECT');
    await quorum('comment', FILE, 'RANK: cron > outbox > queue', '--author', 'AI-Pragmatist', '--vote', 'READY');

    const votes = JSON.parse(await quorum('votes', FILE));
    expect(votes).toMatchObject({
      strategy: 'borda',
      reached: true,
      outcome: 'READY',
      reason: 'Borda count over 3 of 3 ballots: READY 4, CHANGES 3, REJECT 2; READY wins.',
    });

    const status = await quorum('status', FILE);
    expect(status).toContain('Borda count over 3 of 3 ballots: READY 4, CHANGES 3, REJECT 2; READY wins.');
    expect(status).toContain('Proposals (3):\n  (outbox) One outbox table and a dispatcher per channel. (AI-Architect');
    expect(status).toContain('Rankings (3):\n  outbox > queue > cron (AI-Architect');

    const parsed = await quorum('parse', FILE);
    const borda = spawnSync(process.execPath, [BIN], { input: parsed, encoding: 'utf8' });
    expect(borda.status).toBe(0);
    expect(borda.stdout).toBe(
      'Borda count over 3 rankings of 3 proposals:\n' +
        '  1. outbox (4 points): One outbox table and a dispatcher per channel. (AI-Architect)\n' +
        '  2. queue (3 points): A managed message queue per channel. (AI-Security)\n' +
        '  3. cron (2 points): A cron job that sends what is pending every minute. (AI-Pragmatist)\n' +
        'Winner: outbox\n',
    );

    expect(await quorum('advance', FILE)).toContain('adopted');
    expect(await quorum('status', FILE)).toContain('ADOPTED');
  });

  it('is unknown to templates when config does not name it', async () => {
    const cwd = await exampleProject({ config: '{}\n', packages: [PACKAGE] });
    const result = await runQuorum(['new', 'Notification delivery', '--template', 'ranked-choice'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ranked-choice');
  });

  it('quorum-borda refuses input that is not quorum parse output', () => {
    const result = spawnSync(process.execPath, [BIN], { input: '{"comments": []}', encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('quorum-borda: the JSON has no "markers"; pipe the output of `quorum parse FILE` into it\n');
  });
});
