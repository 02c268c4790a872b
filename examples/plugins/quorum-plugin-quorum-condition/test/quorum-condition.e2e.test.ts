import { describe, expect, it } from 'vitest';
import { exampleProject, packageDirOf, runQuorum } from '../../shared-test/example-project.js';

const PACKAGE = packageDirOf(import.meta.url);
const FILE = 'discussions/adopt-postgres-17.md';

const template = (when: string) => `id: quorum-vote
title: Quorum vote
description: Decide once enough participants voted and a clear share of them agree.
participants: [architect, security, pragmatist, designer]
initial: decide
phases:
  decide:
    title: Decide
    goal: Decide with at least three of the four voting
    instructions: Vote READY, CHANGES or REJECT.
    voting: true
    max_rounds: 3
    transitions:
      - to: accepted
        when: ${when}
      - to: rejected
        when: { quorum_reached: { min_voters: 3, outcome: REJECT } }
    on_max_rounds: no_quorum
  accepted:
    title: Accepted
    final: ACCEPTED
  rejected:
    title: Rejected
    final: REJECTED
  no_quorum:
    title: No quorum
    final: NO_QUORUM
`;

async function project(when = '{ quorum_reached: { min_voters: 3, ready_share: 0.6 } }'): Promise<string> {
  return exampleProject({
    config: 'plugins:\n  - quorum-plugin-quorum-condition\n',
    packages: [PACKAGE],
    files: { 'templates/quorum-vote.yaml': template(when) },
  });
}

describe('quorum-plugin-quorum-condition through the quorum binary', () => {
  it('quorum advance moves only once three distinct voters voted and more than 60% of their votes are READY', async () => {
    const cwd = await project();
    const ok = async (...args: string[]) => {
      const result = await runQuorum(args, { cwd });
      expect(result.stderr, args.join(' ')).toBe('');
      expect(result.code, args.join(' ')).toBe(0);
      return result.stdout;
    };
    const refused = async () => {
      const result = await runQuorum(['advance', FILE], { cwd });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('no transition out of decide holds yet');
    };
    await ok('new', 'Adopt Postgres 17', '--template', 'quorum-vote');
    await ok('comment', FILE, 'Upgrade path tested on staging.', '--author', 'AI-Architect', '--vote', 'READY');
    await ok('comment', FILE, 'Same again: fine by me.', '--author', 'AI-Architect', '--vote', 'READY');
    await ok('comment', FILE, 'Needs a rollback runbook first.', '--author', 'AI-Pragmatist', '--vote', 'CHANGES');

    // Two distinct voters (the architect twice counts once): no quorum yet.
    await refused();
    await ok('comment', FILE, 'Extensions need checking.', '--author', 'AI-Security', '--vote', 'CHANGES');
    // Three voters, but READY has 1 of 3 votes: not more than 60%.
    expect(JSON.parse(await ok('votes', FILE))).toMatchObject({ counts: { READY: 1, CHANGES: 2, REJECT: 0 }, voters: ['AI-Architect', 'AI-Security', 'AI-Pragmatist', 'designer'] });
    await refused();

    await ok('comment', FILE, 'Extensions all supported.', '--author', 'AI-Security', '--vote', 'READY');
    // READY has 2 of the 3 votes cast (67%); the designer has not voted and does not count
    // against it, although the phase's threshold strategy (2 of 4 eligible) reaches nothing.
    expect(JSON.parse(await ok('votes', FILE))).toMatchObject({ strategy: 'threshold', reached: false, counts: { READY: 2, CHANGES: 1, REJECT: 0 } });
    expect(await ok('advance', FILE)).toContain('accepted');
    expect(await ok('status', FILE)).toContain('ACCEPTED');
  });

  it('takes the REJECT transition once three voters voted and more than half of their votes are REJECT', async () => {
    const cwd = await project();
    const ok = async (...args: string[]) => {
      const result = await runQuorum(args, { cwd });
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      return result.stdout;
    };
    await ok('new', 'Adopt Postgres 17', '--template', 'quorum-vote');
    await ok('comment', FILE, 'Too risky this quarter.', '--author', 'AI-Architect', '--vote', 'REJECT');
    await ok('comment', FILE, 'Agreed.', '--author', 'AI-Security', '--vote', 'REJECT');
    await ok('comment', FILE, 'I would ship it.', '--author', 'AI-Pragmatist', '--vote', 'READY');
    expect(await ok('advance', FILE)).toContain('rejected');
  });

  it('rejects options that fail the condition schema, naming the template and the fix', async () => {
    const cwd = await project('{ quorum_reached: { min_voters: 0 } }');
    const result = await runQuorum(['new', 'Adopt Postgres 17', '--template', 'quorum-vote'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('quorum: templates/quorum-vote.yaml:15:47: phases.decide.transitions[0].when.quorum_reached.min_voters must be at least 1\n');
  });

  it('reports statically that a quorum larger than the phase can never hold', async () => {
    const cwd = await project('{ quorum_reached: { min_voters: 5 } }');
    const result = await runQuorum(['template', 'validate', 'templates/quorum-vote.yaml'], { cwd });
    expect(result.stdout + result.stderr).toContain('phase "decide" has 4 participants, fewer than quorum_reached\'s min_voters (5); lower min_voters or add participants');
  });

  it('is unknown when config does not name the plugin', async () => {
    const cwd = await exampleProject({ config: '{}\n', packages: [PACKAGE], files: { 'templates/quorum-vote.yaml': template('{ quorum_reached: { min_voters: 3 } }') } });
    const result = await runQuorum(['new', 'Adopt Postgres 17', '--template', 'quorum-vote'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^quorum: templates\/quorum-vote\.yaml:\d+:\d+: phases\.decide\.transitions\[0\]\.when names an unknown condition "quorum_reached" \(known: [a-z_, ]+\)\n$/);
  });
});
