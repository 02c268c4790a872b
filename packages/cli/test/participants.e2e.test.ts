import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runQuorum, temporaryProject } from './run-quorum.js';
import { TRIAGE } from './template-fixtures.js';

const BUNDLED = fileURLToPath(new URL('../../../personas/', import.meta.url));
const BUNDLED_ALIASES = [
  'architect',
  'backend-engineer',
  'cost-cutter',
  'designer',
  'dreamer',
  'frontend-engineer',
  'moderator',
  'perfectionist',
  'pragmatist',
  'project-manager',
  'qa-engineer',
  'researcher',
  'security',
  'summarizer',
  'visualizer',
];

const CRITIC = `name: AI-Critic
alias: critic
role: Devil's advocate
type: voting
expertise:
  - Finding holes
concerns:
  - "What would make this fail?"
personality: |
  You are Ada, who argues the other side.
  Reply with NO_RESPONSE when you have nothing to add.
`;

interface ListedRow {
  alias: string;
  name: string;
  role: string;
  type: string;
  provider: string | null;
  origin: string;
  file: string | null;
  replaces: string[];
}

async function listed(cwd: string): Promise<ListedRow[]> {
  const result = await runQuorum(['participants', 'list', '--json'], { cwd });
  expect(result, result.stderr).toMatchObject({ code: 0, stderr: '' });
  return JSON.parse(result.stdout);
}

async function projectWith(files: Record<string, string>): Promise<string> {
  const cwd = await temporaryProject();
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(cwd, name)), { recursive: true });
    await writeFile(path.join(cwd, name), text);
  }
  return cwd;
}

describe('quorum participants list', () => {
  it('lists the bundled personas with alias, name, role, type, provider hint and origin', async () => {
    const cwd = await temporaryProject();
    const result = await runQuorum(['participants', 'list'], { cwd });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ALIAS +NAME +ROLE +TYPE +PROVIDER +ORIGIN$/);
    expect(lines.slice(1).map((line) => line.split(' ')[0])).toEqual(BUNDLED_ALIASES);
    expect(result.stdout).toMatch(/^architect +AI-Architect +Systems Architect +voting +- +bundled$/m);
    expect(result.stdout).toMatch(/^visualizer +AI-Visualizer +Diagram Generator +background +anthropic:claude-haiku-4-5 +bundled$/m);

    const rows = await listed(cwd);
    expect(rows.map((row) => row.alias)).toEqual(BUNDLED_ALIASES);
    expect(rows.find((row) => row.alias === 'researcher')).toEqual({
      alias: 'researcher',
      name: 'AI-Researcher',
      role: 'Research Assistant',
      type: 'background',
      provider: 'anthropic:claude-haiku-4-5',
      origin: 'bundled',
      file: path.join(BUNDLED, 'researcher.yaml'),
      replaces: [],
    });
  });

  it('adds project, config-folder and plugin personas, a higher one replacing a lower one', async () => {
    const cwd = await projectWith({
      'personas/critic.yaml': CRITIC,
      'personas/architect.yaml': CRITIC.replace('alias: critic', 'alias: architect').replace('name: AI-Critic', 'name: AI-Our-Architect'),
      'team/scribe.yaml': CRITIC.replace('alias: critic', 'alias: scribe').replace('type: voting', 'type: background'),
      'pack/persona-pack.mjs': `import { fileURLToPath } from 'node:url';
export default {
  specificationVersion: 'v1',
  meta: { name: 'persona-pack', version: '1.0.0' },
  personas: [fileURLToPath(new URL('./personas/', import.meta.url))],
  personaSources: [{ specificationVersion: 'v1', name: 'coded', load: () => [{ name: 'AI-Coded', alias: 'coded', role: 'From code', personality: 'p', expertise: [], concerns: [], type: 'voting' }] }],
};
`,
      'pack/personas/packed.yaml': CRITIC.replace('alias: critic', 'alias: packed'),
      'quorum.config.yaml': 'personas:\n  dirs: [team]\nplugins:\n  - ./pack/persona-pack.mjs\n',
    });
    const rows = await listed(cwd);
    expect(rows.map((row) => row.alias)).toEqual([...BUNDLED_ALIASES, 'coded', 'critic', 'packed', 'scribe'].sort());
    const byAlias = Object.fromEntries(rows.map((row) => [row.alias, row]));
    expect(byAlias['critic']).toMatchObject({ origin: 'project', file: 'personas/critic.yaml', replaces: [] });
    expect(byAlias['architect']).toMatchObject({ name: 'AI-Our-Architect', origin: 'project', replaces: ['bundled'] });
    expect(byAlias['scribe']).toMatchObject({ type: 'background', origin: 'config team', file: 'team/scribe.yaml' });
    expect(byAlias['packed']).toMatchObject({ origin: 'plugin persona-pack', file: 'pack/personas/packed.yaml' });
    expect(byAlias['coded']).toMatchObject({ origin: 'plugin persona-pack', file: null });
    const table = (await runQuorum(['participants', 'list'], { cwd })).stdout;
    expect(table).toMatch(/^architect +AI-Our-Architect +Devil's advocate +voting +- +project \(replaces bundled\)$/m);
  });

  it('fails with the file, line and column of a broken persona file', async () => {
    const cwd = await projectWith({ 'personas/critic.yaml': CRITIC.replace('expertise:\n  - Finding holes', 'expertise: Finding holes') });
    const result = await runQuorum(['participants', 'list'], { cwd });
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: 'quorum: personas/critic.yaml:5:12: expertise must be an array\n' });
    await writeFile(path.join(cwd, 'personas/critic.yaml'), CRITIC.replace('concerns:', 'concern:'));
    expect((await runQuorum(['participants', 'list'], { cwd })).stderr).toBe(
      'quorum: personas/critic.yaml:7:1: concern is not a known key (did you mean "concerns"?)\n',
    );
    await writeFile(path.join(cwd, 'personas/critic.yaml'), CRITIC.replace('alias: critic', 'alias: critique'));
    expect((await runQuorum(['participants', 'list'], { cwd })).stderr).toBe(
      'quorum: personas/critic.yaml:2:8: the alias "critique" differs from the file name "critic.yaml"; rename the file to critique.yaml or set alias: critic\n',
    );
  });
});

