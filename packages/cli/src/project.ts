import path from 'node:path';
import type { QuorumPluginV1 } from '@quorum/core';
import type { LoadedConfig, PluginRegistry, ResolvedStrategy } from '@quorum/config';
import type { ResolvedTemplate, TemplateContext } from '@quorum/compiler';
import type { CliIo } from './cli-io.js';

/**
 * The project a command runs in: its config and plugins, loaded on first use so that
 * commands that need neither stay fast.
 */
export class Project {
  private configPromise: Promise<LoadedConfig> | undefined;
  private pluginsPromise: Promise<PluginRegistry> | undefined;
  private templateContextPromise: Promise<TemplateContext> | undefined;

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

  /**
   * The voting strategy and its checked options: the template's voting block when a template
   * is given, else the config's. When both name the same strategy, the template's options
   * are layered over the config's (so a project can require a human vote in every template).
   */
  async strategy(template?: Pick<ResolvedTemplate, 'voting'>): Promise<ResolvedStrategy> {
    const [{ resolveStrategyOptions, selectionAt }, loaded, registry] = await Promise.all([import('@quorum/config'), this.config(), this.plugins()]);
    const configured = loaded.config.voting;
    if (template === undefined) {
      return resolveStrategyOptions(registry, configured.strategy, configured.options, selectionAt(loaded.source, ['voting'], 'strategy'));
    }
    const { strategy, options } = template.voting;
    return resolveStrategyOptions(registry, strategy, strategy === configured.strategy ? { ...configured.options, ...options } : options);
  }

  templateContext(): Promise<TemplateContext> {
    this.templateContextPromise ??= (async () => {
      const [{ BUNDLED_TEMPLATES_DIR }, loaded, registry] = await Promise.all([import('@quorum/compiler'), this.config(), this.plugins()]);
      const dirs = [
        path.join(loaded.projectDir, 'templates'),
        ...loaded.config.templates.dirs.map((dir) => path.resolve(loaded.projectDir, dir)),
        ...registry.templateDirs.map((dir) => path.resolve(loaded.projectDir, dir)),
        BUNDLED_TEMPLATES_DIR,
      ];
      return {
        dirs: [...new Set(dirs.map((dir) => path.resolve(dir)))],
        cwd: this.io.cwd,
        conditions: registry.conditions,
        strategies: registry.votingStrategies,
      };
    })();
    return this.templateContextPromise;
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
  const [markers, voting, storage, compiler] = await Promise.all([
    import('@quorum/markers'),
    import('@quorum/voting'),
    import('@quorum/storage-file'),
    import('@quorum/compiler'),
  ]);
  return [markers.markersPlugin, voting.votingPlugin, storage.fileStoragePlugin, compiler.conditionsPlugin];
}
