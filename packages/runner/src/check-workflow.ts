import { didYouMean, isQuorumError, parseVoteValue, VOTE_VALUES } from '@quorum/core';
import type { PathSegment } from '@quorum/config';
import { ExpressionError, parseCondition, parseTemplate, referencesOf, type Expression } from './expression.js';
import { shapeOf, type Shape } from './step-outputs.js';
import type { WorkflowDiagnostic } from './workflow-errors.js';
import type { TemplateFacts } from './workflow-host.js';
import { kindOf, type StepDocument, type StepKind, type WorkflowDocument } from './workflow-schema.js';
import { placeInString, placeOf, withPath, type Place, type WorkflowSource } from './workflow-source.js';

/** What the check needs to know about a called workflow. */
export interface CalledWorkflowFacts {
  /** Its vars and whether each is required (has no default). */
  readonly vars: ReadonlyMap<string, { readonly required: boolean }>;
  readonly outputs: readonly string[];
}

export interface CheckOptions {
  /** The workflows that `workflow` steps call, by step id (those that loaded). */
  readonly called: ReadonlyMap<string, CalledWorkflowFacts>;
  /** A template's phases, to check `template:` and `until: { phase }` before anything runs. */
  readonly describeTemplate?: ((name: string) => Promise<TemplateFacts>) | undefined;
}

type Reference = Extract<Expression, { kind: 'reference' }>;

interface VisibleStep {
  readonly kind: StepKind;
  readonly shape: Shape;
}

interface Scope {
  readonly steps: ReadonlyMap<string, VisibleStep>;
  readonly inForeach: boolean;
}

/** A template named by a discussion step with a written-out name, and the checks waiting on its phases. */
interface TemplateUse {
  readonly place: Place;
  readonly phaseChecks: { readonly phase: string; readonly place: Place }[];
}

/**
 * The static checks of a workflow that passed the schema: step ids unique; every `${{ }}`
 * parses; every reference names a var that is declared, a step that has run before it (in
 * this step list or an enclosing one) and a field that step gives, and `item` only inside a
 * foreach; `run:`, `comment:` and exports name discussion steps; steps have the fields their
 * kind needs; called workflows get the vars they declare. With `describeTemplate`, templates
 * and `until: { phase }` too. Never throws for problems with the workflow.
 */
export async function checkWorkflow(document: WorkflowDocument, source: WorkflowSource, options: CheckOptions): Promise<WorkflowDiagnostic[]> {
  const checker = new WorkflowChecker(document, source, options);
  checker.checkAll();
  await checker.checkTemplates();
  return checker.diagnostics;
}

class WorkflowChecker {
  readonly diagnostics: WorkflowDiagnostic[] = [];
  /** Every step id in the file, where it is and its kind: for duplicates and for "not visible here". */
  private readonly allSteps = new Map<string, { readonly path: readonly PathSegment[]; readonly kind: StepKind; readonly order: number }>();
  private readonly templates = new Map<string, TemplateUse>();
  /** The template of each discussion step whose template is written out. */
  private readonly discussionTemplates = new Map<string, string>();
  private readonly vars: ReadonlySet<string>;

  constructor(
    private readonly document: WorkflowDocument,
    private readonly source: WorkflowSource,
    private readonly options: CheckOptions,
  ) {
    this.vars = new Set(Object.keys(document.vars ?? {}));
  }

  checkAll(): void {
    this.collectIds(this.document.steps, ['steps']);
    const visible = this.checkSteps(this.document.steps, ['steps'], { steps: new Map(), inForeach: false });
    for (const [name, value] of Object.entries(this.document.outputs ?? {})) {
      this.checkText(value, ['outputs', name], { steps: visible, inForeach: false });
    }
  }

  /** Looks up every template named in full, then checks the phases that `until:` names in it. */
  async checkTemplates(): Promise<void> {
    const describe = this.options.describeTemplate;
    if (describe === undefined) return;
    for (const [name, use] of this.templates) {
      let facts: TemplateFacts;
      try {
        facts = await describe(name);
      } catch (error) {
        if (!isQuorumError(error)) throw error;
        this.report('unknown-template', use.place, `template ${name} cannot be used: ${error.detail}`);
        continue;
      }
      for (const check of use.phaseChecks) {
        if (facts.phases.includes(check.phase)) continue;
        this.report('unknown-phase', check.place, `template ${facts.id} has no phase "${check.phase}"${didYouMean(check.phase, facts.phases)}; its phases are ${facts.phases.join(', ')}`);
      }
    }
  }

