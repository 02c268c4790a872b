import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { InvalidInputError, didYouMean, type Discussion } from '@quorum/core';
import type { RunResult } from '@quorum/engine';
import { now } from '../clock.js';
import { advanceDiscussion } from '../commands/advance-command.js';
import { createDiscussion, slugOf } from '../commands/new-command.js';
import { runSession, type SessionOptions } from '../engine-session.js';
import { loadNamedTemplate } from '../load-named-template.js';
import { secretRedactor } from '../model-setup.js';
import type { Project } from '../project.js';
import { renderMermaidSvg } from '../render-mermaid-svg.js';
import { RunProgress } from '../run-progress.js';
import { writeFileAtomically } from '../write-file-atomically.js';
import { architectureDiagram } from './architecture-diagram.js';
import { convergenceHint, convergenceWindow, debateGuidance, DREAMER, COST_CUTTER } from './debate-guidance.js';
import { resolveDebateOptions, type DebateSettings, type RawDebateOptions } from './debate-options.js';
import { debateProject } from './debate-project.js';
import { templateWithSides, templateYaml } from './debate-template.js';
import { buildDesignDocument, renderDesignMarkdown, type DebateParticipant } from './design-document.js';
import { displayDate, writeProjectsIndex, PROJECTS_INDEX } from './projects-index.js';
import { SESSION_FILES, type SessionRecord, type SessionRun } from './session-record.js';
import { dailyTopic, loadTopics, noMatchNotice, randomTopic, seededRandom } from './topics.js';

/** The template `quorum debate` runs. */
export const DEBATE_TEMPLATE = 'design-debate';
/** The phase a debate that reached its turn or time limit is moved into to converge. */
export const CLOSING_PHASE = 'closing';

/** What `quorum debate` produced. */
export interface DebateResult {
  /** The session folder, absolute. */
  readonly folder: string;
  readonly topic: string;
  readonly status: string;
  readonly accepted: boolean;
  readonly complete: boolean;
  /** The last run's outcome. */
  readonly outcome: string;
  readonly message: string;
  readonly rounds: number;
  readonly tokens: number;
  readonly cost: number;
  /** The files written, by role, absolute. */
  readonly files: Partial<Record<keyof typeof SESSION_FILES, string>>;
  readonly index: string;
}

/**
 * `quorum debate`: checks the options, picks the topic, creates the session folder with the
 * conversation in it, runs the design-debate template (intensity as guidance, the
 * convergence hint near `--max-turns`, `--max-duration`, `--min-turns/--min-facets`), moves a
 * debate that hit its limit into the closing phase and runs that to ACCEPTED or UNRESOLVED,
 * then writes the design, the diagram, the structured design and the session record, and
 * regenerates the projects index. A failure part-way leaves the folder with what was
 * written, its session.json marked incomplete with the reason, and the index saying so.
 */
