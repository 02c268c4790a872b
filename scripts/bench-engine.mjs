// The engine's figures of `npm run bench`, in a process of their own: a heap grown by the
// other figures (a 10,000-comment discussion, 1,000 files) would make every garbage collection
// during the engine's runs slower, which is not the engine's cost. LangGraph.js, the
// comparison point, runs in processes of its own too (see langgraph-fanout.mjs for why).
// Prints one JSON line per figure.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { builtinConditions, compileTemplate, loadTemplate } from '@quorum/compiler';
import { renderNewDiscussion } from '@quorum/format';
import { FileStorage } from '@quorum/storage-file';
import { builtinVotingStrategies, defaultOptions } from '@quorum/voting';
import { MemoryStorage, ModelRouter, PriceTable, runDiscussion } from '@quorum/engine';
import { defaultMarkerSet } from '@quorum/markers';
import { createScriptedProvider, createSimulatedProvider } from '@quorum/provider-mock';
import { MEASURED_RUNS, median, report, WARMUP_RUNS } from './bench-report.mjs';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'quorum-bench-engine-'));

/**
 * Engine overhead: a discussion of 8 participants over 100 rounds at zero latency, in memory
 * and in files (as the CLI writes them, fsync included). The simulated provider's replies are
 * recorded once and replayed from that cassette by the scripted provider, so the figure is
 * the orchestration itself (routing, prompts, validation, appends, vote counts, transitions)
 * and not the simulated personas' writing, as LangGraph's nodes do no work of their own.
 * Each replayed run must write exactly the recorded discussion.
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

  /** One run of the discussion `bench.md` (the simulated replies depend on its name) in a new storage. */
  async function runOnce(storage, provider, options = {}) {
    const markdown = renderNewDiscussion({ title: 'Bench', phase: 'talk', created: '2026-01-01T00:00:00Z', template: 'fan-out', participants: aliases });
    const { id } = await storage.create('bench.md', markdown);
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
      // A fixed clock: the replayed runs must write the recorded discussion byte for byte.
      clock: () => new Date('2026-01-01T00:00:00Z'),
      onEvent: (event) => {
        if (event.type === 'comment-append') comments++;
      },
      ...options,
    });
    const ms = performance.now() - start;
    return { ms, us: (ms * 1000) / comments, source: (await storage.load(id)).source };
  }

  // The replies, recorded in the order they were asked for, as `quorum run --record` would.
  const simulated = createSimulatedProvider({ seed: 'bench', latencyMs: 0 });
  const entries = [];
  const recording = {
    ...simulated,
    async generate(request) {
      const reply = await simulated.generate(request);
      const { turn } = request;
      entries.push({ persona: turn.persona.alias, phase: turn.phase.id, round: turn.round, reply: { text: reply.text, usage: reply.usage, model: reply.model } });
      return reply;
    },
  };
  const recorded = await runOnce(new MemoryStorage(), recording);
  const cassette = { version: 1, entries };

  let runs = 0;
  for (const [name, makeStorage] of [
    ['memory', () => new MemoryStorage()],
    ['file', () => new FileStorage({ dir: path.join(scratch, `engine-files-${++runs}`) })],
  ]) {
    const totals = [];
    const samples = [];
    for (let i = 0; i < WARMUP_RUNS + MEASURED_RUNS; i++) {
      const withMock = await runOnce(makeStorage(), simulated);
      const replayed = await runOnce(makeStorage(), createScriptedProvider(cassette));
      if (replayed.source !== recorded.source || withMock.source !== recorded.source) {
        throw new Error(`the ${name} runs did not write the recorded discussion; the engine benchmark is not measuring the same work each time`);
      }
      if (i < WARMUP_RUNS) continue;
      totals.push(withMock.us);
      samples.push(replayed.us);
    }
    report(`engine.per_comment_with_mock.${name}.us`, median(totals), 'us');
    report(`engine.overhead_per_comment.${name}.us`, median(samples), 'us', name === 'memory' ? '<= a tenth of langgraph.fan_out_per_node.memory.us' : '<= langgraph.fan_out_per_node.memory.us');
  }

  // One round of 8 participants that each take 200 ms.
  const turnSamples = [];
  for (let i = 0; i < 3; i++) {
    const { ms } = await runOnce(new MemoryStorage(), createSimulatedProvider({ seed: 'bench', latencyMs: 200 }), { limits: { maxTurns: 1 } });
    turnSamples.push(ms / 200);
  }
  report('engine.turn_8x200ms.ratio', median(turnSamples), 'ratio', '<= 1.1');
}

try {
  await benchEngine();
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