  private collectIds(steps: readonly StepDocument[], path: readonly PathSegment[]): void {
    steps.forEach((step, index) => {
      const at = [...path, index];
      const kind = kindOf(step);
      const first = this.allSteps.get(step.id);
      if (first !== undefined) {
        const where = placeOf(this.source, [...first.path, 'id']);
        this.report('duplicate-step', placeOf(this.source, [...at, 'id']), `step id "${step.id}" is already used${where.line === undefined ? '' : ` on line ${where.line}`}; every step needs its own id`, [...at, 'id']);
      } else {
        this.allSteps.set(step.id, { path: at, kind, order: this.allSteps.size });
      }
      if ('then' in step || 'else' in step) {
        if ('then' in step && step.then !== undefined) this.collectIds(step.then, [...at, 'then']);
        if ('else' in step && step.else !== undefined) this.collectIds(step.else, [...at, 'else']);
      }
      if ('foreach' in step) this.collectIds(step.steps, [...at, 'steps']);
    });
  }

  /** Checks a step list; returns the steps visible after it (for `outputs`). */
  private checkSteps(steps: readonly StepDocument[], path: readonly PathSegment[], scope: Scope): ReadonlyMap<string, VisibleStep> {
    const visible = new Map(scope.steps);
    steps.forEach((step, index) => {
      const at = [...path, index];
      const kind = kindOf(step);
      this.checkStep(step, kind, at, { steps: visible, inForeach: scope.inForeach });
      visible.set(step.id, { kind, shape: shapeOf(kind, this.options.called.get(step.id)?.outputs) });
    });
    return visible;
  }

