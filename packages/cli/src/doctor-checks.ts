import { access, constants, stat } from 'node:fs/promises';
import path from 'node:path';
import { isQuorumError, type PersonaV1, type ProviderFactoryV1, type TurnDescriptionV1 } from '@quorum/core';
import type { LoadedConfig, PluginRegistry } from '@quorum/config';
import { secretRedactor, secretValues } from './model-setup.js';
import { originOf } from './plugin-listing.js';
import type { Project } from './project.js';
import { formatDiagnostic } from './template-diagnostics.js';

/** How a check came out: `note`s are facts worth knowing that need no action. */
export type CheckLevel = 'ok' | 'note' | 'warning' | 'problem';

/** One line of `quorum doctor`. */
export interface CheckResult {
  readonly level: CheckLevel;
  /** `config`, `plugins`, `templates`, `personas`, `storage` or `providers`; `checks` for the checks skipped after a failure. */
  readonly area: string;
  readonly message: string;
}

export interface DoctorOptions {
  /** Ask every configured provider a minimal request. */
  readonly online: boolean;
  /** Time limit of each online request, in milliseconds. */
  readonly timeoutMs: number;
}

/**
 * Environment variables that configure the built-in providers, for saying which is set and
 * which is missing (never their values). A plugin's provider speaks through its own `reason`.
 */
const PROVIDER_VARIABLES: Readonly<Record<string, readonly string[]>> = {
  anthropic: ['ANTHROPIC_API_KEY'],
  openai: ['OPENAI_API_KEY', 'OPENAI_BASE_URL'],
  ollama: ['OLLAMA_HOST'],
};

/**
 * Every check of `quorum doctor`, in order: config, plugins, templates, personas, storage,
 * providers. A check that cannot run because an earlier one failed says so once; nothing
 * here throws for a problem with the project, and no message contains a secret.
 */
export async function runDoctorChecks(project: Project, options: DoctorOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  await collectChecks(project, options, results);
  // Config and provider settings may hold keys too, when the config loads; the environment's always count.
  const redact = await secretRedactor(project).catch(() => {
    const secrets = secretValues(project.io.env, {});
    return (text: string) => secrets.reduce((out, secret) => out.split(secret).join('***'), text);
  });
  return results.map((result) => ({ ...result, message: redact(result.message) }));
}

async function collectChecks(project: Project, options: DoctorOptions, results: CheckResult[]): Promise<void> {
  const add = (level: CheckLevel, area: string, message: string) => results.push({ level, area, message });

  let loaded: LoadedConfig;
  try {
    loaded = await project.config();
  } catch (error) {
    add('problem', 'config', messageOf(error));
    add('note', 'checks', 'plugins, templates, personas, storage and providers were not checked because the config does not load');
    return;
  }
  if (loaded.filepath === null) add('note', 'config', `no config file found from ${project.display(project.io.cwd) || '.'} up; the defaults apply (quorum init writes one)`);
  else add('ok', 'config', `${project.display(loaded.filepath)} parses and is valid`);

  let registry: PluginRegistry;
  try {
    registry = await project.plugins();
  } catch (error) {
    add('problem', 'plugins', messageOf(error));
    add('note', 'checks', 'templates, personas, storage and providers were not checked because a plugin does not load');
    return;
  }
  const builtins = registry.plugins.filter((plugin) => plugin.source === 'builtin');
  add('ok', 'plugins', `${builtins.length} built-in plugins loaded`);
  for (const plugin of registry.plugins.filter((candidate) => candidate.source !== 'builtin')) {
    add('ok', 'plugins', `${plugin.meta.name} ${plugin.meta.version} loaded (${originOf(plugin)} ${plugin.source})`);
  }

  await checkTemplates(project, add);
  await checkPersonas(project, loaded, add);
  await checkStorage(project, loaded, registry, add);
  await checkProviders(project, loaded, registry, options, add);
}

type Add = (level: CheckLevel, area: string, message: string) => void;

