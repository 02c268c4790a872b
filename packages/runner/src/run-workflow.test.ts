import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidInputError } from '@quorum/core';
import { afterEach, describe, expect, it } from 'vitest';
import { defineWorkflow } from './define-workflow.js';
import { loadWorkflowFile } from './load-workflow.js';
import { planWorkflow } from './plan-workflow.js';
import { readProgress } from './progress-store.js';
import { runWorkflow, type RunWorkflowOptions } from './run-workflow.js';
import { FakeHost, removeTemporaryFolders, temporaryFolder } from './test-helpers/fake-host.js';
import { WorkflowFailedError, WorkflowStepError } from './workflow-errors.js';

afterEach(removeTemporaryFolders);

/** Writes `flow.yaml` (and `files`) into a fresh folder and loads it, checked against `host`'s templates. */
async function setUp(lines: readonly string[], files: Record<string, string> = {}) {
  const dir = await temporaryFolder({ 'flow.yaml': `${lines.join('\n')}\n`, ...files });
  const host = new FakeHost();
  const workflow = await loadWorkflowFile('flow.yaml', { cwd: dir, describeTemplate: (name) => host.describeTemplate(name) });
  const outputDir = path.join(dir, 'run');
  const log: string[] = [];
  const run = (options: Partial<RunWorkflowOptions> = {}) => runWorkflow(workflow, { host, outputDir, cwd: dir, log: (line) => log.push(line), ...options });
  return { dir, host, workflow, outputDir, log, run };
}

const GATE = [
  'vars:',
  '  template: review',
  'steps:',
  '  - id: review',
  '    discussion: { title: Release, template: review }',
  '  - id: panel',
  '    run: review',
  '  - id: gate',
  "    when: steps.panel.status != 'APPROVED' || steps.panel.votes.REJECT > 0",
  '    then:',
  '      - id: blocked',
  '        export: value',
  '        value: "blocked: ${{ steps.panel.status }}"',
  '        to: verdict.txt',
  '    else:',
  '      - id: shipped',
  '        export: value',
  '        value: "shipped with ${{ steps.panel.markers.decision }} decision and ${{ steps.panel.markers.risk }} risks"',
  '        to: verdict.txt',
];

describe('when', () => {
  it('runs the else branch when the condition does not hold, and the then branch when it does', async () => {
    const approved = await setUp(GATE);
    const result = await approved.run();
    expect(await readFile(path.join(approved.outputDir, 'verdict.txt'), 'utf8')).toBe('shipped with 1 decision and 0 risks\n');
    expect(result).toMatchObject({ ran: 4, skipped: 0, resumed: false });

    const rejected = await setUp(GATE.map((line) => line.replace('template: review }', 'template: strict }')));
    await rejected.run();
    expect(await readFile(path.join(rejected.outputDir, 'verdict.txt'), 'utf8')).toBe('blocked: REJECTED\n');
    const progress = await readProgress(path.join(rejected.outputDir, 'progress.json'));
    expect(progress?.steps['gate']).toMatchObject({ status: 'done', output: { branch: 'then', matched: true } });
    expect(progress?.steps['shipped']).toBeUndefined();
  });

  it('fails the workflow with a fail step: exit code 1, the message, progress marked failed', async () => {
    const { run, outputDir } = await setUp([
      'steps:',
      '  - id: review',
      '    discussion: { title: Release, template: strict }',
      '  - id: panel',
      '    run: review',
      '  - id: gate',
      "    when: ${{ steps.panel.status != 'APPROVED' }}",
      '    then:',
      '      - id: stop',
      '        fail: the panel ended ${{ steps.panel.status }} with ${{ steps.panel.votes.REJECT }} REJECT votes',
    ]);
    const error = await run().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect(error).toMatchObject({ exitCode: 1, step: 'stop', message: 'the panel ended REJECTED with 2 REJECT votes' });
    expect(await readProgress(path.join(outputDir, 'progress.json'))).toMatchObject({ status: 'failed', message: 'the panel ended REJECTED with 2 REJECT votes' });
  });
});

