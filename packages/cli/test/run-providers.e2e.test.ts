import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAnthropicTestServer } from '../../provider-anthropic/test/anthropic-test-server.js';
import { startOpenAITestServer } from '../../provider-openai/test/openai-test-server.js';
import { startFakeOllama } from '../../provider-ollama/src/test-helpers/fake-ollama-server.js';
import { runQuorum, temporaryProject } from './run-quorum.js';

// The real SDKs, run by the real binary, against local servers that speak each wire protocol.
const CANARY = 'sk-canary-5f1e9d3c7b2a4e6f8d0c';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function runAgainst(provider: string, env: Record<string, string>) {
  const cwd = await temporaryProject();
  const result = await runQuorum(
    ['run', '--template', 'feature', '--title', 'Add rate limiting', '--context', 'Limit each API key.', '--provider', provider, '--events', 'events.jsonl', '--json'],
    { cwd, env },
  );
  const discussion = await readFile(path.join(cwd, 'discussions/add-rate-limiting.md'), 'utf8');
  const events = await readFile(path.join(cwd, 'events.jsonl'), 'utf8').catch(() => '');
  return { result, discussion, events };
}

function expectFinishedWithoutKey(run: Awaited<ReturnType<typeof runAgainst>>, model: RegExp) {
  expect(run.result.code, run.result.stderr).toBe(0);
  expect(run.discussion).toMatch(/<!-- Status: (ACCEPTED|REJECTED|NO_CONSENSUS) -->/);
  expect(run.discussion).toMatch(model);
  expect(run.events.trim().split('\n').at(-1)).toMatch(/"type":"run-finish","outcome":"finished"/);
  for (const text of [run.discussion, run.events, run.result.stdout, run.result.stderr]) expect(text).not.toContain(CANARY);
}

describe('quorum run with real SDKs against local wire-protocol servers', () => {
  it('openai', async () => {
    const server = await startOpenAITestServer({ apiKey: CANARY });
    closers.push(() => server.close());
    const run = await runAgainst('openai', { OPENAI_API_KEY: CANARY, OPENAI_BASE_URL: server.baseURL });
    expectFinishedWithoutKey(run, /<!-- USAGE: model=openai:gpt-4o-mini\S* input=\d+ output=\d+ cached=\d+ cost=\d/);
    expect(server.requests.length).toBeGreaterThanOrEqual(3);
    for (const request of server.requests) expect(request.headers['authorization']).toBe(`Bearer ${CANARY}`);
  });

  it('anthropic', async () => {
    const server = await startAnthropicTestServer({ apiKey: CANARY });
    closers.push(() => server.close());
    const run = await runAgainst('anthropic', { ANTHROPIC_API_KEY: CANARY, ANTHROPIC_BASE_URL: server.baseURL });
    expectFinishedWithoutKey(run, /<!-- USAGE: model=anthropic:claude-sonnet-4-5-20250929 input=\d+ output=\d+ cached=1843 cost=\d/);
    expect(server.requests.length).toBeGreaterThanOrEqual(3);
  });

  it('ollama', async () => {
    const server = await startFakeOllama();
    closers.push(() => server.close());
    const run = await runAgainst('ollama', { OLLAMA_HOST: server.url });
    expectFinishedWithoutKey(run, /<!-- USAGE: model=ollama:llama3\.2 input=\d+ output=\d+ cached=0 cost=0\.000000 -->/);
    expect(server.requests.length).toBeGreaterThanOrEqual(3);
  });

  it('shows the model chain and the settings with --verbose, never the key', async () => {
    const cwd = await temporaryProject();
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path.join(cwd, 'quorum.config.yaml'), `providers:\n  default: openai\n  fallback: [mock]\n  openai: { apiKey: ${CANARY}x, baseURL: http://127.0.0.1:9/v1 }\n`);
    const made = await runQuorum(['new', 'T', '--template', 'feature'], { cwd });
    const run = await runQuorum(['turn', made.stdout.trim(), '--verbose', '--provider', 'mock'], { cwd, env: { OPENAI_API_KEY: CANARY } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('architect: mock:simulated');
    expect(run.stderr).toMatch(/providers\.openai: \{"apiKey":"\*\*\*","baseURL":"http:\/\/127\.0\.0\.1:9\/v1"/);
    expect(run.stderr + run.stdout).not.toContain(CANARY);
  });

  it('keeps a rejected key out of the error, the file and the log', async () => {
    const server = await startOpenAITestServer({ apiKey: 'sk-the-right-one-000000' });
    closers.push(() => server.close());
    const run = await runAgainst('openai', { OPENAI_API_KEY: CANARY, OPENAI_BASE_URL: server.baseURL });
    expect(run.result.code).toBe(1);
    expect(run.result.stderr).toMatch(/every participant of round 1 of initial_feedback failed \(architect: openai: authentication failed \(HTTP 401\)/);
    expect(run.discussion).toMatch(/<!-- PARTICIPANT-FAILED: architect: openai: authentication failed \(HTTP 401\)/);
    for (const text of [run.discussion, run.events, run.result.stdout, run.result.stderr]) expect(text).not.toContain(CANARY);
  });
});