async function checkTemplates(project: Project, add: Add): Promise<void> {
  try {
    const [{ findTemplates, validateTemplateFile }, context] = await Promise.all([import('@quorum/compiler'), project.templateContext()]);
    const listings = await findTemplates(context.dirs);
    if (listings.length === 0) add('warning', 'templates', `no templates found in ${context.dirs.map((dir) => project.display(dir)).join(', ')}`);
    for (const listing of listings) {
      const shown = project.display(listing.file);
      const diagnostics = await validateTemplateFile(listing.file, context).catch((error: unknown) => {
        if (!isQuorumError(error)) throw error;
        return [{ severity: 'error' as const, code: error.code, message: error.detail, file: error.file, line: error.line, column: error.column }];
      });
      for (const diagnostic of diagnostics) {
        add(diagnostic.severity === 'error' ? 'problem' : 'warning', 'templates', formatDiagnostic(project, diagnostic, shown));
      }
      if (!diagnostics.some((diagnostic) => diagnostic.severity === 'error')) add('ok', 'templates', `${listing.id} (${shown}) compiles`);
    }
  } catch (error) {
    add('problem', 'templates', messageOf(error));
  }
}

async function checkPersonas(project: Project, loaded: LoadedConfig, add: Add): Promise<void> {
  try {
    const [{ describeOrigin, unknownParticipantMessage }, registry, aliases] = await Promise.all([
      import('@quorum/personas'),
      project.personas(),
      project.participantAliases(),
    ]);
    const display = (file: string) => project.display(file);
    const list = registry.list();
    const origins = new Map<string, number>();
    for (const registered of list) {
      const origin = describeOrigin(registered, display);
      origins.set(origin, (origins.get(origin) ?? 0) + 1);
    }
    add('ok', 'personas', `${list.length} personas load (${[...origins].map(([origin, count]) => `${count} ${origin}`).join(', ')})`);
    for (const registered of list) {
      for (const hidden of registry.shadowed(registered.persona.alias)) {
        add('note', 'personas', `${registered.persona.alias} (${describeOrigin(registered, display)}) replaces the ${describeOrigin(hidden, display)} persona of that alias`);
      }
    }
    for (const alias of loaded.config.participants) {
      if (!aliases.has(alias)) add('problem', 'personas', `participants in the config: ${unknownParticipantMessage(alias, aliases)}`);
    }
  } catch (error) {
    add('problem', 'personas', messageOf(error));
  }
}

async function checkStorage(project: Project, loaded: LoadedConfig, registry: PluginRegistry, add: Add): Promise<void> {
  const { backend, options } = loaded.config.storage;
  if (backend === 'file') {
    const dir = typeof options['dir'] === 'string' ? path.resolve(loaded.projectDir, options['dir']) : await project.discussionsDir();
    const shown = project.display(dir) || '.';
    const info = await stat(dir).catch(() => undefined);
    if (info === undefined) {
      const parent = await nearestExisting(path.dirname(dir));
      if (await writable(parent)) add('ok', 'storage', `${shown}/ does not exist yet; quorum new creates it`);
      else add('problem', 'storage', `${shown}/ does not exist and ${project.display(parent) || '.'} is not writable; create it or change discussions.dir`);
    } else if (!info.isDirectory()) {
      add('problem', 'storage', `${shown} is not a folder; discussions.dir must name a folder`);
    } else if (!(await writable(dir))) {
      add('problem', 'storage', `${shown}/ is not writable; quorum new and quorum comment cannot write there`);
    } else {
      add('ok', 'storage', `${shown}/ exists and is writable`);
    }
    return;
  }
  try {
    const { resolveStorage } = await import('@quorum/config');
    const storage = resolveStorage(registry, loaded.config, loaded.projectDir, loaded.source);
    const discussions = await storage.list();
    add('ok', 'storage', `storage "${backend}" opens and holds ${discussions.length} discussion${discussions.length === 1 ? '' : 's'}`);
  } catch (error) {
    add('problem', 'storage', messageOf(error));
  }
}

async function checkProviders(project: Project, loaded: LoadedConfig, registry: PluginRegistry, options: DoctorOptions, add: Add): Promise<void> {
  const { resolveProviderSettings } = await import('@quorum/config');
  let settings: Record<string, Record<string, unknown>>;
  try {
    settings = resolveProviderSettings(registry, loaded.config, loaded.source);
  } catch (error) {
    add('problem', 'providers', messageOf(error));
    return;
  }
  const environment = { env: project.io.env, projectDir: loaded.projectDir };
  const configured: [string, ProviderFactoryV1][] = [];
  for (const [name, factory] of registry.providers) {
    let status: { ok: boolean; reason: string };
    try {
      status = factory.configured(settings[name] ?? {}, environment);
    } catch (error) {
      add('problem', 'providers', `${name}: checking its settings failed: ${messageOf(error)}`);
      continue;
    }
    if (status.ok) {
      configured.push([name, factory]);
      const set = (PROVIDER_VARIABLES[name] ?? []).filter((variable) => nonEmpty(project.io.env[variable]));
      const detail = set.length > 0 ? `${set.join(' and ')} set` : status.reason;
      add('ok', 'providers', `${name} is configured${detail === '' ? '' : ` (${detail})`}`);
    } else {
      // Each provider's reason names what is missing (ANTHROPIC_API_KEY is not set…), never a value.
      add('note', 'providers', `${name} is not configured${status.reason === '' ? '' : `: ${status.reason}`}`);
    }
  }
  await checkDefaultModel(project, configured.map(([name]) => name).filter((name) => name !== 'mock'), add);
  if (!options.online) return;
  for (const [name, factory] of configured) {
    if (name === 'mock') {
      add('ok', 'providers', 'mock answers offline; nothing to ask');
      continue;
    }
    add(...(await askOnce(name, factory, settings[name] ?? {}, environment, options.timeoutMs)));
  }
}

