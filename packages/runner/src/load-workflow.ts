import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadYamlDocument } from '@quorum/config';
import { isQuorumError } from '@quorum/core';
import { checkWorkflow, type CalledWorkflowFacts } from './check-workflow.js';
import { schemaDiagnostics } from './schema-problems.js';
import { WorkflowError, type WorkflowDiagnostic } from './workflow-errors.js';
import type { TemplateFacts } from './workflow-host.js';
import { kindOf, WORKFLOW_NAME_PATTERN, type StepDocument, type VarDeclaration, type VarValue, type WorkflowDocument } from './workflow-schema.js';
import { placeOf, type WorkflowSource } from './workflow-source.js';

/** A workflow that passed every check, ready to run or to plan. */
export interface LoadedWorkflow {
  readonly definition: WorkflowDocument;
  /** Its `name`, else the file name: the folder its runs go in. */
  readonly name: string;
  readonly source: WorkflowSource;
  /** The workflows that `workflow` steps call, by step id. */
  readonly called: ReadonlyMap<string, LoadedWorkflow>;
}

export interface LoadWorkflowOptions {
  /** File names in messages are relative to it; a definition given in code resolves its paths from it. */
  readonly cwd: string;
  /** Checks templates and `until: { phase }` before anything runs (the host's `describeTemplate`). */
  readonly describeTemplate?: ((name: string) => Promise<TemplateFacts>) | undefined;
}

/** File extensions read as JavaScript modules whose default export is the workflow. */
const MODULE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs']);

/**
 * Reads a workflow file (YAML, JSON, or a JavaScript module whose default export is built
 * with `defineWorkflow`), the workflows it calls, and checks them all. Throws a
 * {@link WorkflowError} with every problem when there is any.
 */
export async function loadWorkflowFile(file: string, options: LoadWorkflowOptions): Promise<LoadedWorkflow> {
  const { workflow, diagnostics } = await analyseWorkflowFile(file, options);
  if (workflow === undefined) throw new WorkflowError(diagnostics);
  return workflow;
}

/** Every problem with a workflow file and the workflows it calls; never throws for them. */
export async function analyseWorkflowFile(file: string, options: LoadWorkflowOptions): Promise<{ workflow?: LoadedWorkflow; diagnostics: WorkflowDiagnostic[] }> {
  return new WorkflowLoader(options).load(path.resolve(options.cwd, file), []);
}

/**
 * Every problem with a workflow's text (YAML or JSON) as if read from `file` (relative to
 * `options.cwd`), without reading it from disk; called workflows are read from disk.
 */
export async function analyseWorkflowText(text: string, file: string, options: LoadWorkflowOptions): Promise<{ workflow?: LoadedWorkflow; diagnostics: WorkflowDiagnostic[] }> {
  return new WorkflowLoader(options).parse(text, path.resolve(options.cwd, file), []);
}

/**
 * Checks a workflow given as a value (what `defineWorkflow` returns, or parsed data): the
 * schema and the static checks, with paths in messages instead of lines. Relative paths in
 * it are resolved from `options.cwd`; `file` names it in messages.
 */
export async function prepareWorkflow(definition: unknown, options: LoadWorkflowOptions & { readonly file?: string }): Promise<LoadedWorkflow> {
  const loader = new WorkflowLoader(options);
  const source: WorkflowSource = { file: options.file ?? 'workflow', path: undefined, dir: path.resolve(options.cwd) };
  const { workflow, diagnostics } = await loader.analyse(definition, source, []);
  if (workflow === undefined) throw new WorkflowError(diagnostics);
  return workflow;
}

class WorkflowLoader {
  private readonly loaded = new Map<string, Promise<{ workflow?: LoadedWorkflow; diagnostics: WorkflowDiagnostic[] }>>();

  constructor(private readonly options: LoadWorkflowOptions) {}

