import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runQuorum, temporaryProject } from './run-quorum.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/discussions/', import.meta.url));

async function projectWithExample(name: string): Promise<{ cwd: string; file: string }> {
  const cwd = await temporaryProject();
  await mkdir(path.join(cwd, 'discussions'));
  await copyFile(path.join(EXAMPLES, name), path.join(cwd, 'discussions', name));
  return { cwd, file: `discussions/${name}` };
}

describe('quorum parse', () => {
  it('prints every part of the discussion as JSON', async () => {
    const { cwd, file } = await projectWithExample('add-user-authentication.md');
    const result = await runQuorum(['parse', file], { cwd });
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout);
    for (const key of ['title', 'phase', 'status', 'template', 'participants', 'headers', 'comments', 'questions', 'decisions', 'todos', 'concerns']) {
      expect(parsed, key).toHaveProperty(key);
    }
    expect(parsed).toMatchObject({ title: 'Add user authentication', phase: 'detailed_review', status: 'OPEN', template: 'feature', participants: ['architect', 'security', 'pragmatist'] });
    expect(parsed.headers).toMatchObject({ Owner: 'rob@example.com', Created: '2025-12-08T10:30:00Z' });
    expect(parsed.comments[0]).toMatchObject({ author: 'AI-Architect', vote: 'CHANGES', mentions: ['security'] });
    expect(parsed.comments[0].markers.map((m: { type: string }) => m.type)).toEqual(['question', 'question', 'concern']);
    // The code block's "Q:" and "@security" and the e-mail address are not markers or mentions.
    expect(parsed.comments[1].markers.map((m: { type: string }) => m.type)).toEqual(['concern', 'todo', 'question']);
    expect(parsed.comments[2].mentions).toEqual([]);
    expect(parsed.questions.map((q: { id: string; status: string; answeredBy: string | null }) => [q.id, q.status, q.answeredBy])).toEqual([
      ['Q1', 'answered', 'Rob'],
      ['Q2', 'answered', 'AI-Pragmatist'],
      ['Q3', 'answered', 'Rob'],
    ]);
    expect(parsed.decisions).toHaveLength(2);
    expect(parsed.todos.map((t: { id: string; status: string; assignees: string[] }) => [t.id, t.status, t.assignees])).toEqual([
      ['T1', 'done', ['security']],
      ['T2', 'open', []],
    ]);
    expect(parsed.concerns.map((c: { author: string }) => c.author)).toEqual(['AI-Architect', 'AI-Security']);
    expect(parsed.events).toEqual([
      { kind: 'phase-transition', from: 'initial_feedback', to: 'detailed_review', line: 83 },
      { kind: 'vote-reset', phase: 'detailed_review', line: 84 },
    ]);
  });

  it('reads standard input with "-", and reports the unfinished tail of an interrupted append', async () => {
    const cwd = await temporaryProject();
    const text = await readFile(path.join(EXAMPLES, 'interrupted-append.md'), 'utf8');
    const parsed = JSON.parse((await runQuorum(['parse', '-'], { cwd, input: text })).stdout);
    expect(parsed.file).toBeNull();
    expect(parsed.comments).toHaveLength(1);
    expect(parsed.warnings).toEqual(['line 26: the last comment (by AI-Pragmatist) has no closing --- line and is ignored until Quorum\'s next write repairs or closes it']);
  });
});

