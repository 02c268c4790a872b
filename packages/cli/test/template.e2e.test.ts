import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runQuorum, temporaryProject } from './run-quorum.js';
import { BROKEN, BROKEN_LINE, BUNDLED, BUNDLED_IDS, TRIAGE, writeTemplate } from './template-fixtures.js';

interface ShownPhase {
  id: string;
  voting: boolean;
  voteReset: boolean;
  maxRounds: number;
  participants: string[];
  transitions: Array<{ to: string; condition: string }>;
  onMaxRounds: string | null;
  final: string | null;
}

async function show(ref: string, cwd?: string): Promise<{ id: string; initial: string; participants: string[]; voting: { strategy: string; options: Record<string, unknown> }; phases: ShownPhase[] }> {
  const result = await runQuorum(['template', 'show', ref, '--json'], { cwd: cwd ?? (await temporaryProject()) });
  expect(result, result.stderr).toMatchObject({ code: 0 });
  return JSON.parse(result.stdout);
}

describe('quorum template list', () => {
  it('lists the bundled templates with title, file and description', async () => {
    const cwd = await temporaryProject();
    const result = await runQuorum(['template', 'list'], { cwd });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +TITLE +FILE +DESCRIPTION$/);
    expect(lines.slice(1).map((line) => line.split(' ')[0])).toEqual(BUNDLED_IDS);
    expect(result.stdout).toContain(path.join(BUNDLED, 'feature.yaml'));

    const listed = JSON.parse((await runQuorum(['template', 'list', '--json'], { cwd })).stdout);
    expect(listed.map((t: { id: string }) => t.id)).toEqual(BUNDLED_IDS);
    expect(listed.find((t: { id: string }) => t.id === 'feature')).toMatchObject({ title: 'Feature discussion', file: path.join(BUNDLED, 'feature.yaml') });
    for (const template of listed) expect(template.description.length, template.id).toBeGreaterThan(20);
  });

  it('lists project templates first and lets them replace a bundled one with the same id', async () => {
    const cwd = await temporaryProject();
    await writeTemplate(cwd, 'triage.yaml', TRIAGE);
    await writeTemplate(cwd, 'adr.yaml', TRIAGE.replace('id: triage', 'id: adr').replace('title: Bug triage', 'title: Our ADR'));
    await writeTemplate(cwd, 'team/standup.yaml', TRIAGE.replace('id: triage', 'id: standup').replace('title: Bug triage', 'title: Standup'));
    await writeFile(path.join(cwd, 'quorum.config.yaml'), 'templates:\n  dirs: [team]\n');
    const listed = JSON.parse((await runQuorum(['template', 'list', '--json'], { cwd })).stdout);
    expect(listed.map((t: { id: string }) => t.id)).toEqual([...BUNDLED_IDS, 'standup', 'triage'].sort());
    expect(listed.find((t: { id: string }) => t.id === 'adr')).toMatchObject({ title: 'Our ADR', file: 'templates/adr.yaml' });
    expect(listed.find((t: { id: string }) => t.id === 'standup')).toMatchObject({ file: 'team/standup.yaml' });
    const table = (await runQuorum(['template', 'list'], { cwd })).stdout;
    expect(table).toMatch(/^triage +Bug triage +templates\/triage\.yaml +Decide whether a reported bug gets fixed\.$/m);
  });
});

