import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidInputError, aliasOfAuthor, didYouMean, type Discussion, type PersonaV1 } from '@quorum/core';
import type { ResolvedTemplate } from '@quorum/compiler';
import type { EngineEvent, RunResult, StrategyChoice, VoterFact } from '@quorum/engine';
import { diagramRewriter } from './diagram-files.js';
import { discussionFile } from './open-discussion.js';
import { loadNamedTemplate } from './load-named-template.js';
import { withProviderHints } from './persona-hints.js';
import { voterFactsOf } from './discussion-report.js';
import { createModelRouter, secretRedactor } from './model-setup.js';
import type { Project } from './project.js';
import { RunProgress, type ProgressMode } from './run-progress.js';

/** What `quorum run` and `quorum turn` share. */
export interface SessionOptions {
  /** `--provider`: one model for the whole run. */
  readonly provider?: string | undefined;
  readonly maxTurns?: number | undefined;
  /** The run starts no round after this long (`quorum debate --max-duration`). */
  readonly maxDurationMs?: number | undefined;
  readonly maxCost?: number | undefined;
  /** A paragraph added to every prompt (`quorum debate --intensity`). */
  readonly guidance?: string | undefined;
  /** A callout for the rounds within `withinTurns` of `maxTurns` (the debate's hint to converge). */
  readonly nearLimit?: { readonly text: string; readonly withinTurns: number } | undefined;
  /** A model per persona alias for this run, over its provider hint (`quorum debate --provider alias=model`, a workflow's `providers`). */
  readonly personaProviders?: Readonly<Record<string, string>> | undefined;
  /** Changes to the template for this run: `quorum debate --min-turns/--min-facets` set the `final_design` condition's options. */
  readonly templateOverrides?: { readonly finalDesign?: { readonly minTurns?: number | undefined; readonly minFacets?: number | undefined } | undefined } | undefined;
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
  /**
   * Workflows: every event (secrets removed) goes here instead of to the progress display,
   * which discussions running side by side would garble.
   */
  readonly onEvent?: ((event: EngineEvent) => void) | undefined;
  /** Workflows: stops the run (as Ctrl-C does); with it the run leaves Ctrl-C to its caller. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Runs the discussion in `file` with the engine: the project's config, plugins, personas,
 * template and providers, progress on stderr (or JSON Lines on stdout with --json), the
 * event log when asked for, and Ctrl-C as a clean stop.
 */
export async function runSession(project: Project, file: string, options: SessionOptions): Promise<RunResult> {
  const [engine, { compileTemplate, withConditionOptions }, loaded, registry, ownPersonas, facts] = await Promise.all([
    import('@quorum/engine'),
    import('@quorum/compiler'),
    project.config(),
    project.plugins(),
    project.personas(),
    project.voterFacts(),
  ]);
  const { config } = loaded;
  for (const alias of Object.keys(options.personaProviders ?? {})) {
    if (ownPersonas.get(alias) === undefined) throw new InvalidInputError(`a model is given for "${alias}", which is not a persona${didYouMean(alias, ownPersonas.aliases())}; see quorum participants list`);
  }
  const personas = options.personaProviders === undefined ? ownPersonas : withProviderHints(ownPersonas, options.personaProviders);
  const { storage, id, file: discussionPath } = await discussionFile(project, file);
  // Files that go beside the discussion (its event log, its diagrams) go to the discussions
  // folder when a storage plugin keeps it.
  const beside = discussionPath ?? path.join(await project.discussionsDir(), path.basename(id));
  const opened = await storage.load(id);
  const templateId = opened.discussion.header.fields.find((f) => f.key.toLowerCase() === 'template')?.value;
  if (templateId === undefined || templateId === '') {
    throw new InvalidInputError(`${file} has no Template header, so it has no phases to run; create it with quorum new --template (or quorum run --template)`);
  }
  const template = await loadNamedTemplate(project, templateId);
  const compiled = compileTemplate(withOverrides(template, options.templateOverrides, withConditionOptions), { conditions: registry.conditions });

  const strategies = new Map<string, StrategyChoice>();
  for (const phase of template.phases) strategies.set(phase.id, await project.strategy({ voting: phase.votingRule ?? template.voting }));

  const personaOf = (alias: string): PersonaV1 | undefined => personas.get(alias)?.persona;
  const voterFact = (voter: string): VoterFact | undefined => {
    const persona = personas.byAuthor(voter)?.persona;
    return voterFactsOf(facts, voter) ?? (persona === undefined ? undefined : voterFactsOf(facts, persona.alias));
  };

  const redact = await secretRedactor(project);
  const mode: ProgressMode = options.json ? 'json' : project.io.stderrIsTty ? 'live' : 'plain';
  const progress = options.onEvent === undefined ? new RunProgress(mode, await progressOutput(project, mode)) : undefined;
  const eventLog = options.events !== undefined ? path.resolve(project.io.cwd, options.events) : config.engine.eventLog ? `${beside}.events.jsonl` : undefined;
  // One write after the other, so the log keeps the order the events happened in.
  let logged: Promise<void> = Promise.resolve();
  const onEvent = (event: EngineEvent) => {
    const safe = JSON.parse(redact(JSON.stringify(event))) as EngineEvent;
    if (options.onEvent !== undefined) options.onEvent(safe);
    else progress?.handle(safe);
    if (eventLog !== undefined) logged = logged.then(() => appendFile(eventLog, `${JSON.stringify(safe)}\n`));
  };

  const { router, settings } = await createModelRouter(project, {
    provider: options.provider,
    record: options.record,
    replay: options.replay,
    templateModel: template.provider,
    redact,
    notice: (message) => onEvent({ type: 'notice', message, time: new Date().toISOString() }),
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
  if (options.signal === undefined) process.once('SIGINT', stop);
  else if (options.signal.aborted) controller.abort();
  else options.signal.addEventListener('abort', () => controller.abort(), { once: true });
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
      limits: { maxCost: options.maxCost ?? config.budget.maxCost ?? null, maxTurns: options.maxTurns ?? null, maxDurationMs: options.maxDurationMs ?? null },
      guidance: options.guidance,
      nearLimit: options.nearLimit,
      responders: options.responders,
      callout: options.callout,
      humanCommand: () => `quorum comment ${discussionPath === null ? id : project.display(discussionPath)} "…" --author "<your name>" --vote READY`,
      onEvent,
      signal: controller.signal,
      redact,
      // The visualizer's Mermaid blocks become diagram files beside the discussion.
      rewriteReply: diagramRewriter({
        discussion: beside,
        comments: commentCount(opened.discussion),
        countComments: async () => commentCount((await storage.load(id)).discussion),
      }),
      random: Math.random,
      clock: () => new Date(),
    });
    await logged;
    return result;
  } finally {
    process.removeListener('SIGINT', stop);
  }
}

export { secretValues } from './model-setup.js';

function commentCount(discussion: Discussion): number {
  let count = 0;
  for (const section of discussion.sections) if (section.kind === 'comment') count++;
  return count;
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

/** The template with a run's overrides applied (the `final_design` condition's options, for debates). */
function withOverrides(
  template: ResolvedTemplate,
  overrides: SessionOptions['templateOverrides'],
  withConditionOptions: typeof import('@quorum/compiler').withConditionOptions,
): ResolvedTemplate {
  const finalDesign = overrides?.finalDesign;
  if (finalDesign === undefined) return template;
  const options: Record<string, number> = {};
  if (finalDesign.minTurns !== undefined) options['min_turns'] = finalDesign.minTurns;
  if (finalDesign.minFacets !== undefined) options['min_facets'] = finalDesign.minFacets;
  return {
    ...template,
    phases: template.phases.map((phase) => ({
      ...phase,
      transitions: phase.transitions.map((transition) => ({ ...transition, when: withConditionOptions(transition.when, 'final_design', options) })),
    })),
  };
}
