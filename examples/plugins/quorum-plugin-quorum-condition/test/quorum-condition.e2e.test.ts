import { describe, expect, it } from 'vitest';
import { exampleProject, packageDirOf, runQuorum } from '../../shared-test/example-project.js';

const PACKAGE = packageDirOf(import.meta.url);
const FILE = 'discussions/adopt-postgres-17.md';

const template = (when: string) => `id: quorum-vote
title: Quorum vote
description: Decide once enough participants voted and a clear share of them agree.
participants: [architect, security, pragmatist, designer]
voting: { strategy: quorum, options: { min_voters: 3, ready_share: 0.6 } }
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

async function project(when = '{ quorum_reached: { min_voters: 3 } }'): Promise<string> {
  return exampleProject({
    config: 'plugins:\n  - quorum-plugin-quorum-condition\n',
    packages: [PACKAGE],
    files: { 'templates/quorum-vote.yaml': template(when) },
  });
}

describe('quorum-plugin-quorum-condition through the quorum binary', () => {
  it('quorum advance moves only once three distinct voters voted and more than 60% of them READY', async () => {
    const cwd = await project();
    const ok = async (...args: string[]) => {
      const result = await runQuorum(args, { cwd });
      expect(result.stderr, args.join(' ')).toBe('');
      expect(result.code, args.join(' ')).toBe(0);
      return result.stdout;
    };
    await ok('new', 'Adopt Postgres 17', '--template', 'quorum-vote');
    await ok('comment', FILE, 'Upgrade path tested on staging.', '--author', 'AI-Architect', '--vote', 'READY');
    await ok('comment', FILE, 'Same again: fine by me.', '--author', 'AI-Architect', '--vote', 'READY');
    await ok('comment', FILE, 'Extensions all supported.', '--author', 'AI-Security', '--vote', 'READY');

    // Two distinct voters (the architect twice counts once): no quorum yet.
    const early = await runQuorum(['advance', FILE], { cwd });
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('no transition out of decide holds yet');
    expect(JSON.parse(await ok('votes', FILE)).reason).toBe('No quorum: 2 of the 3 voters needed have voted.');

    await ok('comment', FILE, 'Needs a rollback runbook first.', '--author', 'AI-Pragmatist', '--vote', 'CHANGES');
    expect(JSON.parse(await ok('votes', FILE)).reason).toBe(
      'Quorum present (3 voters) and READY has more than 60% of the votes (READY 67%, CHANGES 33%, REJECT 0%).',
    );
    expect(await ok('advance', FILE)).toContain('accepted');
    expect(await ok('status', FILE)).toContain('ACCEPTED');
  });

  it('rejects options that fail the condition schema, naming the template and the fix', async () => {
    const cwd = await project('{ quorum_reached: { min_voters: 0 } }');
    const result = await runQuorum(['new', 'Adopt Postgres 17', '--template', 'quorum-vote'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('quorum: templates/quorum-vote.yaml:16:47: phases.decide.transitions[0].when.quorum_reached.min_voters must be at least 1\n');
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
    expect(result.stderr).toBe(
      'quorum: templates/quorum-vote.yaml:5:21: voting.strategy names an unknown voting strategy "quorum" (known: threshold, majority, unanimous, veto, weighted)\n',
    );
  });
});