  private checkStep(step: StepDocument, kind: StepKind, at: readonly PathSegment[], scope: Scope): void {
    switch (kind) {
      case 'discussion': {
        const body = (step as Extract<StepDocument, { discussion: unknown }>).discussion;
        const here = [...at, 'discussion'];
        for (const key of ['title', 'template', 'context', 'context_file', 'provider', 'file'] as const) {
          const value = body[key];
          if (value !== undefined) this.checkText(value, [...here, key], scope);
        }
        body.participants?.forEach((participant, index) => this.checkText(participant, [...here, 'participants', index], scope));
        for (const [alias, model] of Object.entries(body.providers ?? {})) this.checkText(model, [...here, 'providers', alias], scope);
        if (body.file !== undefined) {
          const creating = (['title', 'template', 'context', 'context_file', 'participants'] as const).find((key) => body[key] !== undefined);
          if (creating !== undefined) {
            this.report('conflicting-fields', placeOf(this.source, [...here, creating], 'key'), `discussion.${creating} cannot be given with discussion.file: file opens an existing discussion, the other fields create one`, [...here, creating]);
          }
        } else if (body.title === undefined) {
          this.report('missing-field', placeOf(this.source, here), 'discussion.title is required to create a discussion (or give discussion.file to open an existing one)', here);
        }
        if (body.context !== undefined && body.context_file !== undefined) {
          this.report('conflicting-fields', placeOf(this.source, [...here, 'context_file'], 'key'), 'give discussion.context or discussion.context_file, not both', [...here, 'context_file']);
        }
        if (body.template !== undefined && !body.template.includes('${{')) {
          this.discussionTemplates.set(step.id, body.template);
          this.useTemplate(body.template, placeOf(this.source, [...here, 'template']));
        }
        return;
      }
      case 'run': {
        const run = step as Extract<StepDocument, { run: string }>;
        this.checkDiscussionTarget(run.run, [...at, 'run'], scope, 'run');
        if (run.provider !== undefined) this.checkText(run.provider, [...at, 'provider'], scope);
        if (run.until === 'max_turns' && run.max_turns === undefined) {
          this.report('missing-field', placeOf(this.source, [...at, 'until']), 'until: max_turns needs max_turns: N', [...at, 'until']);
        }
        if (typeof run.until === 'object') {
          const phasePath = [...at, 'until', 'phase'];
          this.checkText(run.until.phase, phasePath, scope);
          const template = this.discussionTemplates.get(run.run);
          if (template !== undefined && !run.until.phase.includes('${{')) {
            this.templates.get(template)?.phaseChecks.push({ phase: run.until.phase, place: placeOf(this.source, phasePath) });
          }
        }
        return;
      }
      case 'comment': {
        const comment = step as Extract<StepDocument, { comment: string }>;
        this.checkDiscussionTarget(comment.comment, [...at, 'comment'], scope, 'comment');
        for (const key of ['author', 'text', 'file', 'vote'] as const) {
          const value = comment[key];
          if (value !== undefined) this.checkText(value, [...at, key], scope);
        }
        const sources = (['text', 'file', 'stdin'] as const).filter((key) => comment[key] !== undefined);
        if (sources.length > 1) {
          this.report('conflicting-fields', placeOf(this.source, [...at, sources[1]!], 'key'), `give the comment's text with one of text, file or stdin, not ${sources[0]} and ${sources[1]}`, [...at, sources[1]!]);
        }
        if (sources.length === 0 && comment.vote === undefined) {
          this.report('missing-field', placeOf(this.source, at), 'a comment step needs text, file, stdin: true or a vote', at);
        }
        if (comment.vote !== undefined && !comment.vote.includes('${{') && comment.vote.trim() !== '' && parseVoteValue(comment.vote) === undefined) {
          this.report('invalid-vote', placeOf(this.source, [...at, 'vote']), `"${comment.vote}" is not a vote; use READY, CHANGES or REJECT${didYouMean(comment.vote.trim().toUpperCase(), VOTE_VALUES)}`, [...at, 'vote']);
        }
        return;
      }
      case 'when': {
        const when = step as Extract<StepDocument, { when: unknown }>;
        if (typeof when.when === 'string') this.checkCondition(when.when, [...at, 'when'], scope);
        if (when.then === undefined && when.else === undefined) {
          this.report('missing-field', placeOf(this.source, at), 'a when step needs then or else steps', at);
        }
        if (when.then !== undefined) this.checkSteps(when.then, [...at, 'then'], scope);
        if (when.else !== undefined) this.checkSteps(when.else, [...at, 'else'], scope);
        return;
      }
      case 'foreach': {
        const foreach = step as Extract<StepDocument, { foreach: unknown }>;
        const items = foreach.foreach;
        if (Array.isArray(items)) {
          items.forEach((item, index) => {
            if (typeof item === 'string') this.checkText(item, [...at, 'foreach', index], scope);
          });
        } else if (typeof items === 'string') {
          const parts = this.checkText(items, [...at, 'foreach'], scope);
          if (parts !== undefined && !(parts.length === 1 && parts[0]!.kind === 'expression')) {
            this.report('invalid-items', placeOf(this.source, [...at, 'foreach']), 'foreach takes a list, { files: <glob> }, or one ${{ }} expression whose value is a list', [...at, 'foreach']);
          }
        } else {
          this.checkText(items.files, [...at, 'foreach', 'files'], scope);
        }
        this.checkSteps(foreach.steps, [...at, 'steps'], { steps: scope.steps, inForeach: true });
        return;
      }
      case 'export': {
        const exported = step as Extract<StepDocument, { export: unknown }>;
        this.checkText(exported.to, [...at, 'to'], scope);
        if (!exported.to.includes('${{') && !isInsideFolder(exported.to)) {
          this.report('outside-run-folder', placeOf(this.source, [...at, 'to']), `export.to "${exported.to}" must be a relative path inside the run folder`, [...at, 'to']);
        }
        const allowed: Record<typeof exported.export, readonly string[]> = { discussion: ['discussion'], summary: ['format'], value: ['value'], files: ['discussion', 'git'] };
        for (const key of ['discussion', 'format', 'value', 'git'] as const) {
          if (exported[key] !== undefined && !allowed[exported.export].includes(key)) {
            this.report('conflicting-fields', placeOf(this.source, [...at, key], 'key'), `${key} is not used by export: ${exported.export}`, [...at, key]);
          }
        }
        if (exported.export === 'discussion' || exported.export === 'files') {
          if (exported.discussion === undefined) this.report('missing-field', placeOf(this.source, at), `export: ${exported.export} needs discussion: <the id of a discussion step>`, at);
          else this.checkDiscussionTarget(exported.discussion, [...at, 'discussion'], scope, 'export');
        }
        if (exported.export === 'value') {
          if (exported.value === undefined) this.report('missing-field', placeOf(this.source, at), 'export: value needs value: <what to write>', at);
          else this.checkText(exported.value, [...at, 'value'], scope);
        }
        return;
      }
      case 'workflow': {
        const call = step as Extract<StepDocument, { workflow: string }>;
        if (call.workflow.includes('${{')) {
          this.report('dynamic-workflow', placeOf(this.source, [...at, 'workflow']), 'workflow must be a path written out (no ${{ }}), so the called workflow is checked before anything runs', [...at, 'workflow']);
        }
        const called = this.options.called.get(call.id);
        for (const [name, value] of Object.entries(call.vars ?? {})) {
          const here = [...at, 'vars', name];
          if (typeof value === 'string') this.checkText(value, here, scope);
          if (Array.isArray(value)) value.forEach((item, index) => typeof item === 'string' && this.checkText(item, [...here, index], scope));
          if (called !== undefined && !called.vars.has(name)) {
            const declared = [...called.vars.keys()];
            this.report('unknown-var', placeOf(this.source, here, 'key'), `the called workflow declares no var "${name}"${didYouMean(name, declared)}${declared.length > 0 ? `; it has ${declared.join(', ')}` : ''}`, here);
          }
        }
        if (called !== undefined) {
          const missing = [...called.vars].filter(([name, facts]) => facts.required && !(name in (call.vars ?? {}))).map(([name]) => name);
          if (missing.length > 0) {
            this.report('missing-var', placeOf(this.source, [...at, 'workflow']), `the called workflow needs ${missing.map((name) => `vars.${name}`).join(', ')}, which have no default; give ${missing.length === 1 ? 'it' : 'them'} under vars:`, [...at, 'workflow']);
          }
        }
        return;
      }
      case 'fail':
        this.checkText((step as Extract<StepDocument, { fail: string }>).fail, [...at, 'fail'], scope);
        return;
    }
  }