describe('foreach', () => {
  const FAN_OUT = (parallel: number) => [
    'vars:',
    '  topics: { type: list, default: [a, b, c, d, e] }',
    'steps:',
    '  - id: topics',
    '    foreach: ${{ vars.topics }}',
    `    parallel: ${parallel}`,
    '    steps:',
    '      - id: talk',
    '        discussion: { title: "Topic ${{ item }}", template: review }',
    '      - id: go',
    '        run: talk',
    '  - id: summary',
    '    export: summary',
    '    to: out/summary.json',
  ];

  it('runs at most `parallel` items at once, and more than one when it may', async () => {
    for (const parallel of [1, 2, 3]) {
      const { host, run } = await setUp(FAN_OUT(parallel));
      host.runDelayMs = 15;
      await run();
      expect(host.maxRunning, `parallel: ${parallel}`).toBe(parallel);
      expect(host.calls.run).toHaveLength(5);
    }
  });

  it('gives each item its own discussion and steps, and summarizes them in item order', async () => {
    const { host, run, outputDir } = await setUp(FAN_OUT(5));
    host.runDelayMs = 5;
    const result = await run({ vars: { topics: 'x, y ,z' } });
    expect(result.discussions.map((file) => path.basename(file))).toEqual(['topics-1-talk.md', 'topics-2-talk.md', 'topics-3-talk.md']);
    const summary = JSON.parse(await readFile(path.join(outputDir, 'out/summary.json'), 'utf8')) as { discussions: { file: string; title: string; status: string }[] };
    expect(summary.discussions).toEqual([
      expect.objectContaining({ file: '../discussions/topics-1-talk.md', title: 'Topic x', status: 'APPROVED' }),
      expect.objectContaining({ file: '../discussions/topics-2-talk.md', title: 'Topic y', status: 'APPROVED' }),
      expect.objectContaining({ file: '../discussions/topics-3-talk.md', title: 'Topic z', status: 'APPROVED' }),
    ]);
  });

  it('iterates over the files a glob matches, relative to the workflow file', async () => {
    const { host, run } = await setUp(
      [
        'steps:',
        '  - id: briefs',
        '    foreach: { files: "topics/**/*.md" }',
        '    steps:',
        '      - id: talk',
        '        discussion: { title: "${{ item }}", context_file: "${{ item }}" }',
      ],
      { 'topics/b.md': 'Brief B', 'topics/a.md': 'Brief A', 'topics/deep/c.md': 'Brief C', 'topics/.hidden.md': 'no', 'topics/notes.txt': 'no' },
    );
    const created: string[] = [];
    const create = host.createDiscussion.bind(host);
    host.createDiscussion = async (request) => {
      created.push(`${request.title}=${request.context}`);
      return create(request);
    };
    const result = await run();
    expect(created).toEqual(['topics/a.md=Brief A', 'topics/b.md=Brief B', 'topics/deep/c.md=Brief C']);
    expect(result.discussions).toHaveLength(3);
  });

  it('refuses a value that is not a list, naming the fix', async () => {
    const { run } = await setUp(['vars:', '  topic: one', 'steps:', '  - id: each', '    foreach: ${{ vars.topic }}', '    steps: [{ id: stop, fail: x }]']);
    const error = await run().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkflowStepError);
    expect((error as Error).message).toMatch(/^flow\.yaml:5:14: step each: foreach needs a list, but \$\{\{ vars\.topic \}\} is "one"; declare the var with type: list/);
  });
});