export async function runDebate(project: Project, topicArgument: string | undefined, raw: RawDebateOptions): Promise<DebateResult> {
  const settings = resolveDebateOptions(topicArgument, raw);
  const [loaded, registry, personas] = await Promise.all([project.config(), project.plugins(), project.personas()]);
  checkProviders(settings, [...registry.providers.keys()]);
  for (const [alias, option] of [
    [settings.sides.dreamer, '--personas'],
    [settings.sides.costCutter, '--personas'],
  ] as const) {
    const persona = personas.require(alias, option).persona;
    if (persona.type === 'background') throw new InvalidInputError(`${option}: ${alias} is a background persona, which never votes, so it could never accept a design; pick a voting persona`);
  }
  const { topic, date } = await chooseTopic(project, settings);
  const template = await loadNamedTemplate(project, DEBATE_TEMPLATE);
  const swapped = settings.sides.dreamer !== DREAMER || settings.sides.costCutter !== COST_CUTTER;
  if (swapped && !template.participants.includes(DREAMER) && !template.phases.some((phase) => phase.participants.includes(DREAMER))) {
    throw new InvalidInputError(`--personas: template "${template.id}" (${project.display(template.file)}) has no dreamer seat to give to ${settings.sides.dreamer}`);
  }

  const root = settings.projects === undefined ? path.join(loaded.projectDir, 'projects') : path.resolve(project.io.cwd, settings.projects);
  const created = now(project.io.env);
  const folder = await createSessionFolder(root, created, topic);
  const redact = await secretRedactor(project);
  const started = { wall: new Date(), clock: performance.now() };
  const runs: SessionRun[] = [];
  const files: Partial<Record<keyof typeof SESSION_FILES, string>> = {};
  const conversation = path.join(folder, SESSION_FILES.conversation);
  const record = (fields: Partial<SessionRecord>): SessionRecord => ({
    format: 'quorum-debate-session',
    version: 1,
    topic,
    context: settings.context ?? null,
    created,
    complete: false,
    status: null,
    accepted: false,
    outcome: 'running',
    message: null,
    error: null,
    settings: sessionSettings(settings, template.id, date),
    participants: [],
    runs,
    rounds: runs.reduce((sum, run) => sum + run.rounds, 0),
    timings: { started: started.wall.toISOString(), finished: null, durationMs: Math.round(performance.now() - started.clock) },
    usage: { comments: 0, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, tokens: 0, cost: 0, unpriced: 0 },
    files: relativeFiles(folder, files),
    ...fields,
  });
  const writeRecord = async (value: SessionRecord) => {
    files.session = path.join(folder, SESSION_FILES.session);
    await writeFileAtomically(files.session, `${JSON.stringify({ ...value, files: relativeFiles(folder, files) }, null, 2)}\n`);
  };
  project.io.err(`session ${project.display(folder)}\n`);

  try {
    await writeRecord(record({}));
    await writeProjectsIndex(root);
    if (swapped) {
      const note = `The ${template.id} template as this debate ran it: @${settings.sides.dreamer} in the Dreamer's seat, @${settings.sides.costCutter} in the Cost Cutter's (quorum debate --personas).`;
      await writeFileAtomically(path.join(folder, `${template.id}.yaml`), templateYaml(templateWithSides(template, settings.sides), note));
    }
    const scoped = debateProject(project, { templateDir: swapped ? folder : undefined });
    await createDiscussion(scoped, topic, { template: DEBATE_TEMPLATE, context: settings.context, dir: folder, fileName: SESSION_FILES.conversation });
    files.conversation = conversation;

    const shared: SessionOptions = {
      provider: settings.provider,
      personaProviders: Object.keys(settings.personaProviders).length === 0 ? undefined : settings.personaProviders,
      guidance: debateGuidance(settings.intensity, settings.sides),
      templateOverrides:
        settings.minTurns === undefined && settings.minFacets === undefined ? undefined : { finalDesign: { minTurns: settings.minTurns, minFacets: settings.minFacets } },
      ...progressOptions(project, settings.json),
    };
    const withinTurns = convergenceWindow(settings.maxTurns);
    let result = await timed(runs, 'debate', () =>
      runSession(scoped, conversation, {
        ...shared,
        maxTurns: settings.maxTurns,
        maxDurationMs: settings.maxDurationMs,
        nearLimit: { text: convergenceHint(withinTurns), withinTurns },
      }),
    );
    const limited: string = result.outcome;
    if (result.status === 'OPEN' && (limited === 'turn-cap' || limited === 'time-limit') && (await canClose(project, scoped, result.phase))) {
      if (result.phase !== CLOSING_PHASE) {
        const moved = await advanceDiscussion(scoped, conversation, CLOSING_PHASE);
        // A run stopped by --max-duration started fewer rounds than --max-turns.
        const limit = limited === 'time-limit' || result.rounds < settings.maxTurns ? 'time' : 'turn';
        project.io.err(`the debate reached its ${limit} limit; phase ${moved.from} -> ${moved.to}\n`);
      }
      // The closing phase has its own round budget, so it ends without --max-turns or --max-duration.
      result = await timed(runs, 'closing', () => runSession(scoped, conversation, shared));
    }

    const { FileStorage } = await import('@quorum/storage-file');
    const discussion = (await new FileStorage({ dir: folder }).load(SESSION_FILES.conversation)).discussion;
    const participants = await participantsOf(scoped, discussion, settings);
    const { usageReport } = await import('@quorum/engine');
    const usage = usageReport(discussion, result.phase).total;
    const debaters = participants.filter((participant) => participant.side === DREAMER || participant.side === COST_CUTTER).map((participant) => participant.name);
    const { document, model } = buildDesignDocument({ topic, context: settings.context, discussion, markerSets: registry.markerSets, participants, debaters });

    const mermaid = architectureDiagram(model, { detail: settings.diagramDetail, topic });
    files.diagram = path.join(folder, SESSION_FILES.diagram);
    await writeFileAtomically(files.diagram, mermaid);
    let svg = false;
    try {
      const drawn = await renderMermaidSvg(mermaid);
      files.svg = path.join(folder, SESSION_FILES.svg);
      await writeFileAtomically(files.svg, drawn);
      svg = true;
    } catch (error) {
      project.warn(`the diagram could not be drawn as SVG (${redact((error as Error).message)}); diagram.mmd has it as Mermaid`);
    }
    files.document = path.join(folder, SESSION_FILES.document);
    await writeFileAtomically(files.document, `${JSON.stringify(document, null, 2)}\n`);

    const rounds = runs.reduce((sum, run) => sum + run.rounds, 0);
    const complete = result.status !== 'OPEN' || result.outcome === 'budget';
    const stopped = result.status === 'OPEN' ? result.message : null;
    files.design = path.join(folder, SESSION_FILES.design);
    await writeFileAtomically(
      files.design,
      renderDesignMarkdown(document, {
        date: displayDate(created),
        rounds,
        durationMs: Math.round(performance.now() - started.clock),
        tokens: usage.inputTokens + usage.outputTokens,
        cost: usage.cost,
        unpriced: usage.unpriced,
        intensity: settings.intensity,
        diagramDetail: settings.diagramDetail,
        closed: runs.some((run) => run.stage === 'closing'),
        stopped,
        svg,
      }),
    );
    const finished = record({
      complete,
      status: result.status,
      accepted: result.status === 'ACCEPTED',
      outcome: result.outcome,
      message: result.message,
      participants,
      rounds,
      timings: { started: started.wall.toISOString(), finished: new Date().toISOString(), durationMs: Math.round(performance.now() - started.clock) },
      usage: {
        comments: usage.comments,
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        cachedInputTokens: usage.cachedInputTokens,
        tokens: usage.inputTokens + usage.outputTokens,
        cost: usage.cost,
        unpriced: usage.unpriced,
      },
    });
    await writeRecord(finished);
    await writeProjectsIndex(root);
    return {
      folder,
      topic,
      status: result.status,
      accepted: finished.accepted,
      complete,
      outcome: result.outcome,
      message: result.message,
      rounds,
      tokens: finished.usage.tokens,
      cost: finished.usage.cost,
      files: { ...files },
      index: path.join(root, PROJECTS_INDEX),
    };
  } catch (error) {
    const reason = redact(error instanceof Error ? error.message : String(error));
    // Best effort: the session's own error is the one to report.
    await writeRecord(record({ outcome: 'failed', error: reason, message: `the session failed: ${reason}` })).catch(() => undefined);
    await writeProjectsIndex(root).catch(() => undefined);
    throw error;
  }
}

