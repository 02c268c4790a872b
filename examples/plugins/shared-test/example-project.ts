import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { temporaryProject } from '../../../packages/cli/test/run-quorum.js';

export { runQuorum } from '../../../packages/cli/test/run-quorum.js';

/**
 * A temporary project (removed after the test) with `quorum.config.yaml` and `files`
 * written, and the example plugin packages in `packages` (their directories) linked into its
 * `node_modules` under their package names: `plugins: [quorum-plugin-…]` in the config then
 * resolves as it would after `npm install quorum-plugin-…`.
 */
export async function exampleProject(options: {
  readonly config: string;
  readonly packages?: readonly string[];
  readonly files?: Readonly<Record<string, string>>;
}): Promise<string> {
  const cwd = await temporaryProject();
  await writeFile(path.join(cwd, 'quorum.config.yaml'), options.config);
  for (const dir of options.packages ?? []) {
    const target = path.join(cwd, 'node_modules', path.basename(dir));
    await mkdir(path.dirname(target), { recursive: true });
    await symlink(dir, target, 'dir');
  }
  for (const [name, text] of Object.entries(options.files ?? {})) {
    await mkdir(path.dirname(path.join(cwd, name)), { recursive: true });
    await writeFile(path.join(cwd, name), text);
  }
  return cwd;
}

/** The directory of the example package a test file belongs to (the test sits in its `test/`). */
export function packageDirOf(testFileUrl: string): string {
  return path.dirname(path.dirname(new URL(testFileUrl).pathname));
}
