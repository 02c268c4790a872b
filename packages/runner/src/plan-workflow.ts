import path from 'node:path';
import type { PathSegment } from '@quorum/config';
import { evaluate, ExpressionError, isTruthy, parseCondition, parseTemplate, valueToText, type Value } from './expression.js';
import { displayPath, type LoadedWorkflow } from './load-workflow.js';
import { matchFiles } from './match-files.js';
import { PROGRESS_FILE, readProgress, type Progress } from './progress-store.js';
import { fileNameOf, runFolder } from './run-workflow.js';
import { Evaluator, StepScope, UnknownValue } from './step-scope.js';
import { kindOf, type StepDocument } from './workflow-schema.js';
import { resolveVars, type GivenVars, type VarsValue } from './workflow-vars.js';

export interface PlanOptions {
  readonly vars?: GivenVars | undefined;
  readonly outputDir?: string | undefined;
  readonly outputRoot?: string | undefined;
  readonly cwd?: string | undefined;
}

/**
 * The dry run: what `runWorkflow` would do, as lines of text, with vars (and the outputs of
 * steps an earlier run finished) written into every field, and `${{ }}` left as written
 * where a value is known only at run time. Reads the progress file and lists the files a
 * glob matches; calls no provider and writes nothing.
 */
export async function planWorkflow(workflow: LoadedWorkflow, options: PlanOptions = {}): Promise<string[]> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const lines: string[] = [];
  await new Planner(workflow, options, cwd, lines, '').plan();
  return lines;
}

class Planner {
  private readonly vars: Readonly<Record<string, VarsValue>>;
  private readonly evaluator: Evaluator;
  private readonly outputDir: string;
  private progress: Progress | undefined;

  constructor(
    private readonly workflow: LoadedWorkflow,
    private readonly options: PlanOptions,
    private readonly cwd: string,
    private readonly lines: string[],
    private readonly indent: string,
  ) {
    this.vars = resolveVars(workflow.definition, options.vars ?? {}, workflow.source.file);
    this.evaluator = new Evaluator(workflow.source, this.vars);
    this.outputDir = path.resolve(cwd, options.outputDir ?? runFolder(workflow, this.vars, path.resolve(cwd, options.outputRoot ?? 'workflow-runs')));
  }

  async plan(): Promise<void> {
    this.progress = await readProgress(path.join(this.outputDir, PROGRESS_FILE));
    const vars = Object.entries(this.vars).map(([name, value]) => `${name} = ${Array.isArray(value) ? `[${value.join(', ')}]` : JSON.stringify(oneLine(value as string))}`);
    this.line(`workflow ${this.workflow.name} (${this.workflow.source.file})`);
    if (vars.length > 0) this.line(`vars: ${vars.join(', ')}`);
    const finished = Object.values(this.progress?.steps ?? {}).filter((record) => record.status === 'done').length;
    const state = this.progress === undefined ? 'not started' : this.progress.status === 'succeeded' ? 'finished' : `${finished} step${finished === 1 ? '' : 's'} finished by an earlier run`;
    this.line(`run folder: ${this.display(this.outputDir)} (${state})`);
    const scope = new StepScope();
    await this.steps(this.workflow.definition.steps, ['steps'], scope, '', '  ');
    for (const [name, text] of Object.entries(this.workflow.definition.outputs ?? {})) this.line(`output ${name}: ${this.render(text, scope)}`);
  }

  private async steps(steps: readonly StepDocument[], at: readonly PathSegment[], scope: StepScope, prefix: string, indent: string): Promise<void> {
    for (const [index, step] of steps.entries()) {
      await this.step(step, [...at, index], scope, prefix, indent, `${index + 1}.`);
    }
  }