  load(file: string, stack: readonly string[]): Promise<{ workflow?: LoadedWorkflow; diagnostics: WorkflowDiagnostic[] }> {
    let result = this.loaded.get(file);
    if (result === undefined) {
      result = this.read(file, stack);
      this.loaded.set(file, result);
    }
    return result;
  }

  private async read(file: string, stack: readonly string[]): Promise<{ workflow?: LoadedWorkflow; diagnostics: WorkflowDiagnostic[] }> {
    const display = displayPath(file, this.options.cwd);
    const problem = (code: string, message: string, at: { line?: number | undefined; column?: number | undefined } = {}) => ({
      diagnostics: [{ code, message, file: display, ...at }],
    });
    const extension = path.extname(file).toLowerCase();
    if (extension === '.ts' || extension === '.mts' || extension === '.cts') {
      return problem('unsupported-file', 'a TypeScript workflow is run from your own code with runWorkflow(definition, { host, vars }); quorum workflow reads .yaml, .yml, .json, .js and .mjs files');
    }
    if (MODULE_EXTENSIONS.has(extension)) {
      let module: { default?: unknown };
      try {
        module = (await import(pathToFileURL(file).href)) as { default?: unknown };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return problem('unreadable', code === 'ERR_MODULE_NOT_FOUND' && !(error as Error).message.includes('imported from') ? 'the workflow file does not exist' : `the workflow module cannot be loaded: ${firstLine(error)}`);
      }
      if (module.default === undefined) return problem('no-default-export', 'the module has no default export; export default defineWorkflow({ … })');
      return this.analyse(module.default, { file: display, path: file, dir: path.dirname(file) }, stack);
    }
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return problem('unreadable', code === 'ENOENT' ? 'the workflow file does not exist' : code === 'EISDIR' ? 'the workflow path is a directory, not a file' : `cannot read the workflow file: ${firstLine(error)}`);
    }
    return this.parse(text, file, stack);
  }

  async parse(text: string, file: string, stack: readonly string[]): Promise<{ workflow?: LoadedWorkflow; diagnostics: WorkflowDiagnostic[] }> {
    const display = displayPath(file, this.options.cwd);
    let value: unknown;
    let locate;
    try {
      ({ value, locate } = loadYamlDocument(text, display, { kind: 'workflow' }));
    } catch (error) {
      if (!isQuorumError(error)) throw error;
      return { diagnostics: [{ code: 'yaml', message: error.detail, file: display, line: error.line, column: error.column }] };
    }
    return this.analyse(value, { file: display, path: file, dir: path.dirname(file), text, locate }, stack);
  }

  async analyse(value: unknown, source: WorkflowSource, stack: readonly string[]): Promise<{ workflow?: LoadedWorkflow; diagnostics: WorkflowDiagnostic[] }> {
    const schemaProblems = schemaDiagnostics(value, source);
    if (schemaProblems.length > 0) return { diagnostics: sortDiagnostics(schemaProblems) };
    const definition = value as WorkflowDocument;
    const here = source.path === undefined ? stack : [...stack, source.path];

    const diagnostics: WorkflowDiagnostic[] = [];
    const called = new Map<string, LoadedWorkflow>();
    for (const { step, at } of workflowSteps(definition.steps, ['steps'])) {
      if (step.workflow.includes('${{')) continue;
      const target = path.resolve(source.dir, step.workflow);
      if (here.includes(target)) {
        diagnostics.push({
          code: 'workflow-cycle',
          message: `${step.workflow} calls back into a workflow that is already running (${[...here, target].map((file) => path.basename(file)).join(' -> ')}); workflows cannot call themselves`,
          ...placeOf(source, [...at, 'workflow']),
        });
        continue;
      }
      const result = await this.load(target, here);
      if (result.workflow === undefined) {
        // The called file's own problems, each at its own file and line, after a pointer to the call.
        diagnostics.push({ code: 'called-workflow', message: `the workflow called here (${step.workflow}) has problems, listed below`, ...placeOf(source, [...at, 'workflow']) });
        diagnostics.push(...result.diagnostics);
        continue;
      }
      called.set(step.id, result.workflow);
    }

    const facts = new Map<string, CalledWorkflowFacts>();
    for (const [id, workflow] of called) facts.set(id, calledFacts(workflow.definition));
    diagnostics.push(...(await checkWorkflow(definition, source, { called: facts, describeTemplate: this.describeTemplate(source) })));
    if (diagnostics.length > 0) return { diagnostics: sortDiagnostics(diagnostics, source.file) };
    return { workflow: { definition, name: workflowName(definition, source), source, called }, diagnostics: [] };
  }

  /** Template names that are paths are relative to the workflow file. */
  private describeTemplate(source: WorkflowSource) {
    const describe = this.options.describeTemplate;
    if (describe === undefined) return undefined;
    return (name: string) => describe(templateReference(name, source.dir));
  }
}

