import { stat } from 'node:fs/promises';
import { basename, dirname, relative, resolve } from 'node:path';
import { ConfigError, isQuorumError } from '@quorum/core';
import { cosmiconfig, defaultLoaders, type Loader } from 'cosmiconfig';
import type { QuorumConfig } from './config-schema.js';
import { resolveConfig } from './resolve-config.js';
import type { PathSegment, ValueSource } from './value-source.js';
import { loadYamlDocument } from './yaml-document.js';

const RC_EXTENSIONS = ['', '.json', '.yaml', '.yml', '.js', '.mjs', '.cjs'];

/** Where a config is looked for in each directory, in this order (cosmiconfig's). */
export const CONFIG_SEARCH_PLACES: readonly string[] = [
  'package.json',
  ...RC_EXTENSIONS.map((extension) => `.quorumrc${extension}`),
  ...RC_EXTENSIONS.map((extension) => `.config/quorumrc${extension}`),
  ...['json', 'yaml', 'yml', 'js', 'mjs', 'cjs', 'ts'].map((extension) => `quorum.config.${extension}`),
];

export interface LoadConfigOptions {
  /** Where the search starts, and what file names in messages are relative to. */
  readonly cwd: string;
  /** A config file to use instead of searching, relative to `cwd`. */
  readonly configFile?: string | undefined;
}

export interface LoadedConfig {
  readonly config: QuorumConfig;
  /** The config file, absolute; null when none was found and the defaults apply. */
  readonly filepath: string | null;
  /** The directory relative paths in the config are resolved from (the config file's). */
  readonly projectDir: string;
  /** Where the config was read from, so later checks (plugin options, storage) can locate problems. */
  readonly source: ValueSource;
}

/** What our loaders hand to cosmiconfig: the value plus how to locate its parts. */
class ConfigFileContent {
  constructor(
    readonly value: unknown,
    readonly source: ValueSource,
  ) {}
}

/**
 * Finds and validates the project config. Searches from `cwd` upwards and stops at the
 * first directory holding a `package.json` (cosmiconfig's `project` strategy). YAML and
 * JSON files (package.json too) are read with {@link loadYamlDocument}, so every problem
 * has a line and column; JavaScript and TypeScript configs are imported and their
 * problems named by path. With no config, the defaults apply with `projectDir = cwd`.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const cwd = resolve(options.cwd);
  const display = (filepath: string) => relative(cwd, filepath) || filepath;
  const explorer = cosmiconfig('quorum', {
    searchPlaces: [...CONFIG_SEARCH_PLACES],
    searchStrategy: 'project',
    ignoreEmptySearchPlaces: false,
    cache: false,
    loaders: {
      '.json': yamlLoader(display),
      '.yaml': yamlLoader(display),
      '.yml': yamlLoader(display),
      noExt: yamlLoader(display),
      '.js': moduleLoader(defaultLoaders['.js'], display),
      '.mjs': moduleLoader(defaultLoaders['.mjs'], display),
      '.cjs': moduleLoader(defaultLoaders['.cjs'], display),
      '.ts': moduleLoader(defaultLoaders['.ts'], display),
    },
  });

  const configFile = options.configFile === undefined ? undefined : await existingFile(cwd, options.configFile);
  let result;
  try {
    result = configFile === undefined ? await explorer.search(cwd) : await explorer.load(configFile);
  } catch (error) {
    if (isQuorumError(error)) throw error;
    const filepath = (error as { filepath?: string }).filepath ?? configFile;
    throw new ConfigError(`cannot load the config: ${firstLine(error)}`, {
      file: filepath === undefined ? undefined : display(filepath),
      cause: error,
    });
  }
  if (result === null) {
    if (configFile !== undefined) {
      throw new ConfigError('this package.json has no "quorum" key', { file: display(configFile) });
    }
    return { config: resolveConfig({}, { label: 'config' }), filepath: null, projectDir: cwd, source: {} };
  }
  const content =
    result.config instanceof ConfigFileContent
      ? result.config
      : new ConfigFileContent({}, { file: display(result.filepath), label: 'config' });
  return {
    config: resolveConfig(content.value, content.source),
    filepath: result.filepath,
    projectDir: projectDirOf(result.filepath),
    source: content.source,
  };
}

/** The config file's directory, or the one above for `.config/quorumrc*`. */
function projectDirOf(filepath: string): string {
  const directory = dirname(filepath);
  return basename(directory) === '.config' ? dirname(directory) : directory;
}

function yamlLoader(display: (filepath: string) => string): Loader {
  return (filepath, content) => {
    const file = display(filepath);
    const { value, locate } = loadYamlDocument(content, file);
    if (basename(filepath) !== 'package.json') {
      return new ConfigFileContent(value ?? {}, { file, locate, label: 'config' });
    }
    const found = typeof value === 'object' && value !== null && Object.hasOwn(value, 'quorum');
    const path: PathSegment[] = ['quorum'];
    // cosmiconfig then takes the `quorum` property, and skips a package.json without one.
    return found
      ? { quorum: new ConfigFileContent((value as { quorum: unknown }).quorum, { file, locate, path }) }
      : {};
  };
}

function moduleLoader(load: Loader, display: (filepath: string) => string): Loader {
  return async (filepath, content) => {
    const file = display(filepath);
    try {
      return new ConfigFileContent(await load(filepath, content), { file, label: 'config' });
    } catch (error) {
      throw new ConfigError(`cannot load the config: ${firstLine(error)}`, { file, cause: error });
    }
  };
}

/** The absolute path of a config file named explicitly, which must exist. */
async function existingFile(cwd: string, given: string): Promise<string> {
  const filepath = resolve(cwd, given);
  const stats = await stat(filepath).catch(() => undefined);
  if (stats === undefined) throw new ConfigError('the config file does not exist', { file: given });
  if (!stats.isFile()) throw new ConfigError('the config file is not a file', { file: given });
  return filepath;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n').find((line) => line.trim() !== '') ?? message;
}
