import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { ConfigError, isQuorumError, NotFoundError, PluginError, type PersonaSourceV1, type PersonaV1 } from '@quorum/core';
import { BUNDLED_PERSONAS_DIR } from './bundled-personas-dir.js';
import { parsePersonaFile, validatePersona } from './parse-persona-file.js';
import { createPersonaRegistry, type PersonaRegistry, type PersonaSourceKind, type RegisteredPersona } from './persona-registry.js';

/** The extensions a persona file may have, in the order they are looked for. */
export const PERSONA_EXTENSIONS: readonly string[] = ['.yaml', '.yml'];

/** A persona folder a plugin ships, with the plugin's name for listings and messages. */
export interface PluginPersonaDirectory {
  readonly dir: string;
  readonly plugin: string;
}

/** A programmatic persona source with the name of the plugin that contributed it. */
export interface PluginPersonaSource {
  readonly source: PersonaSourceV1;
  readonly plugin: string;
}

export interface LoadPersonasOptions {
  /** The project directory; its `personas/` folder, when there is one, comes first. */
  readonly projectDir: string;
  /** Folders named in config (`personas.dirs`), absolute, in config order (the first wins). */
  readonly dirs?: readonly string[];
  /** Folders plugins ship (`PluginRegistry.personaDirs`), absolute; give the plugin's name where known. */
  readonly pluginDirs?: readonly (string | PluginPersonaDirectory)[];
  /** Programmatic sources plugins contribute (`PluginRegistry.personaSources`). */
  readonly pluginSources?: readonly (PersonaSourceV1 | PluginPersonaSource)[];
  /** The bundled personas' folder: {@link BUNDLED_PERSONAS_DIR} by default; null for none. */
  readonly bundledDir?: string | null;
  /** File names in messages are shown relative to this directory (default: `projectDir`). */
  readonly cwd?: string;
}

/**
 * Loads every persona a project can use into a {@link PersonaRegistry}. Sources, highest
 * precedence first: `<projectDir>/personas` (skipped when absent), the config folders, the
 * plugins' folders, the plugins' programmatic sources, and the bundled folder. A higher
 * source's persona replaces a lower one's with the same alias. Each folder is one source:
 * two files with the same alias in it (`a.yaml` and `a.yml`) are an error, as is a file
 * whose alias is not its file name. A folder that appears twice counts once, at its
 * highest place. Every problem is one located `QuorumError` (the first in file order).
 */
export async function loadPersonas(options: LoadPersonasOptions): Promise<PersonaRegistry> {
  const cwd = options.cwd ?? options.projectDir;
  const seen = new Set<string>();
  const firstTime = (dir: string) => {
    const absolute = resolve(dir);
    if (seen.has(absolute)) return false;
    seen.add(absolute);
    return true;
  };

  const layers: Promise<RegisteredPersona[]>[] = [];
  const projectFolder = join(options.projectDir, 'personas');
  if (firstTime(projectFolder) && (await isDirectory(projectFolder))) {
    layers.push(readPersonaDirectory(projectFolder, { kind: 'project', source: 'project', cwd }));
  }
  for (const dir of options.dirs ?? []) {
    if (!firstTime(dir)) continue;
    layers.push(
      requireDirectory(dir, () => new NotFoundError(`the persona folder ${shown(dir, cwd)} named in config (personas.dirs) does not exist`)).then(
        () => readPersonaDirectory(dir, { kind: 'config', source: resolve(dir), cwd }),
      ),
    );
  }
  for (const entry of options.pluginDirs ?? []) {
    const { dir, plugin } = typeof entry === 'string' ? { dir: entry, plugin: 'plugin' } : entry;
    if (!firstTime(dir)) continue;
    layers.push(
      requireDirectory(dir, () => new PluginError(plugin, `its persona folder ${shown(dir, cwd)} does not exist`)).then(() =>
        readPersonaDirectory(dir, { kind: 'plugin', source: plugin, cwd }),
      ),
    );
  }
  for (const entry of options.pluginSources ?? []) {
    layers.push(readPersonaSource('source' in entry ? entry : { source: entry, plugin: entry.name }));
  }
  const bundled = options.bundledDir === undefined ? BUNDLED_PERSONAS_DIR : options.bundledDir;
  if (bundled !== null && firstTime(bundled)) {
    layers.push(
      requireDirectory(bundled, () => new NotFoundError(`the bundled persona folder ${bundled} is missing; reinstall Quorum`)).then(() =>
        readPersonaDirectory(bundled, { kind: 'bundled', source: 'bundled', cwd }),
      ),
    );
  }
  return createPersonaRegistry(await settleInOrder(layers));
}