describe('resume', () => {
  const TWO_PANELS = [
    'steps:',
    '  - id: first',
    '    discussion: { title: First, template: review }',
    '  - id: first-run',
    '    run: first',
    '  - id: second',
    '    discussion: { title: Second, template: review }',
    '  - id: second-run',
    '    run: second',
    '  - id: note',
    '    comment: second',
    '    author: Rob',
    '    text: Both panels are done.',
    '    vote: READY',
    '  - id: summary',
    '    export: summary',
    '    to: summary.md',
  ];

  it('carries on after a crash half-way, repeating no finished step', async () => {
    const { dir, workflow, outputDir } = await setUp(TWO_PANELS);
    const crashing = new FakeHost();
    crashing.beforeRound = (file, round) => {
      if (file.endsWith('second.md') && round === 2) throw new Error('killed');
    };
    await expect(runWorkflow(workflow, { host: crashing, outputDir, cwd: dir })).rejects.toThrow('killed');
    expect(crashing.calls.create.map((file) => path.basename(file))).toEqual(['first.md', 'second.md']);

    const again = new FakeHost();
    const log: string[] = [];
    const result = await runWorkflow(workflow, { host: again, outputDir, cwd: dir, log: (line) => log.push(line) });
    expect(again.calls.create).toEqual([]);
    // Only the interrupted run step runs, from where the discussion stopped (its second round).
    expect(again.calls.run.map((file) => path.basename(file))).toEqual(['second.md']);
    expect(result).toMatchObject({ resumed: true, ran: 3, skipped: 3 });
    expect(log).toContain('first-run: finished by an earlier run');
    expect(await again.comments(path.join(outputDir, 'discussions/second.md'))).toHaveLength(1);
    expect((await readProgress(path.join(outputDir, 'progress.json')))?.status).toBe('succeeded');

    // A third run finds everything finished and runs nothing.
    const third = new FakeHost();
    expect(await runWorkflow(workflow, { host: third, outputDir, cwd: dir })).toMatchObject({ ran: 0, skipped: 6 });
    expect(third.calls).toMatchObject({ create: [], run: [], comment: [] });
  });

  it('reuses a discussion created by a run that was killed before it recorded the step', async () => {
    const { dir, workflow, outputDir } = await setUp(TWO_PANELS);
    const crashing = new FakeHost();
    const create = crashing.createDiscussion.bind(crashing);
    crashing.createDiscussion = async (request) => {
      await create(request);
      throw new Error('killed right after creating the file');
    };
    await expect(runWorkflow(workflow, { host: crashing, outputDir, cwd: dir })).rejects.toThrow('killed');
    const again = new FakeHost();
    const log: string[] = [];
    await runWorkflow(workflow, { host: again, outputDir, cwd: dir, log: (line) => log.push(line) });
    expect(again.calls.create.map((file) => path.basename(file))).toEqual(['second.md']);
    expect(log[1]).toBe(`first: using ${path.join('run', 'discussions', 'first.md')}, created by an earlier run`);
  });

  it('does not write a comment twice when a run was killed right after writing it', async () => {
    const { dir, workflow, outputDir } = await setUp(TWO_PANELS);
    const crashing = new FakeHost();
    crashing.afterComment = () => {
      throw new Error('killed after the write');
    };
    await expect(runWorkflow(workflow, { host: crashing, outputDir, cwd: dir })).rejects.toThrow('killed');
    const again = new FakeHost();
    await runWorkflow(workflow, { host: again, outputDir, cwd: dir });
    expect(again.calls.comment).toEqual([]);
    expect(await again.comments(path.join(outputDir, 'discussions/second.md'))).toEqual([{ author: 'Rob', text: 'Both panels are done.', vote: 'READY' }]);
  });

  it('keeps a run step within max_turns over resumed runs', async () => {
    const { dir, workflow, outputDir } = await setUp([
      'steps:',
      '  - id: debate',
      '    discussion: { title: D, template: debate }',
      '  - id: argue',
      '    run: debate',
      '    until: { phase: accepted }',
      '    max_turns: 2',
    ]);
    const crashing = new FakeHost();
    crashing.beforeRound = (_file, round) => {
      if (round === 2) throw new Error('killed');
    };
    await expect(runWorkflow(workflow, { host: crashing, outputDir, cwd: dir })).rejects.toThrow('killed');
    const again = new FakeHost();
    const result = await runWorkflow(workflow, { host: again, outputDir, cwd: dir, outputRoot: undefined });
    const progress = await readProgress(path.join(outputDir, 'progress.json'));
    expect(progress?.steps['argue']).toMatchObject({ output: { outcome: 'turn-cap', rounds: 2, phase: 'final_review' } });
    expect(again.calls.run).toHaveLength(1);
    expect(result.ran).toBe(1);
  });
});