/** Whether the debate can converge in a closing phase from `phase` (a project's own design-debate template may have none). */
async function canClose(project: Project, scoped: Project, phase: string): Promise<boolean> {
  if (phase === CLOSING_PHASE) return true;
  const [{ allowedTargets }, template] = await Promise.all([import('@quorum/compiler'), loadNamedTemplate(scoped, DEBATE_TEMPLATE)]);
  if (allowedTargets(template, phase).includes(CLOSING_PHASE)) return true;
  project.warn(`template "${template.id}" (${project.display(template.file)}) has no ${CLOSING_PHASE} phase to move ${phase} into, so the debate ends where its limit stopped it`);
  return false;
}

/** Runs one stage and records its outcome and duration. */
async function timed(runs: SessionRun[], stage: SessionRun['stage'], run: () => Promise<RunResult>): Promise<RunResult> {
  const start = performance.now();
  const result = await run();
  runs.push({ stage, outcome: result.outcome, rounds: result.rounds, message: result.message, durationMs: Math.round(performance.now() - start) });
  return result;
}

/** With --json the run's progress goes to stderr as plain lines, so standard output holds only the result. */
function progressOptions(project: Project, json: boolean): Pick<SessionOptions, 'onEvent'> {
  if (!json) return {};
  const progress = new RunProgress('plain', { line: (text) => project.io.err(`${text}\n`), json: () => undefined });
  return { onEvent: (event) => progress.handle(event) };
}

/**
 * The topic given, or one picked from the bundled list (said on stderr, with a note when no
 * topic matched the keywords); `date` is the day a --daily topic is for.
 */
