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
import { builtinVotingStrategies } from '@quorum/voting';
import { median, report } from './bench-report.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const scratch = mkdtempSync(path.join(os.tmpdir(), 'quorum-bench-'));

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

  // The engine's figures and LangGraph.js's on the same fan-out, each in fresh processes (see
  // bench-engine.mjs and langgraph-fanout.mjs); LangGraph before and after the engine, so that
  // drift in the machine's speed hits both alike. The targets are the ratios.
  const figures = (script) => {
    const child = spawnSync(process.execPath, [path.join(root, 'scripts', script)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (child.status !== 0) throw new Error(`${script} failed (exit ${child.status})`);
    return child.stdout.trim().split('\n').map((line) => JSON.parse(line));
  };
  const valueOf = (lines, name) => lines.find((line) => line.name === name).value;
  const before = valueOf(figures('langgraph-fanout.mjs'), 'langgraph.fan_out_per_node.memory.us');
  const engine = figures('bench-engine.mjs');
  const after = valueOf(figures('langgraph-fanout.mjs'), 'langgraph.fan_out_per_node.memory.us');
  const perNode = (before + after) / 2;
  report('langgraph.fan_out_per_node.memory.us', perNode, 'us');
  for (const line of engine) console.log(JSON.stringify(line));
  for (const storage of ['memory', 'file']) {
    const overhead = valueOf(engine, `engine.overhead_per_comment.${storage}.us`);
    report(`engine.overhead_per_comment.${storage}.ratio_to_langgraph`, overhead / perNode, 'ratio', storage === 'memory' ? '<= 0.1' : '<= 1');
  }

  if (sink < 0) console.log(sink);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