describe('quorum participants show', () => {
  it('shows every field, the personality in full, and where it came from', async () => {
    const cwd = await temporaryProject();
    const result = await runQuorum(['participants', 'show', 'security'], { cwd });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(
      /^Participant: security — AI-Security\nRole: Security Specialist\nType: voting \(votes when a phase counts votes\)\nProvider: - \(the config decides\)\nOrigin: bundled \(.*personas\/security\.yaml\)\n\nExpertise:\n  - Threat modeling/,
    );
    const file = await readFile(path.join(BUNDLED, 'security.yaml'), 'utf8');
    const personality = file.slice(file.indexOf('personality: |\n') + 'personality: |\n'.length);
    expect(result.stdout.endsWith(`\nPersonality:\n${personality}`)).toBe(true);

    const json = JSON.parse((await runQuorum(['participants', 'show', 'visualizer', '--json'], { cwd })).stdout);
    expect(json).toMatchObject({ alias: 'visualizer', name: 'AI-Visualizer', type: 'background', provider: 'anthropic:claude-haiku-4-5', origin: 'bundled', replaces: [] });
    expect(json.personality).toContain('DIAGRAM:');
    expect(json.expertise.length).toBeGreaterThanOrEqual(5);
  });

  it('refuses an unknown alias with "did you mean", exit code 2', async () => {
    const cwd = await temporaryProject();
    expect(await runQuorum(['participants', 'show', 'archtect'], { cwd })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'quorum: unknown participant "archtect" (did you mean "architect"?); see quorum participants list\n',
    });
  });
});

