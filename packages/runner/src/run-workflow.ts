import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { isQuorumError, NotFoundError, parseVoteValue, QuorumError, type VoteValue } from '@quorum/core';
import type { PathSegment } from '@quorum/config';
import { isInsideFolder } from './check-workflow.js';
import { isTruthy, valueToText, type Value } from './expression.js';
import { displayPath, prepareWorkflow, templateReference, type LoadedWorkflow } from './load-workflow.js';
import { matchFiles } from './match-files.js';
import { outcomeSummary, renderOutcomeMarkdown } from './outcome-summary.js';
import { PROGRESS_FILE, ProgressStore, type StepRecord } from './progress-store.js';
import { discussionOutput, Evaluator, StepScope, type ScopeEntry } from './step-scope.js';
import { WorkflowFailedError, WorkflowStepError } from './workflow-errors.js';
import type { CommentRequest, DiscussionState, WorkflowHost } from './workflow-host.js';
import { kindOf, type StepDocument, type WorkflowDocument } from './workflow-schema.js';
import { placeOf } from './workflow-source.js';
import { resolveVars, runKey, type GivenVars, type VarsValue } from './workflow-vars.js';
import { writeFileAtomic } from './write-file-atomic.js';

export interface RunWorkflowOptions {
  readonly host: WorkflowHost;
  /** Values of the workflow's vars (`--var k=v`); the others take their defaults. */
  readonly vars?: GivenVars | undefined;
  /** The run folder. Default: `<outputRoot>/<workflow name>/<run key>` (see {@link runFolder}). */
  readonly outputDir?: string | undefined;
  /** Where run folders go when `outputDir` is not given. Default: `workflow-runs` in `cwd`. */
  readonly outputRoot?: string | undefined;
  /** Relative paths of a definition given in code, and paths in messages, are relative to it. Default: the process's. */
  readonly cwd?: string | undefined;
  /** Stops the workflow cleanly (Ctrl-C): the discussion running finishes its replies, no new step starts. */
  readonly signal?: AbortSignal | undefined;
  /** One line as each step starts or ends. */
  readonly log?: ((line: string) => void) | undefined;
  /** `--git`: every `export: files` commits what it writes (as if it said `git: true`). */
  readonly git?: boolean | undefined;
}

export interface WorkflowResult {
  readonly name: string;
  readonly vars: Readonly<Record<string, VarsValue>>;
  /** The run folder: progress.json, the discussions it created, its exports. */
  readonly outputDir: string;
  /** The workflow's `outputs`, evaluated. */
  readonly outputs: Readonly<Record<string, Value>>;
  /** Whether an earlier run of the same workflow with the same vars had started (and this one carried on). */
  readonly resumed: boolean;
  /** Steps this call ran, and steps an earlier run had finished. */
  readonly ran: number;
  readonly skipped: number;
  /** Every discussion file of the run, in step order. */
  readonly discussions: readonly string[];
}

/**
 * Runs a workflow: a {@link LoadedWorkflow} (from `loadWorkflowFile`), or a definition built
 * with `defineWorkflow` (checked first, as a file would be). Progress is recorded in the run
 * folder after every step; running the same workflow with the same vars again carries on
 * where the last run stopped and repeats no finished step. A `fail` step ends it with a
 * {@link WorkflowFailedError}.
 */
export async function runWorkflow(workflow: LoadedWorkflow | WorkflowDocument, options: RunWorkflowOptions): Promise<WorkflowResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const loaded = isLoadedWorkflow(workflow)
    ? workflow
    : await prepareWorkflow(workflow, { cwd, describeTemplate: options.host.describeTemplate?.bind(options.host) });
  return new Execution(loaded, options, cwd).run();
}

/** The run folder of a workflow and vars: `<outputRoot>/<name>/<run key>`. */
export function runFolder(workflow: LoadedWorkflow, vars: Readonly<Record<string, VarsValue>>, outputRoot: string): string {
  return path.join(outputRoot, workflow.name, runKey(vars));
}