  private useTemplate(name: string, place: Place): void {
    if (!this.templates.has(name)) this.templates.set(name, { place, phaseChecks: [] });
  }

  /** `run:`, `comment:` and `export: discussion` name a discussion step that has run before. */
  private checkDiscussionTarget(id: string, path: readonly PathSegment[], scope: Scope, field: string): void {
    const visible = scope.steps.get(id);
    const place = placeOf(this.source, path);
    if (visible === undefined) {
      const discussions = [...scope.steps].filter(([, step]) => step.kind === 'discussion').map(([name]) => name);
      this.report('unknown-step', place, `${field}: ${this.notVisible(id, discussions, path)}`, path);
      return;
    }
    if (visible.kind !== 'discussion') {
      this.report('not-a-discussion', place, `${field}: step ${id} is a ${visible.kind} step; name the id of a discussion step`, path);
    }
  }

  /** Why a step id cannot be used here (`path` is where it is used). */
  private notVisible(id: string, candidates: readonly string[], path: readonly PathSegment[]): string {
    const known = this.allSteps.get(id);
    if (known === undefined) return `no step has the id "${id}"${didYouMean(id, candidates)}`;
    const list = known.path.slice(0, -1);
    const index = known.path.at(-1) as number;
    const enclosing = path.length > list.length && list.every((segment, i) => path[i] === segment);
    if (enclosing) {
      const position = path[list.length] as number;
      if (index === position) return `this is inside step ${id}, whose values are known only once it has finished`;
      if (index > position) return `step ${id} runs after this point, so its values are not known here`;
    }
    return `step ${id} is inside a when branch or a foreach that does not contain this point, so its values are not known here`;
  }

  /** Parses a string's `${{ }}` parts and checks their references; undefined when it does not parse. */
  private checkText(value: string, path: readonly PathSegment[], scope: Scope) {
    let parts;
    try {
      parts = parseTemplate(value);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      this.reportExpressionError(error, value, path);
      return undefined;
    }
    for (const part of parts) {
      if (part.kind === 'expression') for (const reference of referencesOf(part.expression)) this.checkReference(reference, value, path, scope);
    }
    return parts;
  }

  private checkCondition(value: string, path: readonly PathSegment[], scope: Scope): void {
    let expression: Expression;
    try {
      expression = parseCondition(value);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      this.reportExpressionError(error, value, path);
      return;
    }
    for (const reference of referencesOf(expression)) this.checkReference(reference, value, path, scope);
  }