describe('run steps', () => {
  it('run one round at a time until a phase or consensus, and just run until final', async () => {
    const { host, run, outputDir } = await setUp([
      'steps:',
      '  - id: debate',
      '    discussion: { title: D, template: debate }',
      '  - id: to-review',
      '    run: debate',
      '    until: { phase: final_review }',
      '  - id: to-consensus',
      '    run: debate',
      '    until: consensus',
      '  - id: to-end',
      '    run: debate',
      '  - id: design',
      '    export: value',
      '    value: ${{ steps.to-end.final_design }}',
      '    to: DESIGN.md',
    ]);
    const turns: (number | undefined)[] = [];
    const runDiscussion = host.runDiscussion.bind(host);
    host.runDiscussion = (file, options) => {
      turns.push(options.maxTurns);
      return runDiscussion(file, options);
    };
    await run();
    expect(turns).toEqual([1, 1, 1, undefined]);
    const progress = await readProgress(path.join(outputDir, 'progress.json'));
    expect(progress?.steps['to-review']).toMatchObject({ output: { phase: 'final_review', outcome: 'phase', rounds: 2 } });
    expect(progress?.steps['to-consensus']).toMatchObject({ output: { consensus: 'READY', outcome: 'consensus', rounds: 1 } });
    expect(progress?.steps['to-end']).toMatchObject({ output: { status: 'ACCEPTED', final: true, outcome: 'final', rounds: 1 } });
    expect(await readFile(path.join(outputDir, 'DESIGN.md'), 'utf8')).toBe('FINAL DESIGN:\nOne service, one database.\n');
  });

  it('pass the discussion step\'s provider to its runs, and the run step\'s over it', async () => {
    const { host, run } = await setUp([
      'vars:',
      '  model: ollama:llama3.2',
      'steps:',
      '  - id: talk',
      '    discussion: { title: T, template: debate, provider: "${{ vars.model }}" }',
      '  - id: one',
      '    run: talk',
      '    until: max_turns',
      '    max_turns: 1',
      '  - id: two',
      '    run: talk',
      '    provider: mock',
    ]);
    const providers: (string | undefined)[] = [];
    const runDiscussion = host.runDiscussion.bind(host);
    host.runDiscussion = (file, options) => {
      providers.push(options.provider);
      return runDiscussion(file, options);
    };
    await run();
    expect(providers).toEqual(['ollama:llama3.2', 'mock']);
  });

  it("pass the discussion step's models per participant to its runs, also when resumed, leaving out empty ones", async () => {
    const lines = [
      'vars:',
      '  backend: openai:gpt-4o',
      '  other: ""',
      'steps:',
      '  - id: talk',
      '    discussion:',
      '      title: T',
      '      template: debate',
      '      providers: { backend-engineer: "${{ vars.backend }}", architect: "${{ vars.other }}" }',
      '  - id: one',
      '    run: talk',
      '    until: max_turns',
      '    max_turns: 1',
      '  - id: two',
      '    run: talk',
    ];
    const { host, run, workflow, outputDir, dir } = await setUp(lines);
    const seen: unknown[] = [];
    const runDiscussion = host.runDiscussion.bind(host);
    host.runDiscussion = (file, options) => {
      seen.push(options.providers);
      return runDiscussion(file, options);
    };
    host.beforeRound = (_file, round) => {
      if (seen.length === 2 && round > 1) throw new Error('crash');
    };
    await expect(run()).rejects.toThrow('crash');
    host.beforeRound = undefined;
    await run();
    expect(seen.every((providers) => JSON.stringify(providers) === JSON.stringify({ 'backend-engineer': 'openai:gpt-4o' }))).toBe(true);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    const plan = await planWorkflow(workflow, { outputDir, cwd: dir });
    expect(plan.join('\n')).toContain('providers backend-engineer=openai:gpt-4o, architect=(usual)');
  });
});

