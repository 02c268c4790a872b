import path from 'node:path';
import type { QuorumPluginV1 } from '@quorum/core';
import type { LoadedConfig, PluginRegistry, ResolvedStrategy } from '@quorum/config';
import type { CliIo } from './cli-io.js';

/**
 * The project a command runs in: its config and plugins, loaded on first use so that
 * commands that need neither stay fast.
 */
export class Project {
  private configPromise: Promise<LoadedConfig> | undefined;
  private pluginsPromise: Promise<PluginRegistry> | undefined;

  constructor(
    readonly io: CliIo,
    private readonly configFile: string | undefined,
  ) {}

  config(): Promise<LoadedConfig> {
    this.configPromise ??= import('@quorum/config').then(({ loadConfig }) =>
      loadConfig({ cwd: this.io.cwd, configFile: this.configFile }));
    return this.configPromise;
  }

  plugins(): Promise<PluginRegistry> {
    this.pluginsPromise ??= (async () => {
      const [{ loadPlugins }, loaded, builtins] = await Promise.all([import('@quorum/config'), this.config(), builtinPlugins()]);
      return loadPlugins(loaded.config, { projectDir: loaded.projectDir, builtins, source: loaded.source });
    })();
    return this.pluginsPromise;
  }

  /** The voting strategy and options from config, checked against the strategy's schema. */
  async strategy(): Promise<ResolvedStrategy> {
    const [{ resolveStrategyOptions, selectionAt }, loaded, registry] = await Promise.all([import('@quorum/config'), this.config(), this.plugins()]);
    const { strategy, options } = loaded.config.voting;
    return resolveStrategyOptions(registry, strategy, options, selectionAt(loaded.source, ['voting'], 'strategy'));
  }

  /** The discussions directory from config, absolute. */
  async discussionsDir(): Promise<string> {
    const loaded = await this.config();
    return path.resolve(loaded.projectDir, loaded.config.discussions.dir);
  }

  /** A path as people should see it: relative to the working directory when inside it. */
  display(file: string): string {
    const relative = path.relative(this.io.cwd, file);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
  }

  warn(message: string): void {
    this.io.err(`quorum: ${message}\n`);
  }
}

/** Built-in behaviour arrives through the same plugin contract as third-party plugins. */
async function builtinPlugins(): Promise<QuorumPluginV1[]> {
  const [markers, voting, storage] = await Promise.all([import('@quorum/markers'), import('@quorum/voting'), import('@quorum/storage-file')]);
  return [markers.markersPlugin, voting.votingPlugin, storage.fileStoragePlugin];
}
