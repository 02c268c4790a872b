import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runQuorum, temporaryProject } from './run-quorum.js';
import { BROKEN, BROKEN_LINE, TRIAGE, writeTemplate } from './template-fixtures.js';

async function newDiscussion(args: readonly string[], cwd?: string): Promise<{ cwd: string; file: string }> {
  const dir = cwd ?? (await temporaryProject());
  const result = await runQuorum(['new', ...args], { cwd: dir });
  expect(result, result.stderr).toMatchObject({ code: 0, stderr: '' });
  return { cwd: dir, file: result.stdout.trim() };
}

const read = (cwd: string, file: string) => readFile(path.join(cwd, file), 'utf8');

describe('quorum new --template', () => {
  it("writes the template's id, initial phase and participants into the header", async () => {
    const { cwd, file } = await newDiscussion(['Add rate limiting', '--template', 'feature', '--context', 'Protect the public API.']);
    expect(file).toBe('discussions/add-rate-limiting.md');
    expect(await read(cwd, file)).toBe(
      '<!-- DISCUSSION -->\n<!-- Title: Add rate limiting -->\n<!-- Phase: initial_feedback -->\n<!-- Status: OPEN -->\n' +
        '<!-- Created: 2026-11-21T09:00:00.000Z -->\n<!-- Template: feature -->\n<!-- Participants: architect, security, pragmatist -->\n\n' +
        '# Add rate limiting\n\n## Context\n\nProtect the public API.\n\n---\n',
    );
  });

  it.each([
    ['code-review', 'review', 'architect, security, perfectionist'],
    ['adr', 'proposal', 'architect, security, pragmatist'],
    ['brainstorm', 'seed', 'architect, designer, pragmatist, researcher'],
    ['design-debate', 'dreamer_turn', 'dreamer, cost-cutter, visualizer'],
    ['delivery-pipeline', 'requirements', 'project-manager, backend-engineer, frontend-engineer, architect, qa-engineer'],
  ])('starts a %s discussion in phase %s', async (template, phase, participants) => {
    const { cwd, file } = await newDiscussion(['T', '--template', template]);
    const parsed = JSON.parse((await runQuorum(['parse', file], { cwd })).stdout);
    expect(parsed).toMatchObject({ template, phase, status: 'OPEN', participants: participants.split(', ') });
  });

  it('takes --participants over the template, a project template over a bundled one, and a template by path', async () => {
    const cwd = await temporaryProject();
    const chosen = await newDiscussion(['Chosen', '--template', 'feature', '--participants', 'architect,designer'], cwd);
    expect(await read(cwd, chosen.file)).toContain('<!-- Participants: architect, designer -->');

    await writeTemplate(cwd, 'feature.yaml', TRIAGE.replace('id: triage', 'id: feature'));
    const overridden = await newDiscussion(['Overridden', '--template', 'feature'], cwd);
    expect(await read(cwd, overridden.file)).toContain('<!-- Phase: report -->');

    await writeTemplate(cwd, 'elsewhere/triage.yaml', TRIAGE);
    const byPath = await runQuorum(['new', 'By path', '--template', './elsewhere/triage.yaml'], { cwd });
    expect(byPath.code).toBe(0);
    expect(byPath.stderr).toBe(
      'quorum: the discussion records template "triage", which no template directory has; ' +
        'move elsewhere/triage.yaml into templates/ (or a folder in templates.dirs) so quorum advance finds it\n',
    );
    const text = await read(cwd, byPath.stdout.trim());
    expect(text).toContain('<!-- Template: triage -->');
    expect(text).toContain('<!-- Phase: report -->');
  });

  it('keeps the free-form phase without --template', async () => {
    const { cwd, file } = await newDiscussion(['Free form']);
    const text = await read(cwd, file);
    expect(text).toContain('<!-- Phase: discussion -->');
    expect(text).not.toContain('Template:');
  });

  it('refuses an unknown or broken template with exit code 2 and creates nothing', async () => {
    const cwd = await temporaryProject();
    const unknown = await runQuorum(['new', 'T', '--template', 'feture'], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^quorum: .*feture.*\n$/);
    expect(unknown.stderr).toContain('feature');

    await writeTemplate(cwd, 'drafts/triage.yaml', BROKEN);
    const broken = await runQuorum(['new', 'T', '--template', 'drafts/triage.yaml'], { cwd });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(new RegExp(`^quorum: drafts/triage\\.yaml:${BROKEN_LINE}:\\d+: .*fixd.*\\n$`));
    expect(await readdir(cwd)).toEqual(['drafts']);
  });
});