export function isLoadedWorkflow(value: unknown): value is LoadedWorkflow {
  return typeof value === 'object' && value !== null && 'definition' in value && 'source' in value && (value as { called?: unknown }).called instanceof Map;
}

/** A hash of a definition, stored with its progress to notice a workflow edited between runs. */
export function fingerprintOf(definition: WorkflowDocument): string {
  return createHash('sha256').update(JSON.stringify(definition)).digest('hex').slice(0, 16);
}

/** A step key as a file name: `topics.2.debate` → `topics-2-debate`. */
export function fileNameOf(key: string): string {
  return key.replace(/[^A-Za-z0-9_-]+/g, '-');
}

class Execution {
  private readonly vars: Readonly<Record<string, VarsValue>>;
  private readonly evaluator: Evaluator;
  private readonly outputDir: string;
  private store!: ProgressStore;
  private ran = 0;
  private skipped = 0;

  constructor(
    private readonly workflow: LoadedWorkflow,
    private readonly options: RunWorkflowOptions,
    private readonly cwd: string,
  ) {
    this.vars = resolveVars(workflow.definition, options.vars ?? {}, workflow.source.file);
    this.evaluator = new Evaluator(workflow.source, this.vars);
    this.outputDir = path.resolve(cwd, options.outputDir ?? runFolder(workflow, this.vars, path.resolve(cwd, options.outputRoot ?? 'workflow-runs')));
  }

