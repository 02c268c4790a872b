import { spawn } from 'node:child_process';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BINARY, hermeticEnv, runQuorum, temporaryProject } from './run-quorum.js';

// Simulated personas with deterministic latency, so kills land between and during appends.
const CONFIG = 'providers:\n  default: mock\n  mock:\n    seed: resume\n    latencyMs: [2, 25]\n';
const NEW = ['new', 'Add rate limiting', '--template', 'feature', '--context', 'Limit each API key to 100 requests a minute.'];
const FILE = 'discussions/add-rate-limiting.md';

async function project(): Promise<string> {
  const cwd = await temporaryProject();
  await writeFile(path.join(cwd, 'quorum.config.yaml'), CONFIG);
  await mkdir(path.join(cwd, 'discussions'));
  expect((await runQuorum(NEW, { cwd })).code).toBe(0);
  return cwd;
}

/**
 * Starts `quorum run FILE` and kills it with SIGKILL once the discussion has grown to
 * `bytes`, `extraMs` later (so kills land between appends and in the middle of them). Moments
 * are defined by progress, not by the clock, so a slow machine does not move them.
 */
function runAndKill(cwd: string, bytes: number, extraMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BINARY, 'run', FILE], {
      cwd,
      env: { ...hermeticEnv(), QUORUM_NOW: '2026-11-21T09:00:00Z' },
      stdio: 'ignore',
    });
    const poll = setInterval(() => {
      void stat(path.join(cwd, FILE)).then((info) => {
        if (info.size < bytes) return;
        clearInterval(poll);
        setTimeout(() => child.kill('SIGKILL'), extraMs);
      }, () => {});
    }, 2);
    child.on('error', reject);
    child.on('exit', () => {
      clearInterval(poll);
      resolve();
    });
  });
}

describe('a run killed at any moment resumes to the same file', () => {
  it('is byte-identical to an uninterrupted run after SIGKILLs at seeded moments', async () => {
    const reference = await project();
    const initial = (await stat(path.join(reference, FILE))).size;
    const whole = await runQuorum(['run', FILE], { cwd: reference });
    expect(whole.code).toBe(0);
    const expected = await readFile(path.join(reference, FILE), 'utf8');
    const final = Buffer.byteLength(expected);
    expect(expected).toMatch(/<!-- Status: (ACCEPTED|REJECTED|NO_CONSENSUS) -->/);

    // Seeded kill moments over the run, one or two per case: once the file has grown by a
    // fraction of what the whole run adds, plus a few milliseconds.
    let midway = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.double({ min: 0.02, max: 0.9, noNaN: true }), fc.integer({ min: 0, max: 12 })), { minLength: 1, maxLength: 2 }), async (moments) => {
        const cwd = await project();
        const before = await readFile(path.join(cwd, FILE), 'utf8');
        for (const [fraction, extraMs] of moments) await runAndKill(cwd, initial + Math.round(fraction * (final - initial)), extraMs);
        const interrupted = await readFile(path.join(cwd, FILE), 'utf8');
        if (interrupted !== before && interrupted !== expected) midway++;
        const resumed = await runQuorum(['run', FILE], { cwd });
        expect(resumed.code, resumed.stderr).toBe(0);
        expect(await readFile(path.join(cwd, FILE), 'utf8')).toBe(expected);
      }),
      { numRuns: Number(process.env.QUORUM_RESUME_RUNS ?? 8), seed: 20261121, endOnFailure: true },
    );
    // The kills must have left discussions half-way through, or the test proves nothing.
    expect(midway).toBeGreaterThanOrEqual(5);
  }, 240_000);
});