/** How {@link readPersonaDirectory} labels what it reads. */
export interface PersonaDirectoryOptions {
  readonly kind: PersonaSourceKind;
  /** `RegisteredPersona.origin.source` of every persona read. */
  readonly source: string;
  /** File names in messages are shown relative to this directory when inside it. */
  readonly cwd: string;
}

/**
 * Every persona file (`*.yaml`, `*.yml`, not hidden) in one folder, not its subfolders,
 * sorted by file name, each validated and checked to have its file name as alias. Throws
 * the first problem, or a `ConfigError` naming both files when two define the same alias.
 */
export async function readPersonaDirectory(dir: string, options: PersonaDirectoryOptions): Promise<RegisteredPersona[]> {
  const folder = resolve(dir);
  const entries = await readdir(folder, { withFileTypes: true });
  const files = entries
    .filter((entry) => !entry.name.startsWith('.') && PERSONA_EXTENSIONS.includes(extname(entry.name)))
    .map((entry) => join(folder, entry.name))
    .sort(compareFiles);
  const personas = await settleInOrder(
    files.map(async (file) => {
      const display = shown(file, options.cwd);
      let text: string;
      try {
        if (!(await stat(file)).isFile()) return [];
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw new ConfigError(`cannot read the persona file: ${(error as Error).message}`, { file: display, cause: error });
      }
      const persona = parsePersonaFile(display, text);
      return [{ persona, origin: { source: options.source, file }, kind: options.kind } satisfies RegisteredPersona];
    }),
  );
  const byAlias = new Map<string, RegisteredPersona>();
  for (const registered of personas.flat()) {
    const key = registered.persona.alias.toLowerCase();
    const earlier = byAlias.get(key);
    if (earlier !== undefined) {
      throw new ConfigError(
        `persona "${registered.persona.alias}" is defined twice in ${shown(folder, options.cwd)}: ${basename(earlier.origin.file ?? '')} and ${basename(registered.origin.file ?? '')}; remove one`,
        { file: shown(registered.origin.file ?? folder, options.cwd) },
      );
    }
    byAlias.set(key, registered);
  }
  return [...byAlias.values()];
}

/** A plugin's programmatic source, every persona it returns validated and unique by alias. */
async function readPersonaSource({ source, plugin }: PluginPersonaSource): Promise<RegisteredPersona[]> {
  let returned: readonly PersonaV1[];
  try {
    returned = await source.load();
  } catch (error) {
    if (isQuorumError(error)) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new PluginError(plugin, `persona source "${source.name}" failed to load: ${detail}`, { cause: error });
  }
  if (!Array.isArray(returned)) {
    throw new PluginError(plugin, `persona source "${source.name}" must return a list of personas from load()`);
  }
  const byAlias = new Map<string, RegisteredPersona>();
  for (const [index, value] of returned.entries()) {
    let persona: PersonaV1;
    try {
      persona = validatePersona(value, { label: 'the persona' });
    } catch (error) {
      if (!isQuorumError(error)) throw error;
      throw new PluginError(plugin, `persona source "${source.name}" returned an invalid persona at index ${index}: ${error.message}`, { cause: error });
    }
    const key = persona.alias.toLowerCase();
    if (byAlias.has(key)) throw new PluginError(plugin, `persona source "${source.name}" returned persona "${persona.alias}" twice`);
    byAlias.set(key, { persona, origin: { source: plugin }, kind: 'plugin' });
  }
  return [...byAlias.values()];
}

/** The results in order; the first rejection in order is thrown once every promise has settled. */
async function settleInOrder<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<T>).value);
}

async function isDirectory(dir: string): Promise<boolean> {
  return (await stat(dir).catch(() => undefined))?.isDirectory() === true;
}

async function requireDirectory(dir: string, missing: () => Error): Promise<void> {
  if (!(await isDirectory(dir))) throw missing();
}

/** `a.yaml` before `a.yml`, then by name. */
function compareFiles(a: string, b: string): number {
  const [stemA, stemB] = [basename(a, extname(a)), basename(b, extname(b))];
  if (stemA !== stemB) return stemA < stemB ? -1 : 1;
  return PERSONA_EXTENSIONS.indexOf(extname(a)) - PERSONA_EXTENSIONS.indexOf(extname(b));
}

/** `relative/path` when inside `cwd`, the absolute path otherwise. */
function shown(file: string, cwd: string): string {
  const path = relative(cwd, resolve(file));
  return path !== '' && !path.startsWith('..') && !isAbsolute(path) ? path : resolve(file);
}