  async run(): Promise<WorkflowResult> {
    const fingerprint = fingerprintOf(this.workflow.definition);
    const { store, resumed } = await ProgressStore.open(path.join(this.outputDir, PROGRESS_FILE), {
      version: 1,
      workflow: this.workflow.source.file,
      name: this.workflow.name,
      vars: this.vars,
      fingerprint,
    });
    this.store = store;
    if (resumed?.status === 'succeeded') {
      this.log(`${this.workflow.name}: the run in ${this.display(this.outputDir)} has finished; nothing is run again (delete that folder to start over)`);
    } else if (resumed !== undefined) {
      this.log(`${this.workflow.name}: carrying on the run in ${this.display(this.outputDir)} (finished steps are not run again)`);
      if (resumed.fingerprint !== fingerprint) this.log(`${this.workflow.name}: note: ${this.workflow.source.file} changed since that run started; the steps it finished stay finished`);
    }
    const scope = new StepScope();
    try {
      await this.runSteps(this.workflow.definition.steps, ['steps'], scope, '', []);
      const outputs: Record<string, Value> = {};
      for (const [name, text] of Object.entries(this.workflow.definition.outputs ?? {})) {
        outputs[name] = this.evaluator.value(`outputs.${name}`, text, ['outputs', name], scope);
      }
      await store.finish('succeeded');
      return {
        name: this.workflow.name,
        vars: this.vars,
        outputDir: this.outputDir,
        outputs,
        resumed: resumed !== undefined,
        ran: this.ran,
        skipped: this.skipped,
        discussions: this.discussionFiles(),
      };
    } catch (error) {
      await store.finish('failed', error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  private async runSteps(steps: readonly StepDocument[], path: readonly PathSegment[], scope: StepScope, prefix: string, position: readonly number[]): Promise<void> {
    for (const [index, step] of steps.entries()) {
      if (this.options.signal?.aborted) throw this.stopped(step.id);
      const entry = await this.runStep(step, [...path, index], scope, prefix, [...position, index]);
      scope.set(step.id, entry);
    }
  }

  /** Runs one step, or takes its outputs from the progress file when an earlier run finished it. `prefix` is a foreach item's (`topics.2.`). */
  private async runStep(step: StepDocument, at: readonly PathSegment[], scope: StepScope, prefix: string, position: readonly number[]): Promise<ScopeEntry> {
    const kind = kindOf(step);
    const key = `${prefix}${step.id}`;
    const record = this.store.get(key);
    if (record?.status === 'done') {
      this.skipped++;
      this.log(`${key}: finished by an earlier run`);
      return { output: record.output, provider: record.provider, providers: record.providers };
    }
    this.ran++;
    try {
      return await this.execute(step, kind, at, scope, prefix, position, record?.status === 'started' ? record : undefined);
    } catch (error) {
      throw this.located(key, at, error);
    }
  }

  /**
   * A failure from the host that says nothing about where it is (an unknown participant, a
   * provider that is not configured) gets the step's id and place; failures located in a
   * file of their own (a discussion, a template) and the runner's own keep theirs.
   */
  private located(key: string, at: readonly PathSegment[], error: unknown): unknown {
    if (!isQuorumError(error) || error instanceof WorkflowFailedError || error instanceof WorkflowStepError || error.file !== undefined) return error;
    return new QuorumError(error.code, error.exitCode, `step ${key}: ${error.detail}`, { ...placeOf(this.workflow.source, at), cause: error });
  }

  private async execute(
    step: StepDocument,
    kind: ReturnType<typeof kindOf>,
    at: readonly PathSegment[],
    scope: StepScope,
    prefix: string,
    position: readonly number[],
    started: Extract<StepRecord, { status: 'started' }> | undefined,
  ): Promise<ScopeEntry> {
    const key = `${prefix}${step.id}`;
    const done = async (output: Record<string, Value>, extra: Partial<Extract<StepRecord, { status: 'done' }>> = {}): Promise<ScopeEntry> => {
      await this.store.set(key, { status: 'done', kind, output, position, ...extra });
      return { output, provider: extra.provider, providers: extra.providers };
    };
    const text = (value: string, field: readonly PathSegment[]) => this.evaluator.text(key, value, field, scope);

    switch (kind) {
      case 'discussion': {
        const body = (step as Extract<StepDocument, { discussion: unknown }>).discussion;
        const here = [...at, 'discussion'];
        const provider = body.provider === undefined ? undefined : text(body.provider, [...here, 'provider']);
        // A participant whose value comes out empty keeps the usual choice.
        const providers = Object.fromEntries(
          Object.entries(body.providers ?? {})
            .map(([alias, model]) => [alias, text(model, [...here, 'providers', alias]).trim()] as const)
            .filter(([, model]) => model !== ''),
        );
        let state: DiscussionState;
        if (body.file !== undefined) {
          const file = this.input(text(body.file, [...here, 'file']));
          state = await this.options.host.readDiscussion(file);
          this.log(`${key}: opened ${this.display(file)} (phase ${state.phase ?? '-'}, ${state.status ?? 'OPEN'})`);
        } else {
          const file = path.join(this.outputDir, 'discussions', `${fileNameOf(key)}.md`);
          if (await exists(file)) {
            // Created by a run that was stopped before it could record the step.
            state = await this.options.host.readDiscussion(file);
            this.log(`${key}: using ${this.display(file)}, created by an earlier run`);
          } else {
            const context =
              body.context_file !== undefined
                ? await this.readInput(key, text(body.context_file, [...here, 'context_file']), [...here, 'context_file'])
                : body.context === undefined
                  ? undefined
                  : text(body.context, [...here, 'context']);
            state = await this.options.host.createDiscussion({
              file,
              title: text(body.title!, [...here, 'title']),
              template: body.template === undefined ? undefined : templateReference(text(body.template, [...here, 'template']), this.workflow.source.dir),
              context,
              participants: body.participants?.map((participant, index) => text(participant, [...here, 'participants', index])),
            });
            this.log(`${key}: created ${this.display(file)}${state.template === null ? '' : ` (${state.template})`}`);
          }
        }
        return done(discussionOutput(state), {
          discussions: [state.file],
          ...(provider === undefined ? {} : { provider }),
          ...(Object.keys(providers).length === 0 ? {} : { providers }),
        });
      }

      case 'run': {
        const run = step as Extract<StepDocument, { run: string }>;
        const target = scope.lookup(run.run)!;
        const file = String(target.output['file']);
        const provider = run.provider === undefined ? target.provider : text(run.provider, [...at, 'provider']);
        const until = run.until ?? 'final';
        const phase = typeof until === 'object' ? text(until.phase, [...at, 'until', 'phase']) : undefined;
        const maxTurns = run.max_turns;
        let rounds = started?.rounds ?? 0;
        let state = await this.options.host.readDiscussion(file);
        let outcome: string | undefined;
        let message = '';
        this.log(`${key}: running ${run.run} until ${phase === undefined ? until : `phase ${phase}`}${maxTurns === undefined ? '' : ` (at most ${maxTurns} rounds)`}`);
        for (;;) {
          if (state.final) outcome = 'final';
          else if (phase !== undefined && state.phase === phase) outcome = 'phase';
          else if (until === 'consensus' && state.consensus !== null) outcome = 'consensus';
          else if (maxTurns !== undefined && rounds >= maxTurns) outcome = 'turn-cap';
          if (outcome !== undefined) break;
          // Until a phase or consensus: one round at a time, checking after each.
          const stepwise = phase !== undefined || until === 'consensus';
          const left = maxTurns === undefined ? undefined : maxTurns - rounds;
          const report = await this.options.host.runDiscussion(file, { maxTurns: stepwise ? 1 : left, provider, providers: target.providers, signal: this.options.signal });
          rounds += report.rounds;
          message = report.message;
          await this.store.set(key, { status: 'started', kind, position, rounds });
          state = await this.options.host.readDiscussion(file);
          if (report.outcome === 'cancelled') throw this.stopped(key);
          if (report.outcome === 'waiting' || report.outcome === 'budget') outcome = report.outcome;
          else if (report.rounds === 0 && !state.final) outcome = report.outcome;
        }
        if (message === '') message = describeState(state, outcome);
        this.log(`${key}: ${state.status ?? 'OPEN'} in phase ${state.phase ?? '-'} (${outcome}, ${rounds} round${rounds === 1 ? '' : 's'})`);
        return done({ ...discussionOutput(state), outcome, rounds, message });
      }

      case 'comment': {
        const comment = step as Extract<StepDocument, { comment: string }>;
        const file = String(scope.lookup(comment.comment)!.output['file']);
        let request: CommentRequest;
        let written = false;
        if (started?.comment !== undefined) {
          // An earlier run recorded this comment and was stopped around the write.
          request = { ...started.comment, vote: started.comment.vote === null ? null : (parseVoteValue(started.comment.vote) ?? null) };
          written = await this.options.host.hasComment(file, request);
        } else {
          const author = comment.author === undefined ? await this.options.host.defaultAuthor() : text(comment.author, [...at, 'author']);
          const body =
            comment.text !== undefined
              ? text(comment.text, [...at, 'text'])
              : comment.file !== undefined
                ? await this.readInput(key, text(comment.file, [...at, 'file']), [...at, 'file'])
                : comment.stdin === true
                  ? await this.options.host.readStdin()
                  : '';
          const vote = comment.vote === undefined ? null : this.vote(key, text(comment.vote, [...at, 'vote']), [...at, 'vote']);
          if (body.trim() === '' && vote === null) throw new WorkflowStepError(key, 'the comment is empty and casts no vote', placeOf(this.workflow.source, at));
          request = { author, text: body, vote };
          await this.store.set(key, { status: 'started', kind, position, comment: request });
        }
        if (!written) await this.options.host.addComment(file, request);
        const state = await this.options.host.readDiscussion(file);
        this.log(`${key}: ${request.author} commented on ${comment.comment}${request.vote === null ? '' : `, voting ${request.vote}`}`);
        return done({ ...discussionOutput(state), author: request.author, vote: request.vote });
      }

      case 'when': {
        const when = step as Extract<StepDocument, { when: unknown }>;
        let branch = started?.branch;
        if (branch === undefined) {
          const matched = typeof when.when === 'boolean' ? when.when : isTruthy(this.evaluator.condition(key, when.when, [...at, 'when'], scope));
          branch = matched ? 'then' : 'else';
          await this.store.set(key, { status: 'started', kind, position, branch });
        }
        const steps = branch === 'then' ? when.then : when.else;
        this.log(`${key}: the condition ${branch === 'then' ? 'holds' : 'does not hold'}${steps === undefined ? '; nothing to do' : `; running ${branch}`}`);
        if (steps !== undefined) await this.runSteps(steps, [...at, branch], scope.child(), prefix, position);
        return done({ branch, matched: branch === 'then' });
      }

      case 'foreach': {
        const foreach = step as Extract<StepDocument, { foreach: unknown }>;
        const items = started?.items ?? (await this.items(key, foreach, at, scope));
        if (started?.items === undefined) await this.store.set(key, { status: 'started', kind, position, items });
        const parallel = foreach.parallel ?? 1;
        this.log(`${key}: ${items.length} item${items.length === 1 ? '' : 's'}${parallel > 1 && items.length > 1 ? `, up to ${parallel} at a time` : ''}`);
        const limit = pLimit(parallel);
        let failure: unknown;
        await Promise.all(
          items.map((item, index) =>
            limit(async () => {
              // After a failure no new item starts; those running finish their step.
              if (failure !== undefined) return;
              try {
                await this.runSteps(foreach.steps, [...at, 'steps'], scope.child(item), `${key}.${index + 1}.`, [...position, index]);
              } catch (error) {
                failure ??= error;
              }
            }),
          ),
        );
        if (failure !== undefined) throw failure;
        return done({ count: items.length, items: [...items] });
      }

      case 'export': {
        const exported = step as Extract<StepDocument, { export: unknown }>;
        const to = text(exported.to, [...at, 'to']);
        if (!isInsideFolder(to)) {
          throw new WorkflowStepError(key, `export.to "${to}" must be a relative path inside the run folder`, placeOf(this.workflow.source, [...at, 'to']));
        }
        const file = path.resolve(this.outputDir, to);
        if (exported.export === 'files') {
          const writeFiles = this.options.host.writeFiles?.bind(this.options.host);
          if (writeFiles === undefined) throw new WorkflowStepError(key, 'export: files needs a host that can write files; run the workflow with quorum workflow run', placeOf(this.workflow.source, at));
          const source = String(scope.lookup(exported.discussion!)!.output['file']);
          const report = await writeFiles(source, file, { git: exported.git ?? this.options.git ?? false, message: `${this.workflow.name}: files from ${path.basename(source)}` });
          for (const refused of report.refused) this.log(`${key}: refused ${refused.path}: ${refused.reason}`);
          this.log(`${key}: wrote ${report.written.length} file${report.written.length === 1 ? '' : 's'} to ${this.display(file)}${report.commit === null ? '' : ` (commit ${report.commit.slice(0, 7)})`}`);
          return done({ file, written: [...report.written], refused: report.refused.map((r) => r.path), commit: report.commit });
        }
        if (exported.export === 'discussion') {
          const source = String(scope.lookup(exported.discussion!)!.output['file']);
          await writeFileAtomic(file, await readFile(source));
        } else if (exported.export === 'summary') {
          const states = await Promise.all(this.discussionFiles().map((discussion) => this.options.host.readDiscussion(discussion)));
          const summary = outcomeSummary(this.workflow.name, this.vars, states, file);
          const json = (exported.format ?? (/\.json$/i.test(to) ? 'json' : 'markdown')) === 'json';
          await writeFileAtomic(file, json ? `${JSON.stringify(summary, null, 2)}\n` : renderOutcomeMarkdown(summary));
        } else {
          const value = this.evaluator.value(key, exported.value!, [...at, 'value'], scope);
          const content = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
          await writeFileAtomic(file, content.endsWith('\n') ? content : `${content}\n`);
        }
        this.log(`${key}: wrote ${this.display(file)}`);
        return done({ file });
      }

      case 'workflow': {
        const call = step as Extract<StepDocument, { workflow: string }>;
        const called = this.workflow.called.get(call.id)!;
        const vars: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(call.vars ?? {})) {
          const here = [...at, 'vars', name];
          if (typeof value === 'string') {
            const evaluated = this.evaluator.value(key, value, here, scope);
            vars[name] = Array.isArray(evaluated) ? evaluated.map(valueToText) : valueToText(evaluated);
          } else if (Array.isArray(value)) {
            vars[name] = value.map((item, index) => (typeof item === 'string' ? text(item, [...here, index]) : String(item)));
          } else {
            vars[name] = String(value);
          }
        }
        const outputDir = path.join(this.outputDir, 'workflows', fileNameOf(key));
        this.log(`${key}: calling ${called.source.file}`);
        const result = await new Execution(called, { ...this.options, vars, outputDir }, this.cwd).run();
        return done({ outputs: { ...result.outputs }, dir: result.outputDir }, { discussions: result.discussions });
      }

      case 'fail': {
        const message = text((step as Extract<StepDocument, { fail: string }>).fail, [...at, 'fail']);
        this.log(`${key}: failing the workflow`);
        throw new WorkflowFailedError(key, message);
      }
    }
  }

  /** A foreach step's items: its list, a list expression's value, or the files its glob matches. */
  private async items(key: string, foreach: Extract<StepDocument, { foreach: unknown }>, at: readonly PathSegment[], scope: StepScope): Promise<string[]> {
    const items = foreach.foreach;
    if (Array.isArray(items)) return items.map((item, index) => (typeof item === 'string' ? this.evaluator.text(key, item, [...at, 'foreach', index], scope) : String(item)));
    if (typeof items === 'string') {
      const value = this.evaluator.value(key, items, [...at, 'foreach'], scope);
      if (!Array.isArray(value)) {
        throw new WorkflowStepError(key, `foreach needs a list, but ${items.trim()} is ${JSON.stringify(value)}; declare the var with type: list (--var name=a,b,c)`, placeOf(this.workflow.source, [...at, 'foreach']));
      }
      return value.map(valueToText);
    }
    const glob = this.evaluator.text(key, items.files, [...at, 'foreach', 'files'], scope);
    return matchFiles(this.workflow.source.dir, glob);
  }

  private vote(key: string, text: string, at: readonly PathSegment[]): VoteValue | null {
    if (text.trim() === '') return null;
    const vote = parseVoteValue(text);
    if (vote === undefined) throw new WorkflowStepError(key, `"${text}" is not a vote; use READY, CHANGES or REJECT (or an empty value for no vote)`, placeOf(this.workflow.source, at));
    return vote;
  }

  /** A path in the workflow, relative to the workflow file's folder. */
  private input(relative: string): string {
    return path.resolve(this.workflow.source.dir, relative);
  }

  private async readInput(key: string, relative: string, at: readonly PathSegment[]): Promise<string> {
    const file = this.input(relative);
    try {
      return await readFile(file, 'utf8');
    } catch {
      throw new NotFoundError(`step ${key}: ${this.display(file)} cannot be read`, placeOf(this.workflow.source, at));
    }
  }

  /** The run's discussion files in step order (foreach items in item order), each once. */
  private discussionFiles(): string[] {
    const records = Object.values(this.store.records()).filter((record): record is Extract<StepRecord, { status: 'done' }> => record.status === 'done' && record.discussions !== undefined);
    records.sort((a, b) => comparePositions(a.position, b.position));
    return [...new Set(records.flatMap((record) => record.discussions ?? []))];
  }

  private stopped(step: string): WorkflowFailedError {
    return new WorkflowFailedError(step, `stopped at step ${step}; run the workflow again with the same vars to carry on from there`);
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  private display(file: string): string {
    return displayPath(file, this.cwd);
  }
}

function comparePositions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function describeState(state: DiscussionState, outcome: string | undefined): string {
  return `the discussion is ${state.final ? 'over' : 'open'}: status ${state.status ?? 'OPEN'}, phase ${state.phase ?? '-'} (${outcome})`;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

