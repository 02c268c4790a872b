import path from 'node:path';
import { InvalidInputError, type ProviderV1 } from '@quorum/core';
import type { ModelRouter } from '@quorum/engine';
import type { Project } from './project.js';

/**
 * How a command that asks personas picks its models: `quorum run`, `quorum turn` and
 * `quorum summarize` share it, so `--provider`, persona hints, the template's provider,
 * `providers.default`/`fallback`, cassettes and the simulated-persona fallback behave the
 * same everywhere, and every notice is free of secrets.
 */
export interface RouterOptions {
  /** `--provider`: one model for the whole command. */
  readonly provider?: string | undefined;
  /** `--record FILE`: save every reply to a cassette. */
  readonly record?: string | undefined;
  /** `--replay FILE`: answer from a cassette, with no provider calls. */
  readonly replay?: string | undefined;
  /** The template's `provider`, when the discussion has a template. */
  readonly templateModel?: string | null | undefined;
  /** Removes secrets; applied to every notice before `notice` sees it. */
  readonly redact: (text: string) => string;
  /** One-line notices from the router (a hint that falls through, the simulated fallback). */
  readonly notice: (message: string) => void;
}

export interface RouterSetup {
  readonly router: ModelRouter;
  /** `providers.<name>` settings with each provider's defaults filled (for `--verbose`). */
  readonly settings: Record<string, Record<string, unknown>>;
}

/** The router over the project's provider plugins and config, with `--provider`, `--record` and `--replay` applied. */
export async function createModelRouter(project: Project, options: RouterOptions): Promise<RouterSetup> {
  const [engine, { resolveProviderSettings }, loaded, registry] = await Promise.all([import('@quorum/engine'), import('@quorum/config'), project.config(), project.plugins()]);
  const { config } = loaded;
  const settings = resolveProviderSettings(registry, config, loaded.source);
  let override = options.provider;
  if (options.replay !== undefined) {
    if (options.provider !== undefined || options.record !== undefined) throw new InvalidInputError('--replay answers from the cassette; it cannot be combined with --provider or --record');
    override = 'mock';
    settings['mock'] = { ...settings['mock'], mode: 'scripted', cassette: path.resolve(project.io.cwd, options.replay), strict: true };
  }
  let wrapProvider: ((provider: ProviderV1) => ProviderV1) | undefined;
  if (options.record !== undefined) {
    const { createRecorder } = await import('@quorum/provider-mock');
    const recorder = createRecorder(path.resolve(project.io.cwd, options.record));
    wrapProvider = (provider) => recorder.wrap(provider);
  }
  const router = new engine.ModelRouter({
    factories: registry.providers,
    settings,
    defaultModel: config.providers.default,
    fallback: config.providers.fallback,
    override,
    templateModel: options.templateModel,
    environment: { env: project.io.env, projectDir: loaded.projectDir },
    notice: (message) => options.notice(options.redact(message)),
    wrapProvider,
  });
  return { router, settings };
}

/** Replaces every API key and token the project knows of (environment and provider settings) by `***`. */
export async function secretRedactor(project: Project): Promise<(text: string) => string> {
  const { config } = await project.config();
  const secrets = secretValues(project.io.env, config.providers);
  return (text) => secrets.reduce((out, secret) => out.split(secret).join('***'), text);
}

/**
 * Values that must never be shown: API keys and tokens from the environment and from provider
 * settings (`apiKey`, and header values such as `Authorization`). A setting that names an
 * environment variable (`apiKeyEnv: LOCAL_LLM_KEY`) holds no secret: its value stays visible,
 * so messages can say which variable to set.
 */
export function secretValues(env: NodeJS.ProcessEnv, providers: Record<string, unknown>): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value.length >= 8 && /KEY|TOKEN|SECRET|PASSWORD/i.test(name)) values.add(value);
  }
  for (const block of Object.values(providers)) {
    if (typeof block !== 'object' || block === null) continue;
    for (const [key, value] of Object.entries(block)) {
      if (typeof value === 'string' && value.length >= 8 && /key|token|secret|password/i.test(key) && !/Env$/.test(key)) values.add(value);
      if (key === 'headers' && typeof value === 'object' && value !== null) {
        for (const [header, text] of Object.entries(value)) {
          if (typeof text === 'string' && text.length >= 8 && /key|token|secret|password|auth|cookie/i.test(header)) values.add(text);
        }
      }
    }
  }
  // Longest first, so a key that contains another is removed whole.
  return [...values].sort((a, b) => b.length - a.length);
}