async function chooseTopic(project: Project, settings: DebateSettings): Promise<{ topic: string; date: string | null }> {
  const source = settings.topic;
  if (source.kind === 'given') return { topic: source.topic, date: null };
  const topics = await loadTopics();
  const date = source.kind === 'daily' ? (source.date ?? now(project.io.env).slice(0, 10)) : null;
  const choice =
    date === null
      ? randomTopic(topics, settings.keywords, source.kind === 'random' && source.seed !== undefined ? seededRandom(source.seed) : Math.random)
      : dailyTopic(topics, settings.keywords, date);
  const notice = noMatchNotice(choice);
  if (notice !== undefined) project.io.err(`note: ${notice}\n`);
  project.io.err(`topic: ${choice.topic.title}\n`);
  return { topic: choice.topic.title, date };
}

/** Providers named by --provider must be ones a plugin provides (the router would only skip them with a notice). */
function checkProviders(settings: DebateSettings, known: readonly string[]): void {
  const models = [...(settings.provider === undefined ? [] : [['', settings.provider] as const]), ...Object.entries(settings.personaProviders)];
  for (const [alias, model] of models) {
    const name = model.split(':')[0]!;
    if (!known.includes(name)) {
      throw new InvalidInputError(`--provider ${alias === '' ? '' : `${alias}=`}${model}: no plugin provides "${name}"${didYouMean(name, known)}; the providers are ${known.join(', ')}`);
    }
  }
}

/** `<root>/<YYYYMMDD_HHMMSS>_<slug>`, created exclusively (`-2`, `-3`… when two sessions start in the same second on the same topic). */
export async function createSessionFolder(root: string, created: string, topic: string): Promise<string> {
  await mkdir(root, { recursive: true });
  const stamp = created.slice(0, 19).replace(/[-:]/g, '').replace('T', '_');
  const base = `${stamp}_${slugOf(topic)}`;
  for (let n = 1; ; n++) {
    const folder = path.join(root, n === 1 ? base : `${base}-${n}`);
    try {
      await mkdir(folder);
      return folder;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 1000) throw error;
    }
  }
}

/** The debate's participants with their seats, models and spend, from the conversation's comments and USAGE lines. */
async function participantsOf(project: Project, discussion: Discussion, settings: DebateSettings): Promise<DebateParticipant[]> {
  const [{ discussionView }, personas] = await Promise.all([import('@quorum/format'), project.personas()]);
  const view = discussionView(discussion);
  const aliases = [...new Set([settings.sides.dreamer, settings.sides.costCutter, ...view.participants])];
  return aliases.map((alias): DebateParticipant => {
    const persona = personas.get(alias)?.persona;
    const name = persona?.name ?? alias;
    const own = view.comments.filter((comment) => comment.author === name);
    const models = [...new Set(own.flatMap((comment) => (comment.usage === null ? [] : [comment.usage.model])))];
    let inputTokens = 0;
    let outputTokens = 0;
    let cost = 0;
    for (const comment of own) {
      if (comment.usage === null) continue;
      inputTokens += comment.usage.inputTokens;
      outputTokens += comment.usage.outputTokens;
      cost += comment.usage.cost ?? 0;
    }
    return {
      alias,
      name,
      role: persona?.role ?? null,
      side: alias === settings.sides.dreamer ? DREAMER : alias === settings.sides.costCutter ? COST_CUTTER : alias,
      providerHint: settings.personaProviders[alias] ?? settings.provider ?? null,
      models,
      comments: own.length,
      inputTokens,
      outputTokens,
      cost: Math.round(cost * 1e6) / 1e6,
    };
  });
}

function sessionSettings(settings: DebateSettings, template: string, date: string | null): SessionRecord['settings'] {
  return {
    topicSource: settings.topic.kind,
    keywords: settings.keywords,
    seed: settings.topic.kind === 'random' ? (settings.topic.seed ?? null) : null,
    date,
    intensity: settings.intensity,
    maxTurns: settings.maxTurns,
    maxDurationMs: settings.maxDurationMs,
    diagramDetail: settings.diagramDetail,
    minTurns: settings.minTurns ?? null,
    minFacets: settings.minFacets ?? null,
    personas: { dreamer: settings.sides.dreamer, costCutter: settings.sides.costCutter },
    provider: settings.provider ?? null,
    personaProviders: settings.personaProviders,
    template,
  };
}

function relativeFiles(folder: string, files: Partial<Record<keyof typeof SESSION_FILES, string>>): Partial<Record<keyof typeof SESSION_FILES, string>> {
  return Object.fromEntries(Object.entries(files).map(([role, file]) => [role, path.relative(folder, file).split(path.sep).join('/')]));
}
