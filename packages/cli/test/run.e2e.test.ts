import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDiscussion } from '@quorum/format';
import { describe, expect, it } from 'vitest';
import { runQuorum, temporaryProject } from './run-quorum.js';

const CONTEXT = 'Limit each API key to 100 requests a minute on the public API.';

async function comments(file: string) {
  return parseDiscussion(await readFile(file, 'utf8')).sections.flatMap((s) => (s.kind === 'comment' ? [s] : []));
}

describe('quorum run and quorum turn', () => {
  it('runs the feature template offline with simulated personas, saying so once', async () => {
    const cwd = await temporaryProject();
    const result = await runQuorum(['run', '--template', 'feature', '--title', 'Add rate limiting', '--context', CONTEXT], { cwd });
    expect(result.stderr).toContain('created discussions/add-rate-limiting.md');
    expect(result.stderr.match(/no LLM provider is configured/g)).toHaveLength(1);
    expect(result.stdout).toMatch(/^discussions\/add-rate-limiting\.md: the discussion reached (Accepted|Rejected|No consensus) \((ACCEPTED|REJECTED|NO_CONSENSUS)\) \[\d+ rounds, \d+ tokens, \$0\.0000\]\n$/);
    expect(result.code).toBe(0);
    const text = await readFile(path.join(cwd, 'discussions/add-rate-limiting.md'), 'utf8');
    expect(text).toMatch(/<!-- Status: (ACCEPTED|REJECTED|NO_CONSENSUS) -->/);
    const all = await comments(path.join(cwd, 'discussions/add-rate-limiting.md'));
    expect(new Set(all.map((c) => c.author))).toEqual(new Set(['AI-Architect', 'AI-Security', 'AI-Pragmatist']));
    expect(all.every((c) => c.usage?.model === 'mock:simulated')).toBe(true);

    const status = await runQuorum(['status', 'discussions/add-rate-limiting.md'], { cwd });
    expect(status.stdout).toMatch(/Usage: \d+ in \(\d+ cached\) \+ \d+ out tokens, \$0\.0000 over \d+ AI comments/);
  });

  it('runs one round with quorum turn, only the aliases named, with a callout', async () => {
    const cwd = await temporaryProject();
    const created = await runQuorum(['new', 'Add rate limiting', '--template', 'feature', '--context', CONTEXT], { cwd });
    const file = created.stdout.trim();
    const turn = await runQuorum(['turn', file, '@security', '--callout', 'Is a per-key limit enough?'], { cwd });
    expect(turn.code).toBe(0);
    expect(turn.stdout).toBe(`${file}: round done; the discussion is in phase initial_feedback [1 round, ${turn.stdout.match(/(\d+) tokens/)![1]} tokens, $0.0000]\n`);
    expect((await comments(path.join(cwd, file))).map((c) => c.author)).toEqual(['AI-Security']);
  });

  it('prints the events as JSON Lines with --json and stops at --max-turns', async () => {
    const cwd = await temporaryProject();
    const result = await runQuorum(['run', '--template', 'feature', '--title', 'T', '--max-turns', '1', '--json'], { cwd });
    expect(result.code).toBe(0);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; outcome?: string });
    expect(events[0]!.type).toBe('run-start');
    expect(events.filter((e) => e.type === 'notice')).toHaveLength(1);
    expect(events.map((e) => e.type)).toContain('participant-finish');
    expect(events.at(-1)).toMatchObject({ type: 'run-finish', outcome: 'turn-cap' });
  });

  it('records every reply to a cassette and replays the discussion from it with no provider', async () => {
    const first = await temporaryProject();
    const second = await temporaryProject();
    const cassette = path.join(first, 'cassette.json');
    const recorded = await runQuorum(['run', '--template', 'feature', '--title', 'Add rate limiting', '--context', CONTEXT, '--record', cassette], { cwd: first });
    expect(recorded.code).toBe(0);
    // The replay runs with a provider that would fail if it were ever called.
    await writeFile(path.join(second, 'quorum.config.yaml'), 'providers:\n  default: openai\n');
    const replayed = await runQuorum(['run', '--template', 'feature', '--title', 'Add rate limiting', '--context', CONTEXT, '--replay', cassette], {
      cwd: second,
      env: { OPENAI_API_KEY: 'sk-canary-never-used', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
    });
    expect(replayed.stderr).not.toMatch(/openai/i);
    expect(replayed.code).toBe(0);
    const strip = (text: string) => text.replace(/model=\S+/g, 'model=');
    expect(strip(await readFile(path.join(second, 'discussions/add-rate-limiting.md'), 'utf8'))).toBe(
      strip(await readFile(path.join(first, 'discussions/add-rate-limiting.md'), 'utf8')),
    );
  });

  it('refuses a discussion without a template, and a misspelt provider, in one sentence with exit code 2', async () => {
    const cwd = await temporaryProject();
    const created = await runQuorum(['new', 'Free form'], { cwd });
    const noTemplate = await runQuorum(['run', created.stdout.trim()], { cwd });
    expect(noTemplate).toMatchObject({ code: 2 });
    expect(noTemplate.stderr).toMatch(/has no Template header/);
    const made = await runQuorum(['new', 'T', '--template', 'feature'], { cwd });
    const misspelt = await runQuorum(['run', made.stdout.trim(), '--provider', 'anthropc'], { cwd });
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr).toMatch(/--provider names the provider "anthropc", which no plugin provides \(did you mean "anthropic"\?\)/);
  });
});