  private async step(step: StepDocument, at: readonly PathSegment[], scope: StepScope, prefix: string, indent: string, number: string): Promise<void> {
    const key = `${prefix}${step.id}`;
    const record = this.progress?.steps[key];
    const finished = record?.status === 'done';
    if (finished) scope.set(step.id, { output: record.output, provider: record.provider, providers: record.providers });
    const mark = finished ? ' [finished]' : '';
    const say = (text: string) => this.line(`${indent}${number} ${key}: ${text}${mark}`);
    const render = (text: string) => this.render(text, scope);
    switch (kindOf(step)) {
      case 'discussion': {
        const body = (step as Extract<StepDocument, { discussion: unknown }>).discussion;
        if (body.file !== undefined) return say(`open ${render(body.file)}`);
        const details = [
          body.template === undefined ? 'no template' : `template ${render(body.template)}`,
          body.participants === undefined ? undefined : `participants ${body.participants.map(render).join(', ')}`,
          body.context_file === undefined ? undefined : `context from ${render(body.context_file)}`,
          body.provider === undefined ? undefined : `provider ${render(body.provider)}`,
          body.providers === undefined ? undefined : `providers ${Object.entries(body.providers).map(([alias, model]) => `${alias}=${render(model) || '(usual)'}`).join(', ')}`,
        ].filter((detail) => detail !== undefined);
        return say(`create "${render(body.title!)}" in ${this.display(path.join(this.outputDir, 'discussions', `${fileNameOf(key)}.md`))} (${details.join(', ')})`);
      }
      case 'run': {
        const run = step as Extract<StepDocument, { run: string }>;
        const until = run.until ?? 'final';
        const provider = run.provider === undefined ? scope.lookup(run.run)?.provider : render(run.provider);
        return say(
          `run ${run.run} until ${typeof until === 'object' ? `phase ${render(until.phase)}` : until}${run.max_turns === undefined ? '' : `, at most ${run.max_turns} rounds`}${provider === undefined ? '' : `, provider ${provider}`}`,
        );
      }
      case 'comment': {
        const comment = step as Extract<StepDocument, { comment: string }>;
        const from = comment.text !== undefined ? `"${oneLine(render(comment.text))}"` : comment.file !== undefined ? `the text of ${render(comment.file)}` : comment.stdin ? 'standard input' : 'no text';
        return say(`comment on ${comment.comment} as ${comment.author === undefined ? 'the default author' : render(comment.author)}: ${from}${comment.vote === undefined ? '' : `, voting ${render(comment.vote)}`}`);
      }
      case 'when': {
        const when = step as Extract<StepDocument, { when: unknown }>;
        const condition = typeof when.when === 'boolean' ? String(when.when) : when.when.trim();
        const matched = typeof when.when === 'boolean' ? when.when : this.known(() => isTruthy(evaluate(parseCondition(when.when as string), (reference) => this.evaluator.resolve(reference, scope))));
        say(`when ${condition}${matched === undefined ? ' (known only when it runs)' : ` (${matched ? 'holds' : 'does not hold'})`}`);
        for (const branch of ['then', 'else'] as const) {
          const steps = when[branch];
          if (steps === undefined) continue;
          const taken = matched === undefined || (branch === 'then') === matched;
          this.line(`${indent}   ${branch}:${taken ? '' : ' (skipped)'}`);
          if (taken) await this.steps(steps, [...at, branch], scope.child(), prefix, `${indent}     `);
        }
        return;
      }
      case 'foreach': {
        const foreach = step as Extract<StepDocument, { foreach: unknown }>;
        const items = record?.status === 'started' && record.items !== undefined ? [...record.items] : await this.items(foreach, scope);
        const parallel = foreach.parallel ?? 1;
        say(`for each of ${items === undefined ? 'the items (known only when it runs)' : `${items.length} item${items.length === 1 ? '' : 's'}`}${parallel > 1 ? `, up to ${parallel} at a time` : ''}`);
        if (items === undefined) {
          await this.steps(foreach.steps, [...at, 'steps'], scope.child(), `${key}.N.`, `${indent}   `);
          return;
        }
        for (const [index, item] of items.entries()) {
          this.line(`${indent}   item ${index + 1}: ${item}`);
          await this.steps(foreach.steps, [...at, 'steps'], scope.child(item), `${key}.${index + 1}.`, `${indent}     `);
        }
        return;
      }
      case 'export': {
        const exported = step as Extract<StepDocument, { export: unknown }>;
        const to = this.display(path.resolve(this.outputDir, render(exported.to)));
        if (exported.export === 'files') return say(`write the files discussion ${exported.discussion} delivers into ${to}${exported.git === true ? ', committed with git' : exported.git === false ? '' : ' (committed with git under --git)'}`);
        const what = exported.export === 'discussion' ? `discussion ${exported.discussion}` : exported.export === 'summary' ? `a summary of the outcomes (${exported.format ?? (/\.json$/i.test(exported.to) ? 'json' : 'markdown')})` : `"${oneLine(render(exported.value!))}"`;
        return say(`write ${what} to ${to}`);
      }
      case 'workflow': {
        const call = step as Extract<StepDocument, { workflow: string }>;
        const called = this.workflow.called.get(call.id)!;
        const vars: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(call.vars ?? {})) {
          const evaluated = typeof value === 'string' ? this.renderValue(value, scope) : Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? render(item) : String(item))) : String(value);
          vars[name] = Array.isArray(evaluated) ? evaluated.map(valueToText) : valueToText(evaluated);
        }
        say(`call ${called.source.file}`);
        const nested = new Planner(called, { vars, outputDir: path.join(this.outputDir, 'workflows', fileNameOf(key)) }, this.cwd, this.lines, `${indent}   `);
        await nested.plan();
        return;
      }
      case 'fail':
        return say(`fail: "${oneLine(render((step as Extract<StepDocument, { fail: string }>).fail))}"`);
    }
  }

  private async items(foreach: Extract<StepDocument, { foreach: unknown }>, scope: StepScope): Promise<string[] | undefined> {
    const items = foreach.foreach;
    if (Array.isArray(items)) return items.map((item) => (typeof item === 'string' ? this.render(item, scope) : String(item)));
    if (typeof items === 'string') {
      const value = this.known(() => this.renderValue(items, scope));
      return Array.isArray(value) ? value.map(valueToText) : undefined;
    }
    const glob = this.known(() => this.renderValue(items.files, scope));
    return typeof glob === 'string' && !glob.includes('${{') ? matchFiles(this.workflow.source.dir, glob) : undefined;
  }

  /** A text field with what is known written in; `${{ }}` parts known only at run time stay as written. */
  private render(text: string, scope: StepScope): string {
    return parseTemplate(text)
      .map((part) => {
        if (part.kind === 'text') return part.text;
        const value = this.known(() => evaluate(part.expression, (reference) => this.evaluator.resolve(reference, scope)));
        return value === undefined ? `\${{${part.source}}}` : valueToText(value);
      })
      .join('');
  }

  private renderValue(text: string, scope: StepScope): Value {
    const parts = parseTemplate(text);
    const only = parts.length === 1 ? parts[0] : undefined;
    if (only?.kind === 'expression') {
      const expression = only.expression;
      const value = this.known(() => evaluate(expression, (reference) => this.evaluator.resolve(reference, scope)));
      if (value !== undefined) return value;
    }
    return this.render(text, scope);
  }

  /** The value, or undefined when it depends on something known only at run time. */
  private known<T>(compute: () => T): T | undefined {
    try {
      return compute();
    } catch (error) {
      // Unknown until it runs, or a comparison that fails on values known now (the run will report it).
      if (error instanceof UnknownValue || error instanceof ExpressionError) return undefined;
      throw error;
    }
  }

  private line(text: string): void {
    this.lines.push(`${this.indent}${text}`);
  }

  private display(file: string): string {
    return displayPath(file, this.cwd);
  }
}

function oneLine(text: string): string {
  const line = text.replace(/\s*\n\s*/g, ' ').trim();
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}