describe('quorum participants add --from-file', () => {
  it("checks the file and copies it to personas/<alias>.yaml, whatever the file's own name", async () => {
    const cwd = await projectWith({ 'drafts/my-new-persona.yaml': CRITIC });
    const result = await runQuorum(['participants', 'add', '--from-file', 'drafts/my-new-persona.yaml'], { cwd });
    expect(result).toEqual({ code: 0, stdout: 'Added participant critic (AI-Critic, voting) in personas/critic.yaml\n', stderr: '' });
    expect(await readFile(path.join(cwd, 'personas/critic.yaml'), 'utf8')).toBe(CRITIC);
    expect((await listed(cwd)).find((row) => row.alias === 'critic')).toMatchObject({ origin: 'project' });
    expect((await readdir(path.join(cwd, 'personas'))).sort()).toEqual(['critic.yaml']);
  });

  it('refuses to overwrite a project persona unless --force', async () => {
    const cwd = await projectWith({ 'personas/critic.yaml': CRITIC, 'critic-v2.yaml': CRITIC.replace("Devil's advocate", 'Sceptic') });
    const refused = await runQuorum(['participants', 'add', '--from-file', 'critic-v2.yaml'], { cwd });
    expect(refused).toEqual({ code: 2, stdout: '', stderr: 'quorum: personas/critic.yaml already defines participant "critic"; pass --force to replace it\n' });
    expect(await readFile(path.join(cwd, 'personas/critic.yaml'), 'utf8')).toBe(CRITIC);
    const forced = await runQuorum(['participants', 'add', '--from-file', 'critic-v2.yaml', '--force'], { cwd });
    expect(forced).toMatchObject({ code: 0, stdout: 'Added participant critic (AI-Critic, voting) in personas/critic.yaml; it replaces the previous personas/critic.yaml\n' });
    expect((await listed(cwd)).find((row) => row.alias === 'critic')?.role).toBe('Sceptic');
  });

  it('allows shadowing a bundled persona, and says so', async () => {
    const cwd = await projectWith({ 'architect.yaml': CRITIC.replace('alias: critic', 'alias: architect') });
    const result = await runQuorum(['participants', 'add', '--from-file', 'architect.yaml'], { cwd });
    expect(result).toMatchObject({
      code: 0,
      stdout: 'Added participant architect (AI-Critic, voting) in personas/architect.yaml; it takes the place of the bundled persona "architect" in this project\n',
    });
    expect((await listed(cwd)).find((row) => row.alias === 'architect')).toMatchObject({ origin: 'project', replaces: ['bundled'] });
  });

  it('refuses an invalid file with its line and column, and writes nothing', async () => {
    const cwd = await projectWith({ 'critic.yaml': CRITIC.replace('type: voting', 'type: silent') });
    const result = await runQuorum(['participants', 'add', '--from-file', 'critic.yaml'], { cwd });
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'quorum: critic.yaml:4:7: type must be "voting" or "background"\n' });
    expect(await readdir(cwd)).toEqual(['critic.yaml']);
    expect((await runQuorum(['participants', 'add', '--from-file', 'nope.yaml'], { cwd })).stderr).toBe('quorum: the persona file nope.yaml does not exist\n');
  });

  it('without --from-file and without a terminal, says to pass --from-file', async () => {
    const cwd = await temporaryProject();
    const result = await runQuorum(['participants', 'add'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^quorum: [^\n]*pass --from-file <file>[^\n]*\n$/);
  });
});

describe('quorum participants remove', () => {
  it('removes a project persona, and the bundled one it replaced is used again', async () => {
    const cwd = await projectWith({ 'personas/architect.yaml': CRITIC.replace('alias: critic', 'alias: architect'), 'personas/critic.yaml': CRITIC });
    const removed = await runQuorum(['participants', 'remove', 'architect'], { cwd });
    expect(removed).toEqual({
      code: 0,
      stdout: 'Removed participant architect (personas/architect.yaml); the bundled persona "architect" is used again\n',
      stderr: '',
    });
    expect((await listed(cwd)).find((row) => row.alias === 'architect')).toMatchObject({ name: 'AI-Architect', origin: 'bundled' });
    expect(await runQuorum(['participants', 'remove', 'critic', '--yes'], { cwd })).toMatchObject({ code: 0, stdout: 'Removed participant critic (personas/critic.yaml)\n' });
    expect(await readdir(path.join(cwd, 'personas'))).toEqual([]);
  });

  it('refuses bundled, config-folder and unknown personas, saying where they come from', async () => {
    const cwd = await projectWith({ 'team/scribe.yaml': CRITIC.replace('alias: critic', 'alias: scribe'), 'quorum.config.yaml': 'personas:\n  dirs: [team]\n' });
    const bundled = await runQuorum(['participants', 'remove', 'security', '--yes'], { cwd });
    expect(bundled.code).toBe(2);
    expect(bundled.stderr).toMatch(/^quorum: participant "security" is bundled with Quorum and cannot be removed; [^\n]*quorum participants add[^\n]*\n$/);
    const configured = await runQuorum(['participants', 'remove', 'scribe'], { cwd });
    expect(configured.code).toBe(2);
    expect(configured.stderr).toMatch(/^quorum: participant "scribe" comes from the folder team named in config \(personas\.dirs\); /);
    expect(await readFile(path.join(cwd, 'team/scribe.yaml'), 'utf8')).toContain('alias: scribe');
    expect((await runQuorum(['participants', 'remove', 'scrib'], { cwd })).stderr).toBe(
      'quorum: unknown participant "scrib" (did you mean "scribe"?); see quorum participants list\n',
    );
  });
});