describe('comments, exports and calls', () => {
  it('comment from text, a file or standard input, with a vote from a var', async () => {
    const { host, run, outputDir } = await setUp(
      [
        'vars:',
        '  verdict: changes',
        'steps:',
        '  - id: talk',
        '    discussion: { title: T }',
        '  - id: from-text',
        '    comment: talk',
        '    text: Looks fine.',
        '  - id: from-file',
        '    comment: talk',
        '    author: Ana',
        '    file: notes.md',
        '    vote: ${{ vars.verdict }}',
        '  - id: from-stdin',
        '    comment: talk',
        '    stdin: true',
      ],
      { 'notes.md': 'See the notes.\n' },
    );
    host.stdin = 'piped in';
    await run();
    expect(await host.comments(path.join(outputDir, 'discussions/talk.md'))).toEqual([
      { author: 'Rob', text: 'Looks fine.', vote: null },
      { author: 'Ana', text: 'See the notes.\n', vote: 'CHANGES' },
      { author: 'Rob', text: 'piped in', vote: null },
    ]);
  });

  it('refuse a vote that is not one, at the line of the vote', async () => {
    const { run } = await setUp(['vars:', '  verdict: maybe', 'steps:', '  - id: talk', '    discussion: { title: T }', '  - id: say', '    comment: talk', '    vote: ${{ vars.verdict }}']);
    await expect(run()).rejects.toThrow('flow.yaml:8:11: step say: "maybe" is not a vote; use READY, CHANGES or REJECT (or an empty value for no vote)');
  });

  it("export: files asks the host to write the discussion's files into the folder, committing them under --git", async () => {
    const { run, host, outputDir } = await setUp([
      'steps:',
      '  - id: talk',
      '    discussion: { title: T, template: review }',
      '  - id: deliver',
      '    export: files',
      '    discussion: talk',
      '    to: output',
      'outputs:',
      '  written: ${{ steps.deliver.written }}',
      '  commit: ${{ steps.deliver.commit }}',
    ]);
    const asked: unknown[] = [];
    host.writeFiles = async (file: string, dir: string, options: { git: boolean; message: string }) => {
      asked.push({ file: path.relative(outputDir, file), dir: path.relative(outputDir, dir), ...options });
      return { written: ['src/a.ts'], unchanged: [], refused: [{ path: '../x.ts', reason: 'it climbs out with ..' }], commit: options.git ? 'abc1234def' : null };
    };
    const result = await run({ git: true });
    expect(asked).toEqual([{ file: 'discussions/talk.md', dir: 'output', git: true, message: 'flow: files from talk.md' }]);
    expect(result.outputs).toEqual({ written: ['src/a.ts'], commit: 'abc1234def' });
  });

  it('export: files needs discussion:, and a host that writes files', async () => {
    const { run } = await setUp(['steps:', '  - id: talk', '    discussion: { title: T, template: review }', '  - id: deliver', '    export: files', '    discussion: talk', '    to: output']);
    await expect(run()).rejects.toThrow('step deliver: export: files needs a host that can write files; run the workflow with quorum workflow run');
    await expect(setUp(['steps:', '  - id: deliver', '    export: files', '    to: output'])).rejects.toThrow('export: files needs discussion: <the id of a discussion step>');
  });

  it('export a discussion file as it is, values as text or JSON, and nothing outside the run folder', async () => {
    const { run, outputDir } = await setUp([
      'vars:',
      '  name: ../escape',
      'steps:',
      '  - id: talk',
      '    discussion: { title: T, template: review }',
      '  - id: copy',
      '    export: discussion',
      '    discussion: talk',
      '    to: copies/talk.md',
      '  - id: counts',
      '    export: value',
      '    value: ${{ steps.talk.votes.READY }}',
      '    to: counts.txt',
      '  - id: escape',
      '    export: value',
      '    value: x',
      '    to: ${{ vars.name }}.txt',
    ]);
    await expect(run()).rejects.toThrow('flow.yaml:17:9: step escape: export.to "../escape.txt" must be a relative path inside the run folder');
    expect(await readFile(path.join(outputDir, 'copies/talk.md'), 'utf8')).toBe(await readFile(path.join(outputDir, 'discussions/talk.md'), 'utf8'));
    expect(await readFile(path.join(outputDir, 'counts.txt'), 'utf8')).toBe('0\n');
  });

  it('call another workflow with vars, read its outputs, and count its discussions in the summary', async () => {
    const { run, outputDir, workflow, dir } = await setUp(
      [
        'steps:',
        '  - id: topics',
        '    foreach: [alpha, beta]',
        '    steps:',
        '      - id: debate',
        '        workflow: debate.yaml',
        '        vars: { topic: "${{ item }}" }',
        '  - id: summary',
        '    export: summary',
        '    to: summary.md',
        'outputs:',
        '  count: ${{ steps.topics.count }}',
      ],
      {
        'debate.yaml': ['vars:', '  topic: {}', 'steps:', '  - id: talk', '    discussion: { title: "Debate ${{ vars.topic }}", template: debate }', '  - id: argue', '    run: talk', 'outputs:', '  status: ${{ steps.argue.status }}', ''].join('\n'),
      },
    );
    const result = await run();
    expect(result.outputs).toEqual({ count: 2 });
    const summary = await readFile(path.join(outputDir, 'summary.md'), 'utf8');
    expect(summary).toContain('| [Debate alpha](workflows/topics-1-debate/discussions/talk.md) | debate | ACCEPTED | accepted | 0 | 0 | 0 | 0 |');
    expect(summary).toContain('| [Debate beta](workflows/topics-2-debate/discussions/talk.md) | debate | ACCEPTED | accepted | 0 | 0 | 0 | 0 |');
    expect(summary).toContain('Final design:\n\n> FINAL DESIGN:\n> One service, one database.');
    const child = await readProgress(path.join(outputDir, 'workflows/topics-1-debate/progress.json'));
    expect(child).toMatchObject({ name: 'debate', vars: { topic: 'alpha' }, status: 'succeeded' });
    const plan = await planWorkflow(workflow, { outputDir, cwd: dir });
    expect(plan.slice(2, 11)).toEqual([
      '  1. topics: for each of 2 items [finished]',
      '     item 1: alpha',
      '       1. topics.1.debate: call debate.yaml [finished]',
      '          workflow debate (debate.yaml)',
      '          vars: topic = "alpha"',
      '          run folder: run/workflows/topics-1-debate (finished)',
      '            1. talk: create "Debate alpha" in run/workflows/topics-1-debate/discussions/talk.md (template debate) [finished]',
      '            2. argue: run talk until final [finished]',
      '          output status: ACCEPTED',
    ]);
  });
});