  private reportExpressionError(error: ExpressionError, value: string, path: readonly PathSegment[]): void {
    const rest = value.slice(error.offset).split('\n')[0] ?? '';
    const place = placeInString(this.source, path, value, error.offset, rest.slice(0, 16));
    this.report('expression', place, `invalid expression: ${error.message}`, path);
  }

  private checkReference(reference: Reference, value: string, path: readonly PathSegment[], scope: Scope): void {
    const { segments } = reference;
    const last = segments.at(-1)!;
    const text = value.slice(reference.start, last.start + last.name.length);
    const place = placeInString(this.source, path, value, reference.start, text);
    const fail = (code: string, message: string) => this.report(code, place, message, path);
    const root = segments[0]!.name;
    if (root === 'vars') {
      const name = segments[1]?.name;
      if (name === undefined) return fail('unknown-var', 'vars needs a name: vars.<name>');
      if (!this.vars.has(name)) {
        const declared = [...this.vars];
        return fail('unknown-var', `vars.${name} is not declared${didYouMean(name, declared)}; ${declared.length === 0 ? 'the workflow declares no vars (add it under vars:)' : `the declared vars are ${declared.join(', ')}`}`);
      }
      if (segments.length > 2) return fail('unknown-field', `vars.${name} is a value; it has no field "${segments[2]!.name}"`);
      return;
    }
    if (root === 'item') {
      if (!scope.inForeach) return fail('item-outside-foreach', 'item is only defined inside the steps of a foreach');
      if (segments.length > 1) return fail('unknown-field', `item is a value; it has no field "${segments[1]!.name}"`);
      return;
    }
    if (root !== 'steps') {
      return fail('unknown-name', `"${root}" is not something an expression can read${didYouMean(root, ['steps', 'vars', 'item'])}; references start with steps., vars. or item`);
    }
    const id = segments[1]?.name;
    if (id === undefined) return fail('unknown-step', 'steps needs a step id and a field: steps.<id>.<field>');
    const step = scope.steps.get(id);
    if (step === undefined) return fail('unknown-step', `steps.${id}: ${this.notVisible(id, [...scope.steps.keys()], path)}`);
    let shape = step.shape;
    let name = `steps.${id}`;
    for (const segment of segments.slice(2)) {
      if (shape.kind === 'record') {
        const field = shape.fields[segment.name];
        if (field === undefined) {
          const fields = Object.keys(shape.fields);
          return fail('unknown-field', `${name} has no field "${segment.name}"${didYouMean(segment.name, fields)}${fields.length === 0 ? '' : `; it has ${fields.join(', ')}`}`);
        }
        shape = field;
      } else if (shape.kind === 'map') {
        shape = { kind: 'value', description: '' };
      } else if (shape.kind === 'list' && /^\d+$/.test(segment.name)) {
        shape = { kind: 'value', description: '' };
      } else {
        return fail('unknown-field', `${name} is a ${shape.kind === 'list' ? 'list (index it with a number, such as .0)' : 'value'}; it has no field "${segment.name}"`);
      }
      name = `${name}.${segment.name}`;
    }
    if (shape.kind === 'record') {
      const fields = Object.keys(shape.fields);
      return fail('incomplete-reference', `${name} is a group of values; name one of them: ${fields.length === 0 ? `(a ${step.kind} step gives none)` : fields.map((field) => `${name}.${field}`).join(', ')}`);
    }
    if (shape.kind === 'map') return fail('incomplete-reference', `${name} counts markers by type; name one, such as ${name}.decision`);
  }

  private report(code: string, place: Place, message: string, path: readonly PathSegment[] = []): void {
    this.diagnostics.push({ code, message: withPath(this.source, path, message), ...place });
  }
}

/** Whether a relative path stays inside the folder it is relative to. */
export function isInsideFolder(relative: string): boolean {
  if (relative.trim() === '' || /^([A-Za-z]:)?[\\/]/.test(relative)) return false;
  let depth = 0;
  for (const part of relative.split(/[\\/]+/)) {
    if (part === '..') depth--;
    else if (part !== '.' && part !== '') depth++;
    if (depth < 0) return false;
  }
  return depth > 0;
}

