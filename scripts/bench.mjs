// npm run bench: one JSON line per figure, {"name", "value", "unit", "target"}. Names are stable.
// Runs against the built packages (npm run bench builds first).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { BUNDLED_TEMPLATES_DIR, builtinConditions, compileTemplate, findTemplates, loadTemplate } from '@quorum/compiler';
import { loadYamlDocument } from '@quorum/config';
import { appendComment, parseDiscussion, renderComment, renderNewDiscussion } from '@quorum/format';
import { FileStorage } from '@quorum/storage-file';
import { builtinVotingStrategies, defaultOptions } from '@quorum/voting';
import { MemoryStorage, ModelRouter, PriceTable, runDiscussion } from '@quorum/engine';
import { defaultMarkerSet } from '@quorum/markers';
import { createSimulatedProvider } from '@quorum/provider-mock';
import { fanOutGraph, timeFanOut } from './langgraph-fanout.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const scratch = mkdtempSync(path.join(os.tmpdir(), 'quorum-bench-'));
const report = (name, value, unit, target) => console.log(JSON.stringify({ name, value: Number(value.toPrecision(4)), unit, target }));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median wall time of `fn` in ms over `runs` runs, after `warmup` runs. */
function time(fn, runs = 15, warmup = 5) {
  for (let i = 0; i < warmup; i++) fn();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const PARAGRAPH = [
  'Looking at this from a systems perspective, the main decision is where session state lives.',
  'Q: Should we use JWT or session cookies? @security',
  'CONCERN: Coupling the auth service to the user database schema will hurt later.',
  '```ts',
  'const token = sign({ sub: user.id }, key, { expiresIn: "1h" });',
  '```',
  '- a list item with `code` and a link to https://example.com',
];

/** Median wall time of the async `fn` in ms over `runs` runs, after `warmup` runs. */
async function timeAsync(fn, runs = 15, warmup = 5) {
  for (let i = 0; i < warmup; i++) await fn();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/**
 * Engine overhead: a discussion of 8 simulated participants over 100 rounds at zero latency,
 * in memory and in files (as the CLI writes them, fsync included). The time spent inside the
 * provider (building the simulated replies) is measured and taken out, so the figure is the
 * orchestration itself: routing, prompts, validation, appends, vote counts and transitions.
 */
async function benchEngine() {
  const aliases = Array.from({ length: 8 }, (_, i) => `persona-${i + 1}`);
  const dir = path.join(scratch, 'engine-templates');
  mkdirSync(dir, { recursive: true });
  const rounds = 100;
  writeFileSync(
    path.join(dir, 'fan-out.yaml'),
    [
      'id: fan-out',
      'title: Fan-out',
      'description: Eight participants, a hundred rounds.',
      `participants: [${aliases.join(', ')}]`,
      'initial: talk',
      'phases:',
      '  talk:',
      '    title: Talk',
      `    max_rounds: ${rounds}`,
      `    transitions: [{ to: done, when: { rounds: ${rounds} } }]`,
      '    on_max_rounds: done',
      '  done: { title: Done, final: CLOSED }',
      '',
    ].join('\n'),
  );
  const conditions = new Map(builtinConditions.map((c) => [c.name, c]));
  const strategies = new Map(builtinVotingStrategies.map((s) => [s.name, s]));
  const { template } = await loadTemplate('fan-out', { dirs: [dir], cwd: dir, conditions, strategies });
  const compiled = compileTemplate(template, { conditions });
  const personas = new Map(
    aliases.map((alias) => [alias, { name: `AI-${alias}`, alias, role: 'Reviewer', personality: `You are ${alias}.`, expertise: ['systems'], concerns: ['Will it scale?'], type: 'voting' }]),
  );
  const threshold = builtinVotingStrategies.find((s) => s.name === 'threshold');

  async function runOnce(storage, latencyMs, options = {}) {
    const inner = createSimulatedProvider({ seed: 'bench', latencyMs });
    const requests = [];
    const provider = {
      ...inner,
      name: 'mock',
      defaultModel: inner.defaultModel,
      generate(request) {
        requests.push(request);
        return inner.generate(request);
      },
    };
    const markdown = renderNewDiscussion({ title: 'Bench', phase: 'talk', created: '2026-01-01T00:00:00Z', template: 'fan-out', participants: aliases });
    const { id } = await storage.create(`bench-${Math.random().toString(36).slice(2)}.md`, markdown);
    let comments = 0;
    const start = performance.now();
    await runDiscussion({
      storage,
      discussion: id,
      compiled,
      persona: (alias) => personas.get(alias),
      markerSets: [defaultMarkerSet],
      strategyFor: () => ({ strategy: threshold, options: defaultOptions(threshold) }),
      voterFact: () => undefined,
      router: new ModelRouter({
        factories: new Map([['mock', { specificationVersion: 'v1', name: 'mock', description: '', configured: () => ({ ok: true, reason: '' }), create: () => provider }]]),
        settings: {},
        defaultModel: 'mock',
        environment: { env: {}, projectDir: scratch },
        notice: () => {},
      }),
      resilience: { timeoutMs: 60_000, retries: 3, backoffMs: 1000, maxBackoffMs: 30_000, breakerFailures: 5, breakerCooldownMs: 30_000 },
      concurrency: 8,
      prices: new PriceTable(),
      onEvent: (event) => {
        if (event.type === 'comment-append') comments++;
      },
      ...options,
    });
    const ms = performance.now() - start;
    // The provider's own share: the same requests answered again, one after the other.
    // (Only at zero latency: with latency, the wait is the point of the measurement.)
    let providerMs = 0;
    if (latencyMs === 0) {
      const providerStart = performance.now();
      for (const request of requests) await inner.generate(request);
      providerMs = performance.now() - providerStart;
    }
    return { ms, providerMs, comments };
  }

  // LangGraph.js on the same fan-out, in the same process, its runs interleaved with the
  // engine's in-memory runs so that drift in the machine's speed hits both alike.
  const graph = fanOutGraph(aliases.length, rounds);
  await timeFanOut(graph, aliases.length, rounds);
  const langGraph = [];
  for (const [name, makeStorage] of [
    ['memory', () => new MemoryStorage()],
    ['file', () => new FileStorage({ dir: path.join(scratch, 'engine-files') })],
  ]) {
    const samples = [];
    const totals = [];
    // One run first, not counted: module loading, JIT compilation and schema compilation
    // happen once per process, not per comment.
    await runOnce(makeStorage(), 0);
    for (let i = 0; i < 7; i++) {
      const { ms, providerMs, comments } = await runOnce(makeStorage(), 0);
      samples.push(((ms - providerMs) * 1000) / comments);
      totals.push((ms * 1000) / comments);
      if (name === 'memory') langGraph.push(await timeFanOut(graph, aliases.length, rounds));
    }
    const perNode = median(langGraph);
    if (name === 'memory') report('langgraph.fan_out_per_node.memory.us', perNode, 'us');
    report(`engine.per_comment_with_mock.${name}.us`, median(totals), 'us');
    report(`engine.overhead_per_comment.${name}.us`, median(samples), 'us', name === 'memory' ? '<= a tenth of langgraph.fan_out_per_node.memory.us' : '<= langgraph.fan_out_per_node.memory.us');
    report(`engine.overhead_per_comment.${name}.ratio_to_langgraph`, median(samples) / perNode, 'ratio', name === 'memory' ? '<= 0.1' : '<= 1');
  }

  // One round of 8 participants that each take 200 ms.
  const turnSamples = [];
  for (let i = 0; i < 3; i++) {
    const { ms } = await runOnce(new MemoryStorage(), 200, { limits: { maxTurns: 1 } });
    turnSamples.push(ms / 200);
  }
  report('engine.turn_8x200ms.ratio', median(turnSamples), 'ratio', '<= 1.1');
}

/** A template of `count` phases in a line, each able to send the discussion back a few phases. */
function longTemplate(count) {
  const lines = ['id: long', 'title: Long', 'description: A generated template.', 'participants: [architect, security, pragmatist]', 'initial: p0', 'phases:'];
  for (let i = 0; i < count - 1; i++) {
    const next = i === count - 2 ? 'accepted' : `p${i + 1}`;
    const voting = i % 4 === 3;
    lines.push(`  p${i}:`, `    title: Phase ${i}`, `    goal: Step ${i}`, '    instructions: |', '      Work on this step.', `    voting: ${voting}`, '    max_rounds: 3', '    transitions:');
    if (voting) lines.push(`      - to: ${next}`, '        when: { all: [{ consensus: READY }, no_open_questions] }', `      - to: p${Math.max(0, i - 3)}`, '        when: { consensus: CHANGES }');
    else lines.push(`      - to: ${next}`, '        when: { any: [all_responded, { rounds: 2 }] }', `      - to: ${next}`, '        when: manual');
    lines.push(`    on_max_rounds: ${next}`);
  }
  lines.push('  accepted:', '    title: Accepted', '    final: ACCEPTED');
  return `${lines.join('\n')}\n`;
}

function discussionWith(comments) {
  let text = renderNewDiscussion({ title: 'Benchmark', phase: 'review', created: '2026-01-01T00:00:00Z', participants: ['architect', 'security'], context: 'Context.' });
  let discussion = parseDiscussion(text);
  for (let i = 0; i < comments; i++) {
    const result = appendComment(discussion, { author: i % 2 ? 'AI-Architect' : 'AI-Security', text: `${i}\n${PARAGRAPH.join('\n')}`, vote: i % 3 ? 'READY' : 'CHANGES' });
    text += result.appended;
    discussion = result.discussion;
  }
  return text;
}

try {
  // compiler.compile_200_phases.ms: a generated 200-phase template read (safe YAML),
  // validated, checked and compiled to its machine, as `quorum new --template` does in a
  // fresh process (so it runs first, before the other figures grow the heap); then each
  // bundled template the same way.
  const templates = path.join(scratch, 'templates');
  mkdirSync(templates);
  writeFileSync(path.join(templates, 'long.yaml'), longTemplate(200));
  const conditions = new Map(builtinConditions.map((condition) => [condition.name, condition]));
  const strategies = new Map(builtinVotingStrategies.map((strategy) => [strategy.name, strategy]));
  const context = { dirs: [templates, BUNDLED_TEMPLATES_DIR], cwd: scratch, conditions, strategies };
  const compile = async (id) => {
    const { template } = await loadTemplate(id, context);
    return compileTemplate(template, { conditions });
  };
  if ((await compile('long')).template.phases.length !== 200) throw new Error('the generated template does not have 200 phases');
  report('compiler.compile_200_phases.ms', await timeAsync(() => compile('long')), 'ms', '< 50');
  // Where that time goes: reading the YAML (the `yaml` package, positions kept), and building
  // the XState machine from the checked template.
  const longText = longTemplate(200);
  report('compiler.compile_200_phases.yaml_parse.ms', time(() => loadYamlDocument(longText, 'long.yaml', { kind: 'template' })), 'ms');
  const { template: long } = await loadTemplate('long', context);
  report('compiler.compile_200_phases.machine.ms', time(() => compileTemplate(long, { conditions })), 'ms');
  for (const { id, title } of await findTemplates([BUNDLED_TEMPLATES_DIR])) {
    if (title === '(invalid)') continue;
    report(`compiler.compile.${id}.ms`, await timeAsync(() => compile(id)), 'ms');
  }

  // format.parse.ratio_to_baseline: parsing a large discussion against splitting the same
  // text into lines and testing one regular expression per line.
  const large = discussionWith(5000);
  const DELIMITER = /^---[ \t]*\r?$/;
  let sink = 0;
  const baseline = time(() => {
    for (const line of large.split('\n')) if (DELIMITER.test(line)) sink++;
  });
  const parse = time(() => {
    sink += parseDiscussion(large).sections.length;
  });
  report('format.parse.ms', parse, 'ms');
  report('format.parse.baseline.ms', baseline, 'ms');
  report('format.parse.ratio_to_baseline', parse / baseline, 'ratio', '<= 3');
  report('format.parse.throughput', large.length / 1024 / 1024 / (parse / 1000), 'MiB/s');

  // storage.append.ratio_10000_to_10: one append to a discussion with 10,000 comments
  // against one with 10 (interleaved, so drift hits both alike).
  const dir = path.join(scratch, 'append');
  const storage = new FileStorage({ dir, durable: false });
  await storage.create('small.md', discussionWith(10));
  await storage.create('large.md', discussionWith(10_000));
  const comment = { author: 'AI-Architect', text: PARAGRAPH.join('\n'), vote: 'READY' };
  const small = [];
  const big = [];
  for (let i = 0; i < 300; i++) {
    for (const [id, samples] of i % 2 ? [['small.md', small], ['large.md', big]] : [['large.md', big], ['small.md', small]]) {
      const start = performance.now();
      await storage.appendComment(id, comment);
      if (i >= 20) samples.push(performance.now() - start);
    }
  }
  report('storage.append.ms', median(small), 'ms');
  report('storage.append.ratio_10000_to_10', median(big) / median(small), 'ratio', '<= 1.5');
  const durable = new FileStorage({ dir, durable: true });
  const durableSamples = [];
  for (let i = 0; i < 30; i++) {
    const start = performance.now();
    await durable.appendComment('large.md', comment);
    durableSamples.push(performance.now() - start);
  }
  report('storage.append.durable.ms', median(durableSamples), 'ms');
  report('storage.append.bytes_per_comment', Buffer.byteLength(renderComment(comment)), 'bytes');

  // cli.list_1000_files.ms: `quorum list` over 1,000 discussion files, as a whole process.
  const listDir = path.join(scratch, 'list');
  const listStorage = new FileStorage({ dir: listDir, durable: false });
  const sample = discussionWith(20);
  for (let i = 0; i < 1000; i++) await listStorage.create(`discussion-${i}.md`, sample);
  writeFileSync(path.join(listDir, 'README.md'), '# not a discussion\n');
  const binary = path.join(root, 'packages/cli/bin/quorum.js');
  const runs = [];
  for (let i = 0; i < 7; i++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, [binary, 'list', listDir], { cwd: scratch, encoding: 'utf8' });
    runs.push(performance.now() - start);
    if (result.status !== 0 || result.stdout.split('\n').length < 1001) throw new Error(`quorum list failed: ${result.stderr}`);
  }
  report('cli.list_1000_files.ms', median(runs), 'ms', '< 1000');
  const version = [];
  for (let i = 0; i < 7; i++) {
    const start = performance.now();
    spawnSync(process.execPath, [binary, '--version']);
    version.push(performance.now() - start);
  }
  report('cli.startup.ms', median(version), 'ms');

  await benchEngine();

  if (sink < 0) console.log(sink);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