describe('vars', () => {
  const VARS = ['vars:', '  topic: { description: what to discuss }', '  rounds: 3', '  tags: { type: list, default: [a] }', 'steps:', '  - id: stop', '    fail: x'];

  it('refuse a var the workflow does not declare, with "did you mean"', async () => {
    const { run } = await setUp(VARS);
    const error = await run({ vars: { topic: 'x', topik: 'y' } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toBe('flow.yaml has no var "topik" (did you mean "topic"?); its vars are topic, rounds, tags');
  });

  it('require a var without a default, saying what it is for', async () => {
    const { run } = await setUp(VARS);
    await expect(run()).rejects.toThrow('flow.yaml needs --var topic=… (what to discuss); the var has no default');
  });

  it('give each set of vars its own run folder under the output root', async () => {
    const { run, dir } = await setUp(VARS);
    const folders = await Promise.all(
      ([{ topic: 'Caching layer' }, { topic: 'Caching layer', tags: 'x,y' }] as Record<string, string>[]).map((vars) =>
        run({ vars, outputDir: undefined, outputRoot: path.join(dir, 'runs') }).catch((error: WorkflowFailedError) => error),
      ),
    );
    expect(folders.every((error) => error instanceof WorkflowFailedError)).toBe(true);
    const { readdir } = await import('node:fs/promises');
    const made = (await readdir(path.join(dir, 'runs/flow'))).sort();
    expect(made).toHaveLength(2);
    for (const folder of made) expect(folder).toMatch(/^caching-layer-3-(a|x-y)-[0-9a-f]{8}$/);
  });
});

describe('definitions in code and the dry run', () => {
  it('runs a definition built with defineWorkflow, checked like a file', async () => {
    const dir = await temporaryFolder();
    const host = new FakeHost();
    const definition = defineWorkflow({
      vars: { topic: 'search' },
      steps: [
        { id: 'talk', discussion: { title: 'About ${{ vars.topic }}', template: 'review' } },
        { id: 'go', run: 'talk' },
      ],
      outputs: { status: '${{ steps.go.status }}' },
    });
    const result = await runWorkflow(definition, { host, cwd: dir, outputRoot: path.join(dir, 'runs') });
    expect(result).toMatchObject({ name: 'workflow', outputs: { status: 'APPROVED' } });
    expect(result.outputDir).toBe(path.join(dir, 'runs', 'workflow', `search-${path.basename(result.outputDir).split('-').at(-1)}`));
    await expect(runWorkflow(defineWorkflow({ steps: [{ id: 'go', run: 'talk' }] }), { host, cwd: dir })).rejects.toThrow('workflow: steps[0].run: run: no step has the id "talk"');
  });

  it('prints the plan with vars filled in and run-time values left as written, and marks finished steps', async () => {
    const { run, workflow, dir, outputDir } = await setUp([
      'vars:',
      '  topics: { type: list, default: [a, b] }',
      'steps:',
      '  - id: topics',
      '    foreach: ${{ vars.topics }}',
      '    parallel: 2',
      '    steps:',
      '      - id: talk',
      '        discussion: { title: "Topic ${{ item }}", template: review }',
      '      - id: go',
      '        run: talk',
      '      - id: check',
      "        when: steps.go.status == 'APPROVED'",
      '        then: [{ id: ok, export: value, value: "${{ steps.go.status }}", to: "ok-${{ item }}.txt" }]',
    ]);
    const before = await planWorkflow(workflow, { outputDir, cwd: dir });
    expect(before).toEqual([
      'workflow flow (flow.yaml)',
      'vars: topics = [a, b]',
      'run folder: run (not started)',
      '  1. topics: for each of 2 items, up to 2 at a time',
      '     item 1: a',
      '       1. topics.1.talk: create "Topic a" in run/discussions/topics-1-talk.md (template review)',
      '       2. topics.1.go: run talk until final',
      "       3. topics.1.check: when steps.go.status == 'APPROVED' (known only when it runs)",
      '          then:',
      '            1. topics.1.ok: write "${{ steps.go.status }}" to run/ok-a.txt',
      '     item 2: b',
      '       1. topics.2.talk: create "Topic b" in run/discussions/topics-2-talk.md (template review)',
      '       2. topics.2.go: run talk until final',
      "       3. topics.2.check: when steps.go.status == 'APPROVED' (known only when it runs)",
      '          then:',
      '            1. topics.2.ok: write "${{ steps.go.status }}" to run/ok-b.txt',
    ]);
    await run();
    const after = await planWorkflow(workflow, { outputDir, cwd: dir });
    expect(after).toContain('run folder: run (finished)');
    expect(after).toContain("       3. topics.1.check: when steps.go.status == 'APPROVED' (holds) [finished]");
    expect(after).toContain('            1. topics.1.ok: write "APPROVED" to run/ok-a.txt [finished]');
  });

  it('stops before the next step when the signal is aborted, to carry on later', async () => {
    const { run } = await setUp(['steps:', '  - id: talk', '    discussion: { title: T }']);
    const controller = new AbortController();
    controller.abort();
    await expect(run({ signal: controller.signal })).rejects.toThrow('stopped at step talk; run the workflow again with the same vars to carry on from there');
  });
});
