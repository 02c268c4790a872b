import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

/** The real `quorum` binary, as `npx quorum` runs it. */
export const BINARY = fileURLToPath(new URL('../bin/quorum.js', import.meta.url));

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the binary in `cwd` with `input` on stdin (stdin is closed when there is none). */
export function runQuorum(args: readonly string[], options: { cwd: string; input?: string; env?: Record<string, string> }): Promise<RunResult> {
  if (!existsSync(new URL('../dist/main.js', import.meta.url))) throw new Error('packages/cli/dist is missing; run npm run build first');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BINARY, ...args], {
      cwd: options.cwd,
      env: { ...hermeticEnv(), QUORUM_NOW: '2026-11-21T09:00:00Z', QUORUM_AUTHOR: 'Rob', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** Variables that would point a test at a real provider (or a developer's own keys). */
const PROVIDER_VARIABLES = ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_ORG_ID', 'OPENAI_PROJECT_ID', 'ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL', 'OLLAMA_HOST'];

/** This process's environment without provider variables, so tests never depend on the machine's keys. */
export function hermeticEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !PROVIDER_VARIABLES.includes(name)) env[name] = value;
  return env;
}

const made: string[] = [];

/** An empty project directory, removed after the test. */
export async function temporaryProject(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'quorum-cli-'));
  made.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
