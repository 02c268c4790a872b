import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

const made: string[] = [];

/** An empty directory, removed after the test. */
export async function temporaryDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'quorum-personas-'));
  made.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** The text of a small valid persona file. */
export function personaText(alias: string, fields: Record<string, string> = {}): string {
  const values: Record<string, string> = {
    name: `AI-${alias[0]!.toUpperCase()}${alias.slice(1)}`,
    alias,
    role: `The ${alias}`,
    personality: `|\n  You are the ${alias}.\n  Reply with NO_RESPONSE when you have nothing to add.`,
    ...fields,
  };
  return `${Object.entries(values)
    .map(([key, value]) => `${key}: ${value}`)
    .join('\n')}\n`;
}

/** Writes `files` (name → text) into `dir`, creating it. */
export async function writeFolder(dir: string, files: Record<string, string>): Promise<string> {
  await mkdir(dir, { recursive: true });
  await Promise.all(Object.entries(files).map(([name, text]) => writeFile(path.join(dir, name), text)));
  return dir;
}