describe('quorum template validate', () => {
  it('prints "file: ok" for a valid template and exits with 0', async () => {
    const cwd = await temporaryProject();
    const file = await writeTemplate(cwd, 'triage.yaml', TRIAGE);
    expect(await runQuorum(['template', 'validate', file], { cwd })).toMatchObject({ code: 0, stdout: 'templates/triage.yaml: ok\n', stderr: '' });
  });

  it('prints warnings and still says ok, with exit code 0, when there is no error', async () => {
    const cwd = await temporaryProject();
    const text = `${TRIAGE}  spare:\n    title: Spare\n    final: SPARE\n`;
    const file = await writeTemplate(cwd, 'triage.yaml', text);
    const line = text.split('\n').indexOf('  spare:') + 1;
    const result = await runQuorum(['template', 'validate', file], { cwd });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(new RegExp(`^templates/triage\\.yaml:${line}:\\d+: warning: .*spare.*\\ntemplates/triage\\.yaml: ok \\(1 warning\\)\\n$`));
    // The same warning is shown when the template is used, on stderr; the discussion is created.
    const created = await runQuorum(['new', 'T', '--template', 'triage'], { cwd });
    expect(created).toMatchObject({ code: 0, stdout: 'discussions/t.md\n' });
    expect(created.stderr).toMatch(new RegExp(`^quorum: templates/triage\\.yaml:${line}:\\d+: warning: .*spare.*\\n$`));
  });

  it('prints located errors for a broken template and exits with 2', async () => {
    const cwd = await temporaryProject();
    const good = await writeTemplate(cwd, 'triage.yaml', TRIAGE);
    const bad = await writeTemplate(cwd, 'broken.yaml', BROKEN);
    const result = await runQuorum(['template', 'validate', good, bad], { cwd });
    expect(result.code).toBe(2);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('templates/triage.yaml: ok');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(1)) expect(line).toMatch(/^templates\/broken\.yaml:\d+:\d+: (error|warning): \S/);
    expect(lines.slice(1).some((line) => line.startsWith(`templates/broken.yaml:${BROKEN_LINE}:`) && line.includes('error: ') && line.includes('fixd'))).toBe(true);
    expect(result.stderr).toBe('quorum: 1 of 2 template files has errors\n');
  });

  it('reports schema errors and a file that cannot be read, and goes on with the other files', async () => {
    const cwd = await temporaryProject();
    const schema = await writeTemplate(cwd, 'schema.yaml', TRIAGE.replace('max_rounds: 2', 'max_rounds: two'));
    const result = await runQuorum(['template', 'validate', schema, 'templates/missing.yaml', 'templates/schema.yaml'], { cwd });
    expect(result.code).toBe(2);
    const line = TRIAGE.split('\n').findIndex((l) => l.includes('max_rounds: 2')) + 1;
    expect(result.stdout).toMatch(new RegExp(`^templates/schema\\.yaml:${line}:\\d+: error: .*max_rounds`, 'm'));
    expect(result.stdout).toMatch(/^templates\/missing\.yaml(:\d+:\d+)?: error: /m);
    expect(result.stderr).toBe('quorum: 3 of 3 template files have errors\n');
  });

  it('validates every bundled template with no errors', async () => {
    const cwd = await temporaryProject();
    const files = BUNDLED_IDS.map((id) => path.join(BUNDLED, `${id}.yaml`));
    expect(BUNDLED_IDS).toEqual(['adr', 'brainstorm', 'code-review', 'delivery-pipeline', 'design-debate', 'feature']);
    const result = await runQuorum(['template', 'validate', ...files], { cwd });
    expect(result.stdout).not.toMatch(/: error: /);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    for (const file of files) expect(result.stdout).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: ok`, 'm'));
  });

  it('needs at least one file', async () => {
    const result = await runQuorum(['template', 'validate'], { cwd: await temporaryProject() });
    expect(result).toMatchObject({ code: 2, stderr: "quorum: missing required argument 'files'; see quorum template validate --help\n" });
  });
});

describe('quorum template show', () => {
  it('prints the template and every phase with its transitions', async () => {
    const cwd = await temporaryProject();
    const result = await runQuorum(['template', 'show', 'feature'], { cwd });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const text = result.stdout;
    expect(text).toContain(`Template: feature — Feature discussion  [${path.join(BUNDLED, 'feature.yaml')}]\n`);
    expect(text).toContain('Participants: architect, security, pragmatist\n');
    expect(text).toMatch(/^Voting: threshold \(.*threshold_ready: 0\.67.*\)$/m);
    expect(text).toContain('Initial phase: initial_feedback\n');
    expect(text).toContain('\nPhase initial_feedback — Initial feedback  (initial)\n  Goal: Gather diverse first reactions');
    expect(text).toContain('  Voting: no   Max rounds: 2\n');
    expect(text).toContain('\nPhase consensus_vote — Consensus vote\n');
    expect(text).toContain('  Voting: yes, votes reset on entry   Max rounds: 3\n');
    expect(text).toMatch(/^ {2}-> accepted when .*READY.*$/m);
    expect(text).toContain('  -> no_consensus after 3 rounds (on_max_rounds)\n');
    expect(text).toContain('\nPhase accepted — Accepted\n  Final: sets status ACCEPTED\n');
  });

  it('prints the resolved template as JSON, by id or by path', async () => {
    const cwd = await temporaryProject();
    await writeTemplate(cwd, 'elsewhere/triage.yaml', TRIAGE);
    const template = await show('elsewhere/triage.yaml', cwd);
    expect(template).toMatchObject({ id: 'triage', initial: 'report', participants: ['architect', 'pragmatist'], voting: { strategy: 'threshold' } });
    expect(template.phases.map((phase) => phase.id)).toEqual(['report', 'decide', 'fixed', 'wontfix']);
    expect(template.phases[1]).toMatchObject({ id: 'decide', voting: true, voteReset: true, maxRounds: 3, onMaxRounds: 'wontfix', final: null });
    expect(template.phases[1]!.transitions.map((t) => t.to)).toEqual(['fixed', 'wontfix']);
    expect(template.phases[1]!.transitions[0]!.condition).toMatch(/READY/);
    expect(template.phases[2]).toMatchObject({ final: 'FIXED', transitions: [], onMaxRounds: null });
  });

  it('refuses an unknown template with exit code 2', async () => {
    const result = await runQuorum(['template', 'show', 'feture'], { cwd: await temporaryProject() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^quorum: .*feture/);
  });
});

describe('quorum template graph', () => {
  it('prints a Mermaid state diagram with every phase', async () => {
    const cwd = await temporaryProject();
    for (const id of BUNDLED_IDS) {
      const result = await runQuorum(['template', 'graph', id], { cwd });
      expect(result, result.stderr).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toContain('stateDiagram-v2');
      for (const phase of (await show(id, cwd)).phases) expect(result.stdout, `${id}: ${phase.id}`).toContain(phase.id);
    }
  });

  it('renders SVG without a browser, to stdout or a file', async () => {
    const cwd = await temporaryProject();
    const result = await runQuorum(['template', 'graph', 'feature', '--format', 'svg'], { cwd });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.startsWith('<svg')).toBe(true);
    // Colours are plain values, so viewers without CSS variables (rsvg, PDF tools) draw it too.
    expect(result.stdout).not.toMatch(/var\(--|color-mix|@import/);
    expect(result.stdout).toMatch(/fill="#[0-9a-f]{6}"/);
    expect(result.stdout.trimEnd().endsWith('</svg>')).toBe(true);
    expect(result.stdout).toContain('Consensus vote');
    expect(result.stdout).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);

    const written = await runQuorum(['template', 'graph', 'design-debate', '--format', 'svg', '--output', 'debate.svg'], { cwd });
    expect(written).toMatchObject({ code: 0, stdout: 'Wrote debate.svg\n', stderr: '' });
    expect((await readFile(path.join(cwd, 'debate.svg'), 'utf8')).startsWith('<svg')).toBe(true);
    const mermaid = await runQuorum(['template', 'graph', 'adr', '--output', 'adr.mmd'], { cwd });
    expect(mermaid.stdout).toBe('Wrote adr.mmd\n');
    expect(await readFile(path.join(cwd, 'adr.mmd'), 'utf8')).toContain('stateDiagram-v2');
  });

  it('refuses an unknown format with a usage error, and an unwritable output with exit code 1', async () => {
    const cwd = await temporaryProject();
    const format = await runQuorum(['template', 'graph', 'feature', '--format', 'png'], { cwd });
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/^quorum: option '--format <format>' argument 'png' is invalid\. Allowed choices are mermaid, svg\.; see quorum template graph --help\n$/);
    const output = await runQuorum(['template', 'graph', 'feature', '--output', 'no/such/dir/feature.mmd'], { cwd });
    expect(output).toMatchObject({ code: 1, stdout: '', stderr: 'quorum: could not write no/such/dir/feature.mmd: ENOENT\n' });
  });
});

describe('the template verbs', () => {
  it.each(['list', 'validate', 'show', 'graph'])('quorum template %s has --help', async (verb) => {
    const result = await runQuorum(['template', verb, '--help'], { cwd: await temporaryProject() });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`Usage: quorum template ${verb} [options]`);
  });

  it('an unknown template verb is a usage error', async () => {
    const result = await runQuorum(['template', 'draw', 'feature'], { cwd: await temporaryProject() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^quorum: unknown command 'draw'.*; see quorum template --help\n$/);
  });
});

describe('the bundled templates', () => {
  it('feature: a vote that accepts, rejects or returns to review, within a budget', async () => {
    const phases = new Map((await show('feature')).phases.map((phase) => [phase.id, phase]));
    expect([...phases.keys()]).toEqual(['initial_feedback', 'detailed_review', 'consensus_vote', 'accepted', 'rejected', 'no_consensus']);
    expect(phases.get('consensus_vote')!.transitions.map((t) => [t.to, t.condition])).toEqual([
      ['accepted', expect.stringMatching(/READY/)],
      ['rejected', expect.stringMatching(/REJECT/)],
      ['detailed_review', expect.stringMatching(/CHANGES/)],
    ]);
    expect([...phases.values()].filter((p) => p.final !== null).map((p) => p.final)).toEqual(['ACCEPTED', 'REJECTED', 'NO_CONSENSUS']);
  });

  it('design-debate: the sides take turns, and a FINAL DESIGN block needs both sides READY', async () => {
    const phases = new Map((await show('design-debate')).phases.map((phase) => [phase.id, phase]));
    expect(phases.get('dreamer_turn')).toMatchObject({ participants: ['dreamer'], onMaxRounds: 'closing' });
    expect(phases.get('cost_cutter_turn')).toMatchObject({ participants: ['cost-cutter'], onMaxRounds: 'closing' });
    expect(phases.get('dreamer_turn')!.transitions.map((t) => t.to)).toEqual(['final_review', 'cost_cutter_turn']);
    expect(phases.get('cost_cutter_turn')!.transitions.map((t) => t.to)).toEqual(['final_review', 'dreamer_turn']);
    const accept = phases.get('final_review')!.transitions[0]!;
    expect(accept.to).toBe('accepted');
    expect(accept.condition).toMatch(/final_design/);
    expect(accept.condition).toMatch(/READY/);
    expect(phases.get('closing')).toMatchObject({ onMaxRounds: 'unresolved' });
  });

  it('delivery-pipeline: conflict resolution and its vote only when the plans conflict', async () => {
    const phases = new Map((await show('delivery-pipeline')).phases.map((phase) => [phase.id, phase]));
    expect([...phases.keys()]).toEqual([
      'requirements', 'technical_plans', 'plan_comparison', 'conflict_resolution', 'implementation', 'testing', 'file_generation', 'delivered', 'escalated',
    ]);
    expect(phases.get('plan_comparison')!.transitions.map((t) => [t.to, t.condition])).toEqual([
      ['conflict_resolution', expect.stringMatching(/conflict/)],
      ['implementation', expect.stringMatching(/all_responded/)],
    ]);
    expect([...phases.values()].filter((p) => p.voting).map((p) => p.id)).toEqual(['conflict_resolution']);
    expect(phases.get('delivered')!.final).toBe('DELIVERED');
  });
});

describe("the README's Writing a template example", () => {
  it('is a valid template that quorum new and advance can use', async () => {
    const readme = await readFile(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
    const section = readme.slice(readme.indexOf('## Writing a template'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
    const cwd = await temporaryProject();
    await mkdir(path.join(cwd, 'templates'));
    await writeFile(path.join(cwd, 'templates/triage.yaml'), yaml);
    expect(await runQuorum(['template', 'validate', 'templates/triage.yaml'], { cwd })).toMatchObject({ code: 0, stdout: 'templates/triage.yaml: ok\n' });
    const file = (await runQuorum(['new', 'Crash on save', '--template', 'triage'], { cwd })).stdout.trim();
    expect((await runQuorum(['advance', file, '--to', 'decide'], { cwd })).stdout).toBe(`Advanced ${file}: report -> decide\n`);
  });
});