describe('quorum votes', () => {
  async function voteOn(votes: Array<[string, string]>, participants = 'architect,security,pragmatist') {
    const cwd = await temporaryProject();
    const file = (await runQuorum(['new', 'Vote', '--participants', participants], { cwd })).stdout.trim();
    for (const [author, vote] of votes) await runQuorum(['comment', file, 'My view.', '--author', author, '--vote', vote], { cwd });
    return { cwd, file };
  }

  it('holds the seed examples: READY, READY, CHANGES reaches READY at 0.67', async () => {
    const { cwd, file } = await voteOn([['AI-Architect', 'READY'], ['AI-Security', 'READY'], ['AI-Pragmatist', 'CHANGES']]);
    const result = JSON.parse((await runQuorum(['votes', file], { cwd })).stdout);
    expect(result).toMatchObject({ reached: true, outcome: 'READY', counts: { READY: 2, CHANGES: 1, REJECT: 0 }, blockedBy: [], missing: [] });
    expect(result.votes).toEqual({ 'AI-Architect': 'READY', 'AI-Security': 'READY', 'AI-Pragmatist': 'CHANGES' });
  });

  it('holds the seed examples: READY, REJECT, READY is blocked by the REJECT voter', async () => {
    const { cwd, file } = await voteOn([['AI-Architect', 'READY'], ['AI-Security', 'REJECT'], ['AI-Pragmatist', 'READY']]);
    const result = JSON.parse((await runQuorum(['votes', file], { cwd })).stdout);
    expect(result).toMatchObject({ reached: false, outcome: null, blockedBy: ['AI-Security'] });
  });

  it('counts only the latest vote, and works on `quorum parse` output piped in', async () => {
    const { cwd, file } = await voteOn([['AI-Architect', 'REJECT'], ['AI-Security', 'READY'], ['AI-Architect', 'READY']], 'architect,security');
    const parsed = (await runQuorum(['parse', file], { cwd })).stdout;
    const piped = JSON.parse((await runQuorum(['votes'], { cwd, input: parsed })).stdout);
    expect(piped).toMatchObject({ reached: true, outcome: 'READY', votes: { 'AI-Architect': 'READY', 'AI-Security': 'READY' } });
    const markdown = JSON.parse((await runQuorum(['votes', '-'], { cwd, input: await readFile(path.join(cwd, file), 'utf8') })).stdout);
    expect(markdown).toEqual(piped);
  });

  it('counts only votes since the last VOTE-RESET of the current phase', async () => {
    const { cwd, file } = await projectWithExample('add-user-authentication.md');
    const result = JSON.parse((await runQuorum(['votes', file], { cwd })).stdout);
    expect(result).toMatchObject({ phase: 'detailed_review', votes: { 'AI-Security': 'READY', 'AI-Architect': 'READY' }, missing: ['pragmatist'], reached: true, outcome: 'READY' });
  });

  it('refuses JSON that is not parse output', async () => {
    const cwd = await temporaryProject();
    const result = await runQuorum(['votes'], { cwd, input: '{"comments": 3}' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^quorum: standard input is JSON but not the output of quorum parse: phase: /);
  });

  it('uses the strategy and voter facts from config', async () => {
    const { cwd, file } = await voteOn([['AI-Architect', 'READY'], ['AI-Security', 'READY'], ['AI-Pragmatist', 'READY']]);
    await writeFile(path.join(cwd, 'quorum.config.yaml'), 'voting:\n  strategy: threshold\n  options:\n    human_required: true\n');
    expect(JSON.parse((await runQuorum(['votes', file], { cwd })).stdout)).toMatchObject({ reached: false });
    await runQuorum(['comment', file, 'Ship it.', '--author', 'Rob', '--vote', 'READY'], { cwd });
    expect(JSON.parse((await runQuorum(['votes', file], { cwd })).stdout)).toMatchObject({ reached: true, outcome: 'READY' });
    await writeFile(path.join(cwd, 'quorum.config.yaml'), 'voting:\n  strategy: unanimuos\n');
    const typo = await runQuorum(['votes', file], { cwd });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^quorum: quorum\.config\.yaml:2:13: .*"unanimuos".*did you mean "unanimous"/);
  });
});