/** A template named in a workflow: an id as it is, a path made absolute from the workflow's folder. */
export function templateReference(name: string, dir: string): string {
  return name.includes('/') || name.includes('\\') || /\.ya?ml$/i.test(name) ? path.resolve(dir, name) : name;
}

/** Every `workflow` step, at any depth. */
function workflowSteps(steps: readonly StepDocument[], base: readonly (string | number)[]): { step: Extract<StepDocument, { workflow: string }>; at: (string | number)[] }[] {
  return steps.flatMap((step, index) => {
    const at = [...base, index];
    switch (kindOf(step)) {
      case 'workflow':
        return [{ step: step as Extract<StepDocument, { workflow: string }>, at }];
      case 'when': {
        const when = step as Extract<StepDocument, { when: unknown }>;
        return [...workflowSteps(when.then ?? [], [...at, 'then']), ...workflowSteps(when.else ?? [], [...at, 'else'])];
      }
      case 'foreach':
        return workflowSteps((step as Extract<StepDocument, { foreach: unknown }>).steps, [...at, 'steps']);
      default:
        return [];
    }
  });
}

function calledFacts(definition: WorkflowDocument): CalledWorkflowFacts {
  const vars = new Map<string, { required: boolean }>();
  for (const [name, declaration] of Object.entries(definition.vars ?? {})) vars.set(name, { required: defaultOf(declaration) === undefined });
  return { vars, outputs: Object.keys(definition.outputs ?? {}) };
}

/** A var's default as declared, or undefined when it has none (so it is required). */
export function defaultOf(declaration: VarDeclaration): VarValue | undefined {
  if (declaration === null) return undefined;
  if (typeof declaration === 'object' && !Array.isArray(declaration)) return declaration.default;
  return declaration;
}

/** The workflow's `name`, else its file name made into one. */
function workflowName(definition: WorkflowDocument, source: WorkflowSource): string {
  if (definition.name !== undefined) return definition.name;
  const base = path.basename(source.path ?? source.file).replace(/\.[^.]+$/, '');
  const slug = base.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '');
  return WORKFLOW_NAME_PATTERN.test(slug) ? slug : 'workflow';
}

/** Errors of the file itself first, in line order, then those of called files. */
function sortDiagnostics(diagnostics: readonly WorkflowDiagnostic[], first?: string): WorkflowDiagnostic[] {
  return diagnostics
    .map((diagnostic, index) => ({ diagnostic, index }))
    .sort((a, b) => {
      const fileA = a.diagnostic.file === first ? 0 : 1;
      const fileB = b.diagnostic.file === first ? 0 : 1;
      if (fileA !== fileB || a.diagnostic.file !== b.diagnostic.file) return fileA - fileB || a.index - b.index;
      return (a.diagnostic.line ?? 0) - (b.diagnostic.line ?? 0) || (a.diagnostic.column ?? 0) - (b.diagnostic.column ?? 0) || a.index - b.index;
    })
    .map(({ diagnostic }) => diagnostic);
}

/** `relative/path.yaml` when inside `cwd`, the absolute path otherwise. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
