import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const created: string[] = [];

/**
 * A fresh directory under the system temp dir holding `files` (path → content). A
 * `package.json` is written unless given, so config searches stop inside the directory.
 */
export async function tempProject(files: Readonly<Record<string, string>> = {}): Promise<string> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'quorum-config-')));
  created.push(dir);
  await writeFiles(dir, { 'package.json': '{ "name": "project", "private": true }\n', ...files });
  return dir;
}

export async function writeFiles(dir: string, files: Readonly<Record<string, string>>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}

/** Removes every directory {@link tempProject} made; for `afterEach`. */
export async function removeTempProjects(): Promise<void> {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** Source of a plugin module contributing one voting strategy named like the plugin. */
export function strategyPluginSource(name: string, extra = ''): string {
  return `export default {
  specificationVersion: 'v1',
  meta: { name: ${JSON.stringify(name)}, version: '1.0.0' },
  votingStrategies: [${strategySource(name)}],
  ${extra}
};
`;
}

/** Source of a voting strategy object literal whose options take a `threshold` (0.5 by default). */
export function strategySource(name: string): string {
  return `{
    specificationVersion: 'v1',
    name: ${JSON.stringify(name)},
    description: 'test strategy',
    optionsSchema: { type: 'object', properties: { threshold: { type: 'number', default: 0.5 } } },
    tally: () => ({ reached: false, outcome: null, blockedBy: [], reason: 'no votes' }),
  }`;
}