describe('participant aliases elsewhere', () => {
  it('quorum new refuses unknown --participants and config participants with "did you mean"', async () => {
    const cwd = await temporaryProject();
    const option = await runQuorum(['new', 'T', '--participants', 'architect,secruity'], { cwd });
    expect(option).toEqual({
      code: 2,
      stdout: '',
      stderr: 'quorum: --participants: unknown participant "secruity" (did you mean "security"?); see quorum participants list\n',
    });
    await writeFile(path.join(cwd, 'quorum.config.yaml'), 'participants: [architect, pragmatst]\n');
    const configured = await runQuorum(['new', 'T'], { cwd });
    expect(configured.code).toBe(2);
    expect(configured.stderr).toBe(
      'quorum: quorum.config.yaml:1:27: participants[1]: unknown participant "pragmatst" (did you mean "pragmatist"?); see quorum participants list\n',
    );
    expect(await readdir(cwd)).toEqual(['quorum.config.yaml']);
  });

  it('quorum new accepts project personas and the people config describes', async () => {
    const cwd = await projectWith({ 'personas/critic.yaml': CRITIC, 'quorum.config.yaml': 'voters:\n  Rob:\n    human: true\n' });
    expect(await runQuorum(['new', 'T', '--participants', 'critic,architect,rob'], { cwd })).toMatchObject({ code: 0, stdout: 'discussions/t.md\n', stderr: '' });
  });

  it('templates naming an unknown participant fail with "did you mean"; the bundled ones name only bundled personas', async () => {
    const cwd = await projectWith({ 'templates/triage.yaml': TRIAGE.replace('participants: [architect, pragmatist]', 'participants: [architect, pragmatst]') });
    const result = await runQuorum(['template', 'validate', 'templates/triage.yaml'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).toMatch(/templates\/triage\.yaml:4:27: .*unknown participant "pragmatst" \(did you mean "pragmatist"\?\)/);
    const bundledTemplates = fileURLToPath(new URL('../../../templates/', import.meta.url));
    const files = (await readdir(bundledTemplates)).filter((name) => name.endsWith('.yaml')).map((name) => path.join(bundledTemplates, name));
    const validated = await runQuorum(['template', 'validate', ...files], { cwd });
    expect(validated, `${validated.stdout}${validated.stderr}`).toMatchObject({ code: 0 });
    expect(validated.stdout.match(/: ok/g)).toHaveLength(files.length);
  });

  it('quorum comment warns about an @mention of nobody, with "did you mean", and still appends the comment', async () => {
    const cwd = await projectWith({ 'quorum.config.yaml': 'voters:\n  Rob:\n    human: true\n' });
    const file = (await runQuorum(['new', 'T', '--participants', 'architect,security'], { cwd })).stdout.trim();
    const result = await runQuorum(['comment', file, 'Q: @archtect and @security, thoughts? cc @rob @all @Rob'], { cwd });
    expect(result).toMatchObject({ code: 0, stdout: `Added a comment by Rob to ${file} (phase discussion)\n` });
    expect(result.stderr).toBe('quorum: @archtect names no participant (did you mean "architect"?); the comment is added anyway (see quorum participants list)\n');
    expect(await readFile(path.resolve(cwd, file), 'utf8')).toContain('Q: @archtect and @security, thoughts?');
    expect((await runQuorum(['comment', file, 'Thanks @designer and @AI-Security.'], { cwd })).stderr).toBe('');
  });
});

describe('votes with persona facts', () => {
  it('a background persona never votes, and a persona weight counts in weighted strategies unless config says otherwise', async () => {
    const cwd = await projectWith({
      'personas/critic.yaml': `${CRITIC}weight: 3\n`,
      'quorum.config.yaml': 'voting:\n  strategy: weighted\n',
    });
    const file = (await runQuorum(['new', 'W', '--participants', 'architect,critic,researcher'], { cwd })).stdout.trim();
    await runQuorum(['comment', file, 'Fine.', '--author', 'AI-Architect', '--vote', 'READY'], { cwd });
    await runQuorum(['comment', file, 'Not yet.', '--author', 'AI-Critic', '--vote', 'CHANGES'], { cwd });
    await runQuorum(['comment', file, 'Sources attached.', '--author', 'AI-Researcher', '--vote', 'READY'], { cwd });
    // The critic weighs 3 of 4: CHANGES has 75% and is reached; the researcher is not a voter.
    expect(JSON.parse((await runQuorum(['votes', file], { cwd })).stdout)).toMatchObject({
      strategy: 'weighted',
      voters: ['AI-Architect', 'AI-Critic'],
      counts: { READY: 1, CHANGES: 1, REJECT: 0 },
      reached: true,
      outcome: 'CHANGES',
    });
    // Config's voters entries win over the persona files, whichever name they use.
    await writeFile(path.join(cwd, 'quorum.config.yaml'), 'voting:\n  strategy: weighted\nvoters:\n  critic:\n    weight: 1\n  AI-Researcher:\n    background: false\n');
    expect(JSON.parse((await runQuorum(['votes', file], { cwd })).stdout)).toMatchObject({
      voters: ['AI-Architect', 'AI-Critic', 'AI-Researcher'],
      counts: { READY: 2, CHANGES: 1, REJECT: 0 },
      reached: true,
      outcome: 'READY',
    });
  });
});
