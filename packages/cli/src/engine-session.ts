import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidInputError, aliasOfAuthor, type PersonaV1, type ProviderV1 } from '@quorum/core';
import type { EngineEvent, RunResult, StrategyChoice, VoterFact } from '@quorum/engine';
import { discussionFile } from './open-discussion.js';
import { loadNamedTemplate } from './load-named-template.js';
import { voterFactsOf } from './discussion-report.js';
import type { Project } from './project.js';
import { RunProgress, type ProgressMode } from './run-progress.js';

/** What `quorum run` and `quorum turn` share. */
export interface SessionOptions {
  /** `--provider`: one model for the whole run. */
  readonly provider?: string | undefined;
  readonly maxTurns?: number | undefined;
  readonly maxCost?: number | undefined;
  readonly responders?: readonly string[] | undefined;
  readonly callout?: string | undefined;
  /** `--record FILE`: save every reply to a cassette. */
  readonly record?: string | undefined;
  /** `--replay FILE`: answer from a cassette, with no provider calls. */
  readonly replay?: string | undefined;
  readonly json?: boolean | undefined;
  /** `--events FILE`: also write the events as JSON Lines there. */
  readonly events?: string | undefined;
  /** `--verbose`: say which models answer each participant and with which provider settings. */
  readonly verbose?: boolean | undefined;
}

/**
 * Runs the discussion in `file` with the engine: the project's config, plugins, personas,
 * template and providers, progress on stderr (or JSON Lines on stdout with --json), the
 * event log when asked for, and Ctrl-C as a clean stop.
 */
export async function runSession(project: Project, file: string, options: SessionOptions): Promise<RunResult> {
  const [engine, { compileTemplate }, { resolveProviderSettings }, loaded, registry, personas, facts] = await Promise.all([
    import('@quorum/engine'),
    import('@quorum/compiler'),
    import('@quorum/config'),
    project.config(),
    project.plugins(),
    project.personas(),
    project.voterFacts(),
  ]);
  const { config } = loaded;
  const { storage, id } = await discussionFile(project, file);
  const opened = await storage.load(id);
  const templateId = opened.discussion.header.fields.find((f) => f.key.toLowerCase() === 'template')?.value;
  if (templateId === undefined || templateId === '') {
    throw new InvalidInputError(`${file} has no Template header, so it has no phases to run; create it with quorum new --template (or quorum run --template)`);
  }
  const template = await loadNamedTemplate(project, templateId);
  const compiled = compileTemplate(template, { conditions: registry.conditions });

  const strategies = new Map<string, StrategyChoice>();
  for (const phase of template.phases) strategies.set(phase.id, await project.strategy({ voting: phase.votingRule ?? template.voting }));

  const personaOf = (alias: string): PersonaV1 | undefined => personas.get(alias)?.persona;
  const voterFact = (voter: string): VoterFact | undefined => {
    const persona = personas.byAuthor(voter)?.persona;
    return voterFactsOf(facts, voter) ?? (persona === undefined ? undefined : voterFactsOf(facts, persona.alias));
  };

  const secrets = secretValues(project.io.env, config.providers);
  const redact = (text: string) => secrets.reduce((out, secret) => out.split(secret).join('***'), text);
  const mode: ProgressMode = options.json ? 'json' : project.io.stderrIsTty ? 'live' : 'plain';
  const progress = new RunProgress(mode, await progressOutput(project, mode));
  const eventLog = options.events !== undefined ? path.resolve(project.io.cwd, options.events) : config.engine.eventLog ? path.join(storage.dir, `${id}.events.jsonl`) : undefined;
  // One write after the other, so the log keeps the order the events happened in.
  let logged: Promise<void> = Promise.resolve();
  const onEvent = (event: EngineEvent) => {
    const safe = JSON.parse(redact(JSON.stringify(event))) as EngineEvent;
    progress.handle(safe);
    if (eventLog !== undefined) logged = logged.then(() => appendFile(eventLog, `${JSON.stringify(safe)}\n`));
  };

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
    templateModel: template.provider,
    environment: { env: project.io.env, projectDir: loaded.projectDir },
    notice: (message) => onEvent({ type: 'notice', message: redact(message), time: new Date().toISOString() }),
    wrapProvider,
  });

  if (options.verbose) {
    const participants = new Set(template.phases.flatMap((phase) => engine.participantsOfPhase(template, phase, opened.discussion)));
    for (const alias of participants) {
      const persona = personaOf(alias);
      project.io.err(`${alias}: ${persona === undefined ? 'a person (comments with quorum comment)' : router.chainFor(persona).map((choice) => choice.id).join(' -> ')}\n`);
    }
    for (const [name, values] of Object.entries(settings)) {
      if (Object.keys(values).length > 0) project.io.err(`providers.${name}: ${redact(JSON.stringify(maskSecrets(values)))}\n`);
    }
  }

  const controller = new AbortController();
  const stop = () => {
    if (controller.signal.aborted) process.exit(130);
    project.warn('stopping after the replies in progress are written (Ctrl-C again to quit at once)');
    controller.abort();
  };
  process.once('SIGINT', stop);
  try {
    const result = await engine.runDiscussion({
      storage,
      discussion: id,
      compiled,
      persona: personaOf,
      markerSets: registry.markerSets,
      strategyFor: (phase) => strategies.get(phase.id)!,
      voterFact,
      router,
      resilience: config.engine,
      concurrency: config.engine.concurrency,
      prices: new engine.PriceTable(config.pricing),
      limits: { maxCost: options.maxCost ?? config.budget.maxCost ?? null, maxTurns: options.maxTurns ?? null },
      responders: options.responders,
      callout: options.callout,
      humanCommand: () => `quorum comment ${project.display(path.join(storage.dir, id))} "…" --author "<your name>" --vote READY`,
      onEvent,
      signal: controller.signal,
      redact,
      random: Math.random,
      clock: () => new Date(),
    });
    await logged;
    return result;
  } finally {
    process.removeListener('SIGINT', stop);
  }
}

/** Values that must never be shown: API keys and tokens from the environment and from provider settings. */
export function secretValues(env: NodeJS.ProcessEnv, providers: Record<string, unknown>): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value.length >= 8 && /KEY|TOKEN|SECRET|PASSWORD/i.test(name)) values.add(value);
  }
  for (const block of Object.values(providers)) {
    if (typeof block !== 'object' || block === null) continue;
    for (const [key, value] of Object.entries(block)) {
      if (typeof value === 'string' && value.length >= 8 && /key|token|secret|password/i.test(key)) values.add(value);
    }
  }
  // Longest first, so a key that contains another is removed whole.
  return [...values].sort((a, b) => b.length - a.length);
}

/** Provider settings as they may be shown: values of key, token, secret and password settings masked. */
function maskSecrets(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, /key|token|secret|password/i.test(key) && value !== undefined ? '***' : value]));
}

async function progressOutput(project: Project, mode: ProgressMode) {
  const line = (text: string) => project.io.err(`${text}\n`);
  const json = (text: string) => project.io.out(`${text}\n`);
  if (mode !== 'live') return { line, json };
  const { createLogUpdate } = await import('log-update');
  const live = createLogUpdate(process.stderr, { showCursor: true });
  return { line, json, live: { update: (text: string) => live(text), done: () => live.done(), clear: () => live.clear() } };
}

/** `@architect` or `architect` → `architect`. */
export function responderAliases(values: readonly string[]): string[] {
  return values.map((value) => aliasOfAuthor(value.replace(/^@/, '')));
}
