import {
  InvalidInputError,
  didYouMean,
  parseModelId,
  type PersonaV1,
  type ProviderEnvironment,
  type ProviderFactoryV1,
  type ProviderV1,
} from '@quorum/core';

/** One model a participant may be asked through. */
export interface ModelChoice {
  /** `provider:model`, as events and USAGE lines name it. */
  readonly id: string;
  readonly provider: ProviderV1;
  /** The model passed to the provider ('' for its default). */
  readonly model: string;
}

export interface ModelRouterOptions {
  readonly factories: ReadonlyMap<string, ProviderFactoryV1>;
  /** `providers.<name>` settings from config, with each provider's schema defaults filled. */
  readonly settings: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** `providers.default` from config. */
  readonly defaultModel?: string | undefined;
  /** `providers.fallback` from config. */
  readonly fallback?: readonly string[];
  /** `--provider`: decides for the whole run. */
  readonly override?: string | undefined;
  /** The template's `provider`. */
  readonly templateModel?: string | null | undefined;
  readonly environment: ProviderEnvironment;
  /** One-line notices (a hint that falls through, the simulated-persona fallback). */
  readonly notice: (message: string) => void;
  /** Wraps every provider instance once (`--record` saves the replies this way). */
  readonly wrapProvider?: ((provider: ProviderV1) => ProviderV1) | undefined;
}

/** Providers tried, in this order, when nothing names one: whichever has a key or host in the environment. */
const IMPLICIT_DEFAULTS = ['anthropic', 'openai', 'ollama'];

/**
 * Decides which models answer for a persona. `--provider` decides for the whole run;
 * otherwise the persona's hint, then the template's, then `providers.default` (or, without
 * one, the first of Anthropic, OpenAI and Ollama with a key or host in the environment), each
 * followed by `providers.fallback`. A choice whose provider is not configured falls through to
 * the next, with a notice. When nothing is configured at all, the mock provider's simulated
 * personas answer, and a notice says how to configure a real provider.
 */
export class ModelRouter {
  private readonly instances = new Map<string, ProviderV1>();
  private readonly noticed = new Set<string>();

  constructor(private readonly options: ModelRouterOptions) {
    if (options.override !== undefined) {
      const { provider } = this.checkKnown(options.override, '--provider');
      const status = this.configuredStatus(provider);
      if (!status.ok) throw new InvalidInputError(`--provider ${options.override} cannot be used: ${status.reason}`);
    }
    if (options.defaultModel !== undefined) this.checkKnown(options.defaultModel, 'providers.default');
    for (const id of options.fallback ?? []) this.checkKnown(id, 'providers.fallback');
  }

  /** The models to try for `persona`, best first; never empty. */
  chainFor(persona: PersonaV1): ModelChoice[] {
    const { options } = this;
    const wanted: { id: string; why: string }[] = [];
    if (options.override !== undefined) {
      wanted.push({ id: options.override, why: '--provider' });
    } else {
      if (persona.provider !== undefined) wanted.push({ id: persona.provider, why: `persona ${persona.alias}'s hint` });
      if (options.templateModel) wanted.push({ id: options.templateModel, why: "the template's provider" });
      if (options.defaultModel !== undefined) wanted.push({ id: options.defaultModel, why: 'providers.default' });
      else for (const name of IMPLICIT_DEFAULTS) if (options.factories.has(name)) wanted.push({ id: name, why: 'the environment' });
    }
    for (const id of options.fallback ?? []) wanted.push({ id, why: 'providers.fallback' });

    const chain: ModelChoice[] = [];
    for (const { id, why } of wanted) {
      const { provider, model } = parseModelId(id);
      if (!options.factories.has(provider)) {
        this.noticeOnce(`unknown:${provider}`, `${why} names the provider "${provider}", which no plugin provides${didYouMean(provider, [...options.factories.keys()])}; skipping it`);
        continue;
      }
      const status = this.configuredStatus(provider);
      if (!status.ok) {
        // Implicit defaults are only candidates: their absence is not news.
        if (why !== 'the environment') this.noticeOnce(`unconfigured:${provider}`, `${why} prefers ${id}, but ${status.reason}; using the next choice`);
        continue;
      }
      const instance = this.instance(provider);
      const chosen = model !== '' ? model : (persona.model ?? '');
      const choice = { id: `${provider}:${chosen === '' ? instance.defaultModel : chosen}`, provider: instance, model: chosen };
      if (!chain.some((c) => c.id === choice.id)) chain.push(choice);
    }
    if (chain.length === 0) chain.push(this.simulated());
    return chain;
  }

  private simulated(): ModelChoice {
    if (!this.options.factories.has('mock')) {
      throw new InvalidInputError('no LLM provider is configured and the mock provider is not loaded; set providers.default in quorum.config.yaml');
    }
    this.noticeOnce(
      'simulated',
      'no LLM provider is configured (no ANTHROPIC_API_KEY, OPENAI_API_KEY or OLLAMA_HOST, no providers.default), so simulated personas (the mock provider) answer; set one of those variables or providers.default in quorum.config.yaml to use a real model',
    );
    const instance = this.instance('mock');
    return { id: `mock:${instance.defaultModel}`, provider: instance, model: '' };
  }

  private checkKnown(id: string, where: string): { provider: string; model: string } {
    const parsed = parseModelId(id);
    if (!this.options.factories.has(parsed.provider)) {
      throw new InvalidInputError(
        `${where} names the provider "${parsed.provider}", which no plugin provides${didYouMean(parsed.provider, [...this.options.factories.keys()])}; known providers: ${[...this.options.factories.keys()].join(', ')}`,
      );
    }
    return parsed;
  }

  private configuredStatus(provider: string): { ok: boolean; reason: string } {
    const factory = this.options.factories.get(provider);
    if (factory === undefined) return { ok: false, reason: `no plugin provides "${provider}"` };
    return factory.configured(this.options.settings[provider] ?? {}, this.options.environment);
  }

  private instance(provider: string): ProviderV1 {
    let instance = this.instances.get(provider);
    if (instance === undefined) {
      const factory = this.options.factories.get(provider)!;
      instance = factory.create(this.options.settings[provider] ?? {}, this.options.environment);
      if (this.options.wrapProvider !== undefined) instance = this.options.wrapProvider(instance);
      this.instances.set(provider, instance);
    }
    return instance;
  }

  private noticeOnce(key: string, message: string): void {
    if (this.noticed.has(key)) return;
    this.noticed.add(key);
    this.options.notice(message);
  }
}