/**
 * Which model `quorum run` asks when nothing but the config decides (no --provider, no persona
 * or template hint). `configured` names the configured providers other than the mock.
 */
async function checkDefaultModel(project: Project, configured: readonly string[], add: Add): Promise<void> {
  try {
    const { createModelRouter } = await import('./model-setup.js');
    const notices: string[] = [];
    const { router } = await createModelRouter(project, { redact: (text) => text, notice: (message) => notices.push(message) });
    const [first] = router.chainFor(DOCTOR_PERSONA);
    if (first === undefined || (first.id.startsWith('mock:') && notices.some((notice) => notice.startsWith('no LLM provider is configured')))) {
      const simulated = "quorum run is answered by the mock provider's simulated personas";
      add(
        'note',
        'providers',
        configured.length === 0
          ? `no LLM provider is configured, so ${simulated}; set ANTHROPIC_API_KEY, OPENAI_API_KEY or OLLAMA_HOST, or providers.default, to use a real model`
          : `${simulated}, because providers.default names no model; set it (e.g. providers.default: ${configured[0]}) to use ${configured.join(' or ')}`,
      );
      return;
    }
    add('ok', 'providers', `quorum run uses ${first.id} by default${notices.length > 0 ? ` (${notices.join('; ')})` : ''}`);
  } catch (error) {
    add('problem', 'providers', messageOf(error));
  }
}

/** One tiny generate call through the provider, within the time limit. */
async function askOnce(
  name: string,
  factory: ProviderFactoryV1,
  settings: Readonly<Record<string, unknown>>,
  environment: { env: NodeJS.ProcessEnv; projectDir: string },
  timeoutMs: number,
): Promise<[CheckLevel, string, string]> {
  const started = Date.now();
  try {
    const provider = factory.create(settings, environment);
    const result = await provider.generate({
      model: '',
      system: 'You check that a connection works. Reply with the JSON object {"ok": true} and nothing else.',
      messages: [{ role: 'user', content: [{ text: 'Reply with {"ok": true}.' }] }],
      responseSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'], additionalProperties: false },
      responseSchemaName: 'quorum_doctor',
      maxOutputTokens: 20,
      temperature: 0,
      signal: AbortSignal.timeout(timeoutMs),
      turn: DOCTOR_TURN,
    });
    return ['ok', 'providers', `${name} answered a minimal request (model ${result.model}, ${Date.now() - started} ms)`];
  } catch (error) {
    const message = messageOf(error);
    return ['problem', 'providers', message.startsWith(`${name}:`) ? message : `${name}: ${message}`];
  }
}

const DOCTOR_PERSONA: PersonaV1 = {
  name: 'AI-Doctor',
  alias: 'doctor',
  role: 'Connection check',
  personality: 'You check that a connection works.',
  expertise: [],
  concerns: [],
  type: 'background',
};

const DOCTOR_TURN: TurnDescriptionV1 = {
  discussion: 'quorum-doctor.md',
  title: 'Connection check',
  context: '',
  persona: DOCTOR_PERSONA,
  phase: { id: 'check', title: 'Check', goal: 'Answer once', instructions: '', voting: false },
  round: 1,
  maxRounds: 1,
  participants: ['doctor'],
  comments: [],
  openQuestions: [],
  callout: null,
};

function messageOf(error: unknown): string {
  if (isQuorumError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}

async function writable(dir: string): Promise<boolean> {
  return access(dir, constants.W_OK).then(
    () => true,
    () => false,
  );
}

async function nearestExisting(dir: string): Promise<string> {
  for (let current = dir; ; current = path.dirname(current)) {
    if ((await stat(current).catch(() => undefined)) !== undefined || path.dirname(current) === current) return current;
  }
}
