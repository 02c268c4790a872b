import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** The absolute path of a fixture CLI script. */
export function cliScript(name: string): string {
  return fileURLToPath(new URL(`../__fixtures__/cli/${name}`, import.meta.url));
}

/** Whether a process is running: it exists and is not a zombie waiting to be reaped. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** Polls until the condition holds (at most about five seconds), then asserts it. */
export async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition(), what).toBe(true);
}

/** The pids a `hang.mjs` run wrote to its pid file, once it has. */
export async function pidsFrom(file: string): Promise<number[]> {
  await until(() => existsSync(file) && readFileSync(file, 'utf8').includes(' '), `${file} was written`);
  return readFileSync(file, 'utf8').split(' ').map(Number);
}