describe('quorum advance', () => {
  it('without --to refuses while no condition holds, then takes the transition whose condition holds, in one write', async () => {
    const { cwd, file } = await newDiscussion(['Add rate limiting', '--template', 'feature']);
    const early = await runQuorum(['advance', file], { cwd });
    expect(early).toMatchObject({
      code: 2,
      stderr:
        'quorum: no transition out of initial_feedback holds yet (detailed_review when all(all_responded, all_mentioned_responded)); to move on anyway, pass --to with one of detailed_review\n',
    });
    for (const author of ['AI-Architect', 'AI-Security', 'AI-Pragmatist']) await runQuorum(['comment', file, 'First thoughts.', '--author', author], { cwd });
    const before = await read(cwd, file);
    const result = await runQuorum(['advance', file], { cwd });
    expect(result).toMatchObject({ code: 0, stdout: `Advanced ${file}: initial_feedback -> detailed_review\n`, stderr: '' });
    const after = await read(cwd, file);
    // detailed_review has no voting, so no VOTE-RESET line.
    expect(after).toBe(before.replace('Phase: initial_feedback', 'Phase: detailed_review') + '<!-- PHASE-TRANSITION: initial_feedback -> detailed_review -->\n---\n');
    const parsed = JSON.parse((await runQuorum(['parse', file], { cwd })).stdout);
    expect(parsed).toMatchObject({ phase: 'detailed_review', status: 'OPEN', warnings: [] });
    expect(parsed.events).toEqual([{ kind: 'phase-transition', from: 'initial_feedback', to: 'detailed_review', line: 27 }]);
  });

  it('without --to follows the vote: READY accepts, CHANGES goes back, REJECT rejects', async () => {
    const outcomes: Array<[string[], string]> = [
      [['READY', 'READY', 'CHANGES'], 'consensus_vote -> accepted (status ACCEPTED)'],
      [['CHANGES', 'CHANGES', 'READY'], 'consensus_vote -> detailed_review'],
      [['REJECT', 'REJECT', 'REJECT'], 'consensus_vote -> rejected (status REJECTED)'],
    ];
    for (const [votes, move] of outcomes) {
      const { cwd, file } = await newDiscussion(['Add rate limiting', '--template', 'feature']);
      await runQuorum(['advance', file, '--to', 'detailed_review'], { cwd });
      await runQuorum(['advance', file, '--to', 'consensus_vote'], { cwd });
      const authors = ['AI-Architect', 'AI-Security', 'AI-Pragmatist'];
      for (const [i, vote] of votes.entries()) await runQuorum(['comment', file, 'My vote.', '--author', authors[i]!, '--vote', vote], { cwd });
      expect((await runQuorum(['advance', file], { cwd })).stdout).toBe(`Advanced ${file}: ${move}\n`);
    }
  });

  it('writes a VOTE-RESET when the target phase resets votes, so earlier votes stop counting', async () => {
    const { cwd, file } = await newDiscussion(['Add rate limiting', '--template', 'feature']);
    await runQuorum(['advance', file, '--to', 'detailed_review'], { cwd });
    await runQuorum(['comment', file, 'Looks fine early on.', '--author', 'AI-Architect', '--vote', 'READY'], { cwd });
    expect(JSON.parse((await runQuorum(['votes', file], { cwd })).stdout).votes).toEqual({ 'AI-Architect': 'READY' });

    const result = await runQuorum(['advance', file, '--to', 'consensus_vote'], { cwd });
    expect(result).toMatchObject({ code: 0, stdout: `Advanced ${file}: detailed_review -> consensus_vote\n` });
    const text = await read(cwd, file);
    expect(text.endsWith('<!-- PHASE-TRANSITION: detailed_review -> consensus_vote -->\n<!-- VOTE-RESET: consensus_vote -->\n---\n')).toBe(true);
    const votes = JSON.parse((await runQuorum(['votes', file], { cwd })).stdout);
    expect(votes).toMatchObject({ phase: 'consensus_vote', votes: {} });
  });

  it('sets the final status when the target phase is final, and then refuses to go on', async () => {
    const { cwd, file } = await newDiscussion(['Add rate limiting', '--template', 'feature']);
    await runQuorum(['advance', file, '--to', 'detailed_review'], { cwd });
    await runQuorum(['advance', file, '--to', 'consensus_vote'], { cwd });
    const result = await runQuorum(['advance', file, '--to', 'accepted'], { cwd });
    expect(result).toMatchObject({ code: 0, stdout: `Advanced ${file}: consensus_vote -> accepted (status ACCEPTED)\n` });
    const parsed = JSON.parse((await runQuorum(['parse', file], { cwd })).stdout);
    expect(parsed).toMatchObject({ phase: 'accepted', status: 'ACCEPTED', warnings: [] });
    expect(parsed.events.map((e: { kind: string; from?: string; to?: string; phase?: string }) => [e.kind, e.from ?? e.phase, e.to ?? null])).toEqual([
      ['phase-transition', 'initial_feedback', 'detailed_review'],
      ['phase-transition', 'detailed_review', 'consensus_vote'],
      ['vote-reset', 'consensus_vote', null],
      ['phase-transition', 'consensus_vote', 'accepted'],
    ]);
    const listed = JSON.parse((await runQuorum(['list', '--status', 'accepted', '--json'], { cwd })).stdout);
    expect(listed.map((d: { id: string }) => d.id)).toEqual(['add-rate-limiting.md']);

    const before = await read(cwd, file);
    const again = await runQuorum(['advance', file], { cwd });
    expect(again).toMatchObject({ code: 2, stdout: '' });
    expect(again.stderr).toBe(`quorum: ${file} is already finished with status ACCEPTED (phase accepted); there is no phase to advance to\n`);
    expect(await read(cwd, file)).toBe(before);
  });

  it('refuses a target the current phase cannot reach, listing the allowed ones, and leaves the file alone', async () => {
    const { cwd, file } = await newDiscussion(['Add rate limiting', '--template', 'feature']);
    const before = await read(cwd, file);
    const skip = await runQuorum(['advance', file, '--to', 'accepted'], { cwd });
    expect(skip).toMatchObject({ code: 2, stdout: '', stderr: 'quorum: --to accepted: phase initial_feedback can advance only to detailed_review\n' });
    const typo = await runQuorum(['advance', file, '--to', 'detailed_reveiw'], { cwd });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe(
      'quorum: --to detailed_reveiw: phase initial_feedback can advance only to detailed_review; template "feature" has no phase "detailed_reveiw" (did you mean "detailed_review"?)\n',
    );
    expect(await read(cwd, file)).toBe(before);

    await runQuorum(['advance', file, '--to', 'detailed_review'], { cwd });
    await runQuorum(['advance', file, '--to', 'consensus_vote'], { cwd });
    const fromVote = await runQuorum(['advance', file, '--to', 'initial_feedback'], { cwd });
    expect(fromVote).toMatchObject({
      code: 2,
      stderr: 'quorum: --to initial_feedback: phase consensus_vote can advance only to accepted, rejected, detailed_review, no_consensus\n',
    });
  });

  it('follows a project template, including a phase reached only by on_max_rounds', async () => {
    const cwd = await temporaryProject();
    await writeTemplate(cwd, 'triage.yaml', TRIAGE);
    const { file } = await newDiscussion(['Crash on save', '--template', 'triage'], cwd);
    for (const author of ['AI-Architect', 'AI-Pragmatist']) await runQuorum(['comment', file, 'Seen it too.', '--author', author], { cwd });
    expect((await runQuorum(['advance', file], { cwd })).stdout).toBe(`Advanced ${file}: report -> decide\n`);
    expect((await runQuorum(['advance', file, '--to', 'wontfix'], { cwd })).stdout).toBe(`Advanced ${file}: decide -> wontfix (status WONTFIX)\n`);
    expect(await read(cwd, file)).toContain('<!-- PHASE-TRANSITION: report -> decide -->\n<!-- VOTE-RESET: decide -->\n---\n');
  });

  it('needs a discussion with a template, a known phase and a readable file', async () => {
    const cwd = await temporaryProject();
    const { file } = await newDiscussion(['Free form'], cwd);
    const none = await runQuorum(['advance', file], { cwd });
    expect(none).toMatchObject({ code: 2, stderr: `quorum: ${file} has no template; advance needs one (create the discussion with quorum new --template NAME)\n` });

    await mkdir(path.join(cwd, 'discussions'), { recursive: true });
    await writeFile(
      path.join(cwd, 'discussions/odd.md'),
      '<!-- DISCUSSION -->\n<!-- Title: Odd -->\n<!-- Phase: detailed_reveiw -->\n<!-- Status: OPEN -->\n<!-- Template: feature -->\n\n# Odd\n\n---\n',
    );
    const unknownPhase = await runQuorum(['advance', 'discussions/odd.md'], { cwd });
    expect(unknownPhase.code).toBe(2);
    expect(unknownPhase.stderr).toMatch(/^quorum: discussions\/odd\.md is in phase "detailed_reveiw", which template "feature" does not have \(did you mean "detailed_review"\?\); its phases are initial_feedback, /);

    await writeFile(path.join(cwd, 'discussions/gone.md'), '<!-- DISCUSSION -->\n<!-- Title: Gone -->\n<!-- Phase: a -->\n<!-- Template: nosuch-template -->\n\n---\n');
    const unknownTemplate = await runQuorum(['advance', 'discussions/gone.md'], { cwd });
    expect(unknownTemplate.code).toBe(2);
    expect(unknownTemplate.stderr).toMatch(/^quorum: .*nosuch-template/);

    const missing = await runQuorum(['advance', 'discussions/missing.md'], { cwd });
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.stderr).toMatch(/^quorum: discussions\/missing\.md does not exist/);
  });

  it('has --help, and reports usage errors in one line', async () => {
    const cwd = await temporaryProject();
    const help = await runQuorum(['advance', '--help'], { cwd });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: quorum advance [options] <file>');
    expect(help.stdout).toContain('--to <phase>');
    const usage = await runQuorum(['advance'], { cwd });
    expect(usage).toMatchObject({ code: 2, stderr: "quorum: missing required argument 'file'; see quorum advance --help\n" });
  });
});

it('a broken project template is reported where it is', async () => {
  const cwd = await temporaryProject();
  await writeTemplate(cwd, 'triage.yaml', BROKEN);
  const result = await runQuorum(['new', 'T', '--template', 'triage'], { cwd });
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(new RegExp(`^quorum: templates/triage\\.yaml:${BROKEN_LINE}:\\d+: `));
});
