import path from 'node:path';
import { aliasOfAuthor, type QuorumPluginV1 } from '@quorum/core';
import type { LoadedConfig, PluginRegistry, ResolvedStrategy } from '@quorum/config';
import type { ResolvedTemplate, TemplateContext } from '@quorum/compiler';
import type { PersonaRegistry } from '@quorum/personas';
import type { CliIo } from './cli-io.js';
import type { VoterFacts } from './discussion-report.js';

/**
 * The project a command runs in: its config and plugins, loaded on first use so that
 * commands that need neither stay fast.
 */
export class Project {
  private configPromise: Promise<LoadedConfig> | undefined;
  private pluginsPromise: Promise<PluginRegistry> | undefined;
  private templateContextPromise: Promise<TemplateContext> | undefined;
  private personasPromise: Promise<PersonaRegistry> | undefined;

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
      const [{ BUNDLED_TEMPLATES_DIR }, loaded, registry, participants] = await Promise.all([
        import('@quorum/compiler'),
        this.config(),
        this.plugins(),
        this.participantAliases(),
      ]);
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
        participants,
      };
    })();
    return this.templateContextPromise;
  }

  /**
   * The personas the project can use, by precedence: its `personas/` folder, config's
   * `personas.dirs`, the plugins' persona folders and sources, then the bundled personas.
   */
  personas(): Promise<PersonaRegistry> {
    this.personasPromise ??= (async () => {
      const [{ loadPersonas }, loaded, registry] = await Promise.all([import('@quorum/personas'), this.config(), this.plugins()]);
      const pluginOf = (kind: 'personas' | 'personaSources', item: string) =>
        registry.plugins.find((plugin) => plugin.contributes[kind].includes(item))?.meta.name ?? 'plugin';
      return loadPersonas({
        projectDir: loaded.projectDir,
        dirs: loaded.config.personas.dirs.map((dir) => path.resolve(loaded.projectDir, dir)),
        pluginDirs: registry.personaDirs.map((dir) => ({ dir, plugin: pluginOf('personas', dir) })),
        pluginSources: registry.personaSources.map((source) => ({ source, plugin: pluginOf('personaSources', source.name) })),
        cwd: this.io.cwd,
      });
    })();
    return this.personasPromise;
  }

  /** Aliases a discussion may name as participants: every persona's, and the voters config describes (people too). */
  async participantAliases(): Promise<ReadonlySet<string>> {
    const [loaded, personas] = await Promise.all([this.config(), this.personas()]);
    const voters = Object.entries(loaded.config.voters).flatMap(([key, facts]) => [aliasOfAuthor(key), ...(facts.aliases ?? [])]);
    return new Set([...personas.aliases(), ...voters]);
  }

  /** Config's voter facts with what persona files say folded in (background, weight); config's entries win. */
  async voterFacts(): Promise<VoterFacts> {
    const [{ voterFactsWithPersonas }, loaded, personas] = await Promise.all([import('./discussion-report.js'), this.config(), this.personas()]);
    return voterFactsWithPersonas(loaded.config.voters, personas.list().map((registered) => registered.persona));
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
  const [markers, voting, storage, compiler, openai, anthropic, ollama, command, mock] = await Promise.all([
    import('@quorum/markers'),
    import('@quorum/voting'),
    import('@quorum/storage-file'),
    import('@quorum/compiler'),
    import('@quorum/provider-openai'),
    import('@quorum/provider-anthropic'),
    import('@quorum/provider-ollama'),
    import('@quorum/provider-command'),
    import('@quorum/provider-mock'),
  ]);
  return [
    markers.markersPlugin,
    voting.votingPlugin,
    storage.fileStoragePlugin,
    compiler.conditionsPlugin,
    openai.openaiPlugin,
    anthropic.anthropicPlugin,
    ollama.ollamaPlugin,
    command.commandPlugin,
    mock.mockPlugin,
  ];
}
