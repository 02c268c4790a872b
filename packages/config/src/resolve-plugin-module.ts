import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { closestMatch, PluginError, type QuorumErrorOptions } from '@quorum/core';
import { resolve as resolveImport } from 'import-meta-resolve';

/**
 * The file a plugin's module id names, resolved from the project directory the way Node
 * resolves an `import` written there: a path (starting with `.` or `/`) relative to it, or
 * a package found in its `node_modules` (or an ancestor's), honouring the package's
 * `exports` with the `import` condition. A missing module is a {@link PluginError} naming
 * the directory and, when something close exists, "did you mean".
 */
export async function resolvePluginModule(
  id: string,
  projectDir: string,
  location: QuorumErrorOptions = {},
): Promise<string> {
  return isPath(id) ? resolvePath(id, projectDir, location) : resolvePackage(id, projectDir, location);
}

function isPath(id: string): boolean {
  return id.startsWith('.') || isAbsolute(id);
}

async function resolvePath(id: string, projectDir: string, location: QuorumErrorOptions): Promise<string> {
  const path = resolve(projectDir, id);
  const stats = await stat(path).catch(() => undefined);
  if (stats?.isFile()) return path;
  if (stats?.isDirectory()) {
    throw new PluginError(
      id,
      `${path} is a directory; name the module file (for example ${id.replace(/[/\\]$/, '')}/index.js)`,
      location,
    );
  }
  const name = basename(path);
  const entries = await readdir(dirname(path)).catch(() => [] as string[]);
  const withoutExtension = new Map(entries.map((entry) => [entry.replace(/\.[^.]+$/, ''), entry]));
  const match = closestMatch(name, entries) ?? withoutExtension.get(closestMatch(name, withoutExtension.keys()) ?? '');
  const hint = match === undefined ? '' : ` (did you mean "${id.slice(0, id.length - name.length)}${match}"?)`;
  throw new PluginError(id, `cannot find ${path} (resolved from ${projectDir})${hint}`, location);
}

async function resolvePackage(id: string, projectDir: string, location: QuorumErrorOptions): Promise<string> {
  let url: string;
  try {
    url = resolveImport(id, pathToFileURL(projectDir + sep).href);
  } catch (error) {
    const name = packageName(id);
    const installed = await installedPackages(projectDir);
    if (!installed.includes(name)) {
      const match = closestMatch(name, installed);
      const hint = match === undefined ? ' (is it installed?)' : ` (did you mean "${match}"?)`;
      throw new PluginError(id, `cannot find package "${name}" from ${projectDir}${hint}`, {
        ...location,
        cause: error,
      });
    }
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new PluginError(id, `cannot be resolved from ${projectDir}: ${detail}`, { ...location, cause: error });
  }
  if (!url.startsWith('file:')) throw new PluginError(id, `resolves to ${url}, which is not a plugin file`, location);
  return fileURLToPath(url);
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageName(id: string): string {
  const parts = id.split('/');
  return (id.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/** Names of the packages in `node_modules` of the directory and its ancestors. */
async function installedPackages(directory: string): Promise<string[]> {
  const names = new Set<string>();
  for (let current = directory; ; current = dirname(current)) {
    const modules = join(current, 'node_modules');
    for (const entry of await readdir(modules).catch(() => [] as string[])) {
      if (!entry.startsWith('@')) names.add(entry);
      else
        for (const scoped of await readdir(join(modules, entry)).catch(() => [] as string[]))
          names.add(`${entry}/${scoped}`);
    }
    if (dirname(current) === current) return [...names];
  }
}