describe('quorum status', () => {
  it('shows phase, votes, consensus, open questions, decisions, todos and concerns', async () => {
    const { cwd, file } = await projectWithExample('add-user-authentication.md');
    const result = await runQuorum(['status', file], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Discussion: Add user authentication  [discussions/add-user-authentication.md]\n');
    expect(result.stdout).toContain('Phase: detailed_review   Status: OPEN   Template: feature\n');
    expect(result.stdout).toContain('Consensus: READY reached');
    expect(result.stdout).toContain('  not voted: pragmatist\n');
    expect(result.stdout).toContain('Decisions (2):\n  Use JWT access tokens (1h) with rotating refresh tokens (30d). (Rob, line 77)\n');
    expect(result.stdout).toContain('Todos (2):\n  [x] T1: Write a threat model for the sign-in and reset flows @security (AI-Security, line 44) → @security\n');
    expect(result.stdout).not.toContain('Open questions');
    expect(result.stdout).not.toContain('Comments (');

    const verbose = await runQuorum(['status', file, '--verbose'], { cwd });
    expect(verbose.stdout).toContain('Answered questions (3):');
    expect(verbose.stdout).toContain('Comments (6):\n  line 24: AI-Architect [CHANGES] — Looking at this from a systems perspective, the main decision is where session');
    expect(verbose.stdout).toContain('Events (2):');
  });

  it('prints JSON with --json', async () => {
    const { cwd, file } = await projectWithExample('brainstorm-notification-system.md');
    const report = JSON.parse((await runQuorum(['status', file, '--json'], { cwd })).stdout);
    expect(report).toMatchObject({ title: 'Notification system', phase: 'diverge', comments: 4 });
    expect(report.openQuestions.map((q: { text: string }) => q.text)).toEqual(['Do users want a daily digest or real-time alerts?']);
    expect(report.votes.votes).toEqual({ 'AI-Designer': 'READY', 'AI-Architect': 'CHANGES', 'AI-Pragmatist': 'CHANGES' });
  });
});

describe('quorum list', () => {
  it('lists discussions with status and phase, filters by status, prints JSON', async () => {
    const cwd = await temporaryProject();
    await runQuorum(['new', 'Beta'], { cwd });
    await runQuorum(['new', 'Alpha'], { cwd });
    await mkdir(path.join(cwd, 'discussions'), { recursive: true });
    await copyFile(path.join(EXAMPLES, 'adr-template.md'), path.join(cwd, 'discussions/adr.md'));
    await writeFile(path.join(cwd, 'discussions/README.md'), '# not a discussion\n');
    const table = await runQuorum(['list'], { cwd });
    expect(table.stdout).toBe(
      'FILE                  STATUS    PHASE       TITLE\n' +
        'discussions/adr.md    PROPOSED  proposal    ADR: Choose a message broker\n' +
        'discussions/alpha.md  OPEN      discussion  Alpha\n' +
        'discussions/beta.md   OPEN      discussion  Beta\n',
    );
    const proposed = JSON.parse((await runQuorum(['list', '--status', 'proposed', '--json'], { cwd })).stdout);
    expect(proposed.map((d: { id: string; template: string }) => [d.id, d.template])).toEqual([['adr.md', 'adr']]);
    expect((await runQuorum(['list', 'discussions', '--status', 'CLOSED'], { cwd })).stdout).toBe('No discussions with status CLOSED in discussions\n');
    expect((await runQuorum(['list', 'nowhere'], { cwd })).stdout).toBe('No discussions in nowhere\n');
  });
});

describe('every verb', () => {
  it.each(['new', 'comment', 'status', 'parse', 'votes', 'list'])('%s has --help', async (verb) => {
    const result = await runQuorum([verb, '--help'], { cwd: await temporaryProject() });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: quorum ${verb} `));
  });

  it('answers an unknown verb with a suggestion and exit code 2', async () => {
    const result = await runQuorum(['stauts'], { cwd: await temporaryProject() });
    expect(result).toMatchObject({ code: 2, stderr: "quorum: unknown command 'stauts' (Did you mean status?); see quorum --help\n" });
  });

  it('reports a broken config file with its line and column', async () => {
    const cwd = await temporaryProject();
    await writeFile(path.join(cwd, 'quorum.config.yaml'), 'discussions:\n  dri: x\n');
    const result = await runQuorum(['new', 'T'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('quorum: quorum.config.yaml:2:3: discussions.dri is not a known key (did you mean "dir"?)\n');
  });
});
