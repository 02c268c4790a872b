import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { runQuorum, temporaryProject, type RunResult } from '../../../packages/cli/test/run-quorum.js';

export { runQuorum, type RunResult };

/**
 * A temporary project (removed after the test) with `quorum.config.yaml` and `files`
 * written, and the example plugin packages in `packages` (their directories) linked into its
 * `node_modules` under the names their package.json files give: `plugins: [quorum-plugin-…]`
 * in the config then resolves as it would after `npm install quorum-plugin-…`.
 */
export async function exampleProject(options: {
  readonly config: string;
  readonly packages?: readonly string[];
  readonly files?: Readonly<Record<string, string>>;
}): Promise<string> {
  const cwd = await temporaryProject();
  await writeFile(path.join(cwd, 'quorum.config.yaml'), options.config);
  for (const dir of options.packages ?? []) {
    const { name } = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { name: string };
    const target = path.join(cwd, 'node_modules', ...name.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await symlink(dir, target, 'dir');
  }
  for (const [name, text] of Object.entries(options.files ?? {})) {
    await mkdir(path.dirname(path.join(cwd, name)), { recursive: true });
    await writeFile(path.join(cwd, name), text);
  }
  return cwd;
}

/** Runs the real binary like {@link runQuorum} and fails the test, with its stderr, unless it exits with 0. */
export async function runQuorumOk(args: readonly string[], options: Parameters<typeof runQuorum>[1]): Promise<RunResult> {
  const result = await runQuorum(args, options);
  expect(result.code, `quorum ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result;
}

/** The directory of the example package a test file belongs to (the test sits in its `test/`). */
export function packageDirOf(testFileUrl: string): string {
  return path.dirname(path.dirname(fileURLToPath(testFileUrl)));
}
