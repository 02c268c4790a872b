import { spawn } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BINARY, hermeticEnv, runQuorum, temporaryProject } from './run-quorum.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/workflows/', import.meta.url));
const example = (name: string) => path.join(EXAMPLES, name);

/** Every file under `dir`, relative, sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** The one run folder of a workflow under the project's workflow-runs/. */
async function runFolderOf(cwd: string, workflow: string): Promise<string> {
  const folders = await readdir(path.join(cwd, 'workflow-runs', workflow));
  expect(folders).toHaveLength(1);
  return path.join(cwd, 'workflow-runs', workflow, folders[0]!);
}

describe('quorum workflow validate', () => {
  it('passes every example', async () => {
    const cwd = await temporaryProject();
    const result = await runQuorum(['workflow', 'validate', example('release-gate.yaml'), example('fan-out.yaml'), example('daily-debate.yaml'), example('delivery.yaml')], { cwd });
    expect(result.stdout.trim().split('\n').map((line) => path.basename(line))).toEqual(['release-gate.yaml: ok', 'fan-out.yaml: ok', 'daily-debate.yaml: ok', 'delivery.yaml: ok']);
    expect(result.code).toBe(0);
  });

  it('lists every problem at its line and column, with "did you mean", and exits with 2', async () => {
    const cwd = await temporaryProject();
    await writeFile(
      path.join(cwd, 'gate.yaml'),
      [
        'vars:',
        '  version: 1.0.0',
        'steps:',
        '  - id: review',
        '    discussion:',
        '      template: code-reveiw',
        '      title: Release ${{ vars.verison }}',
        '  - id: panel',
        '    run: review',
        '    until: { phase: verdikt }',
        '  - id: gate',
        "    when: steps.panel.stauts != 'APPROVED'",
        '    then: [{ id: stop, fail: blocked }]',
        '',
      ].join('\n'),
    );
    const result = await runQuorum(['workflow', 'validate', 'gate.yaml'], { cwd });
    expect(result.stdout.split('\n').filter((line) => line !== '')).toEqual([
      'gate.yaml:6:17: error: template code-reveiw cannot be used: unknown template "code-reveiw" (did you mean "code-review"?)',
      'gate.yaml:7:26: error: vars.verison is not declared (did you mean "version"?); the declared vars are version',
      'gate.yaml:12:11: error: steps.panel has no field "stauts" (did you mean "status"?); it has file, title, template, phase, status, final, votes, consensus, markers, open_questions, decisions, final_design, comments, outcome, rounds, message',
    ]);
    expect(result.stderr).toBe('quorum: 1 of 1 workflow file has errors\n');
    expect(result.code).toBe(2);

    // The same workflow does not start: nothing is created.
    const run = await runQuorum(['workflow', 'run', 'gate.yaml'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^quorum: gate\.yaml:6:17: template code-reveiw cannot be used: .* \(and 2 more problems; quorum workflow validate lists them\)\n$/);
    expect(await filesUnder(cwd)).toEqual(['gate.yaml']);
  });
});

describe('the example workflows, run with the mock provider', () => {
  it('release-gate exits 0 when the panel approves and the release manager signs off', async () => {
    const cwd = await temporaryProject();
    const result = await runQuorum(['workflow', 'run', example('release-gate.yaml')], { cwd });
    expect(result.code, result.stderr).toBe(0);
    const folder = await runFolderOf(cwd, 'release-gate');
    expect(path.basename(folder)).toMatch(/^1-4-0-ready-[0-9a-f]{8}$/);
    expect(result.stdout).toBe(
      `release-gate: finished (5 steps run); run folder ${path.relative(cwd, folder)}\nstatus: APPROVED\nreview: ${path.join(folder, 'release-1.4.0-review.md')}\n`,
    );
    expect(result.stderr.match(/no LLM provider is configured/g)).toHaveLength(1);
    expect(result.stderr).toContain('gate: the condition does not hold; nothing to do\n');
    const review = await readFile(path.join(folder, 'release-1.4.0-review.md'), 'utf8');
    expect(review).toBe(await readFile(path.join(folder, 'discussions/review.md'), 'utf8'));
    expect(review).toMatch(/<!-- Status: APPROVED -->/);
    expect(review).toMatch(/Name: Release Manager\n\nSign-off for release 1\.4\.0; the review panel ended APPROVED\.\n\nVOTE: READY/);
  });

  it('release-gate exits 1 with one sentence when the release manager rejects', async () => {
    const cwd = await temporaryProject();
    const result = await runQuorum(['workflow', 'run', example('release-gate.yaml'), '--var', 'sign_off=reject', '--var', 'version=2.0.0'], { cwd });
    expect(result.code).toBe(1);
    const folder = await runFolderOf(cwd, 'release-gate');
    expect(result.stderr).toContain(
      `quorum: release 2.0.0 is blocked: the review panel ended APPROVED and the release manager voted REJECT (the review is in ${path.join(folder, 'release-2.0.0-review.md')})\n`,
    );
    expect(result.stdout).toBe('');
    expect(JSON.parse(await readFile(path.join(folder, 'progress.json'), 'utf8'))).toMatchObject({ status: 'failed', vars: { sign_off: 'reject', version: '2.0.0' } });
    // Run again, it fails the same way without asking the panel again.
    const again = await runQuorum(['workflow', 'run', example('release-gate.yaml'), '--var', 'sign_off=reject', '--var', 'version=2.0.0'], { cwd });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('panel: finished by an earlier run\n');
    expect(again.stderr).not.toContain('no LLM provider is configured');
  });

  it('fan-out discusses three topics at once and summarizes the outcomes', async () => {
    const cwd = await temporaryProject();
    const result = await runQuorum(['workflow', 'run', example('fan-out.yaml'), '--json'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout) as { name: string; outputDir: string; outputs: { panels: number }; discussions: string[]; ran: number };
    expect(output).toMatchObject({ name: 'fan-out', outputs: { panels: 3 }, ran: 9 });
    expect(output.discussions.map((file) => path.relative(output.outputDir, file))).toEqual(['discussions/topics-1-panel.md', 'discussions/topics-2-panel.md', 'discussions/topics-3-panel.md']);
    const summary = await readFile(path.join(output.outputDir, 'summary.md'), 'utf8');
    const rows = summary.split('\n').filter((line) => line.startsWith('| ['));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^\| \[Adopt a service mesh for service-to-service traffic\]\(discussions\/topics-1-panel\.md\) \| adr \| (ACCEPTED|REJECTED|SUPERSEDED|NO_CONSENSUS) \|/);
    const json = JSON.parse(await readFile(path.join(output.outputDir, 'summary.json'), 'utf8')) as { discussions: { final: boolean; template: string }[] };
    expect(json.discussions.map((entry) => [entry.template, entry.final])).toEqual([['adr', true], ['adr', true], ['adr', true]]);
  });

  it('daily-debate runs the design debate on its default topic and exports the discussion and the design', async () => {
    const cwd = await temporaryProject();
    const result = await runQuorum(['workflow', 'run', example('daily-debate.yaml')], { cwd });
    expect(result.code, result.stderr).toBe(0);
    const folder = await runFolderOf(cwd, 'daily-debate');
    // (The visualizer's diagrams are saved beside the discussion, under discussions/diagrams/.)
    expect((await filesUnder(folder)).filter((file) => !file.startsWith('discussions/diagrams/'))).toEqual(['DESIGN.md', 'conversation.md', 'discussions/debate.md', 'progress.json']);
    expect(await readFile(path.join(folder, 'conversation.md'), 'utf8')).toBe(await readFile(path.join(folder, 'discussions/debate.md'), 'utf8'));
    const design = await readFile(path.join(folder, 'DESIGN.md'), 'utf8');
    expect(design).toMatch(/^# Design: A URL shortener that handles 10 million new links a day\n\nStatus: ACCEPTED\n\nFINAL DESIGN:\n/);
    expect(result.stdout).toContain('status: ACCEPTED\n');
  });
});

describe('quorum workflow run', () => {
  it('--dry-run prints the plan with the vars filled in, calls no provider and writes nothing', async () => {
    const cwd = await temporaryProject();
    // A provider that would fail if it were ever called.
    await writeFile(path.join(cwd, 'quorum.config.yaml'), 'providers:\n  default: openai\n');
    const result = await runQuorum(['workflow', 'run', example('daily-debate.yaml'), '--dry-run', '--var', 'topic=A chat app'], {
      cwd,
      env: { OPENAI_API_KEY: 'sk-canary-never-used', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe(`workflow daily-debate (${example('daily-debate.yaml')})`);
    expect(lines[1]).toBe('vars: topic = "A chat app"');
    expect(lines[2]).toMatch(/^run folder: workflow-runs\/daily-debate\/a-chat-app-[0-9a-f]{8} \(not started\)$/);
    expect(lines[3]).toMatch(/^ {2}1\. debate: create "Design: A chat app" in workflow-runs\/daily-debate\/a-chat-app-[0-9a-f]{8}\/discussions\/debate\.md \(template design-debate\)$/);
    expect(lines).toContain('  2. argue: run debate until final, at most 20 rounds');
    expect(lines).toContain('  4. accepted: when steps.argue.final_design != null (known only when it runs)');
    expect(await filesUnder(cwd)).toEqual(['quorum.config.yaml']);
  });

  it('refuses vars the workflow does not have, and --var without a value, with exit code 2', async () => {
    const cwd = await temporaryProject();
    const unknown = await runQuorum(['workflow', 'run', example('daily-debate.yaml'), '--var', 'topik=x'], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(`quorum: ${example('daily-debate.yaml')} has no var "topik" (did you mean "topic"?); its vars are topic\n`);
    const malformed = await runQuorum(['workflow', 'run', example('daily-debate.yaml'), '--var', 'topic'], { cwd });
    expect(malformed).toMatchObject({ code: 2, stderr: 'quorum: --var topic needs the form name=value\n' });
  });

  it('carries on after SIGKILL and ends with the same discussions as a run that was never stopped', async () => {
    const workflow = [
      'steps:',
      '  - id: first',
      '    discussion: { title: Rate limiting, template: feature, context: Limit each API key. }',
      '  - id: first-run',
      '    run: first',
      '  - id: second',
      '    discussion: { title: Session store, template: feature, context: Move sessions to Redis. }',
      '  - id: second-run',
      '    run: second',
      '  - id: summary',
      '    export: summary',
      '    to: summary.md',
      '',
    ].join('\n');
    const config = 'providers:\n  default: mock\n  mock:\n    seed: workflow\n    latencyMs: [2, 12]\n';
    const setUp = async () => {
      const cwd = await temporaryProject();
      await writeFile(path.join(cwd, 'flow.yaml'), workflow);
      await writeFile(path.join(cwd, 'quorum.config.yaml'), config);
      return cwd;
    };
    const reference = await setUp();
    const whole = await runQuorum(['workflow', 'run', 'flow.yaml', '--output', 'out'], { cwd: reference });
    expect(whole.code, whole.stderr).toBe(0);

    const cwd = await setUp();
    // Killed once the second discussion has some comments: the first panel is done, the second mid-run.
    await runAndKill(cwd, ['workflow', 'run', 'flow.yaml', '--output', 'out'], async () => {
      const info = await stat(path.join(cwd, 'out/discussions/second.md')).catch(() => undefined);
      return info !== undefined && info.size > 1500;
    });
    const progress = JSON.parse(await readFile(path.join(cwd, 'out/progress.json'), 'utf8')) as { status: string; steps: Record<string, { status: string }> };
    expect(progress.status).toBe('running');
    expect(progress.steps['first-run']?.status).toBe('done');
    expect(progress.steps['second-run']?.status).not.toBe('done');

    const resumed = await runQuorum(['workflow', 'run', 'flow.yaml', '--output', 'out'], { cwd });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('first-run: finished by an earlier run\n');
    expect(resumed.stdout).toBe('flow: finished (2 steps run, 3 finished earlier); run folder out\n');
    for (const file of ['discussions/first.md', 'discussions/second.md', 'summary.md']) {
      expect(await readFile(path.join(cwd, 'out', file), 'utf8'), file).toBe(await readFile(path.join(reference, 'out', file), 'utf8'));
    }
  }, 60_000);
});

/** Starts quorum with `args` and kills it with SIGKILL as soon as `ready()` says so (polled). */
function runAndKill(cwd: string, args: readonly string[], ready: () => Promise<boolean>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BINARY, ...args], { cwd, env: { ...hermeticEnv(), QUORUM_NOW: '2026-11-21T09:00:00Z' }, stdio: 'ignore' });
    let killed = false;
    const poll = setInterval(() => {
      void ready().then((yes) => {
        if (!yes || killed) return;
        killed = true;
        clearInterval(poll);
        child.kill('SIGKILL');
      });
    }, 2);
    child.on('error', reject);
    child.on('exit', () => {
      clearInterval(poll);
      if (!killed) reject(new Error('the workflow finished before it could be killed'));
      else resolve();
    });
  });
}

describe('the delivery pipeline (examples/workflows/delivery.yaml)', () => {
  it('refuses a model for someone who is not a persona, in one sentence', async () => {
    const cwd = await temporaryProject();
    await writeFile(
      path.join(cwd, 'flow.yaml'),
      ['steps:', '  - id: talk', '    discussion: { title: T, template: feature, providers: { architcet: mock } }', '  - id: go', '    run: talk', ''].join('\n'),
    );
    const refused = await runQuorum(['workflow', 'run', 'flow.yaml'], { cwd });
    expect(refused.stderr).toMatch(/a model is given for "architcet", which is not a persona \(did you mean "architect"\?\)/);
    expect(refused.code).toBe(2);
  });

  it('runs the delivery-pipeline template to DELIVERED and writes a working deliverable into output/, committed with --git', async () => {
    const cwd = await temporaryProject();
    const result = await runQuorum(
      ['workflow', 'run', example('delivery.yaml'), '--var', 'request=Build a URL shortener', '--var', 'backend_model=mock:second-model', '--git', '--json'],
      { cwd },
    );
    expect(result.stderr).toContain('files: wrote 7 files to');
    expect(result.code).toBe(0);
    const { outputs, outputDir } = JSON.parse(result.stdout) as { outputs: { status: string; files: string[]; commit: string }; outputDir: string };
    expect(outputs.status).toBe('DELIVERED');
    const output = path.join(outputDir, 'output');
    expect((await filesUnder(output)).filter((file) => !file.startsWith('.git'))).toEqual([
      'README.md', 'package.json', 'public/app.js', 'public/index.html', 'src/server.js', 'src/store.js', 'test/server.test.js',
    ]);
    expect(outputs.files).toHaveLength(7);
    // The backend engineer's plan and code come from the model its var names; the others from the usual choice.
    const transcript = await readFile(path.join(outputDir, 'delivery.md'), 'utf8');
    const models = [...transcript.matchAll(/^Name: (.+)$[\s\S]*?<!-- USAGE: model=(\S+)/gm)].map(([, author, model]) => `${author} ${model}`);
    expect(new Set(models.filter((m) => m.startsWith('AI-Backend-Engineer')))).toEqual(new Set(['AI-Backend-Engineer mock:second-model']));
    expect(models.filter((m) => !m.startsWith('AI-Backend-Engineer')).every((m) => m.endsWith(' mock:simulated'))).toBe(true);
    // Nothing outside the run folder: the project holds only the run folder and the config.
    expect((await readdir(cwd)).filter((entry) => entry !== 'workflow-runs' && !entry.startsWith('quorum.config'))).toEqual([]);
    const git = await new Promise<string>((resolve) => {
      const child = spawn('git', ['log', '--format=%H %s'], { cwd: output });
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.on('close', () => resolve(out.trim()));
    });
    expect(git).toBe(`${outputs.commit} delivery: files from delivery.md`);
    // The deliverable's own tests pass.
    const tests = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['--test'], { cwd: output, env: hermeticEnv() });
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.on('close', (code) => resolve({ code, out }));
    });
    expect(tests.out).toMatch(/# pass 4/);
    expect(tests.code).toBe(0);
  });
});
