import { toJsonSchema, type JsonSchema } from '@quorum/core';
import { z } from 'zod';

/** A step id or a var name: what `${{ steps.<id> }}` and `${{ vars.<name> }}` name. */
export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** A workflow's name: part of its output folder's path. */
export const WORKFLOW_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
/** The most items of a `foreach` that may run at once. */
export const MAX_PARALLEL = 32;

const name = z
  .string()
  .regex(NAME_PATTERN, { error: 'must be a name: a letter or "_", then letters, digits, "_" or "-"' });

/** A string in which `${{ expression }}` is replaced by the expression's value. */
const text = (description: string) => z.string().describe(`${description} \${{ … }} expressions are replaced by their values.`);

const varValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]);

const varDeclaration = z
  .union(
    [
      varValue,
      z.strictObject({
        description: z.string().optional().describe('What the var is for, shown by the dry run.'),
        default: varValue.optional().describe('The value when --var does not give one. Without a default the var is required.'),
        type: z
          .enum(['string', 'list'])
          .optional()
          .describe('string (the default) or list: a list var given with --var takes comma-separated items.'),
      }),
    ],
    { error: 'must be a default value (a string, number, boolean or list) or a mapping with description, default and type' },
  )
  .nullable();

const discussionBody = z
  .strictObject({
    title: text('The discussion title; required unless file names an existing discussion.').optional(),
    template: text('The phase template: an id (quorum template list) or a path to a .yaml file.').optional(),
    context: text('Markdown for the Context section.').optional(),
    context_file: text('A file whose text (used as written) is the Context section, relative to the workflow file.').optional(),
    participants: z.array(text('A participant alias.')).optional().describe("Participant aliases (default: the template's, else the config's)."),
    provider: text('The model the run steps of this discussion use (provider:model or a provider name), unless --provider is given.').optional(),
    providers: z
      .record(name, text('provider:model or a provider name; empty for the usual choice.'))
      .optional()
      .describe("A model per participant for the run steps of this discussion, over that persona's own provider hint (e.g. two plans from two providers); --provider still decides for everyone when given."),
    file: text('Open this existing discussion file (relative to the workflow file) instead of creating one.').optional(),
  })
  .describe('Creates a discussion in the run folder (discussions/<step>.md), or opens an existing file.');

const until = z
  .union(
    [
      z.enum(['final', 'consensus', 'max_turns']),
      z.strictObject({ phase: text('A phase of the discussion\'s template.') }),
    ],
    { error: 'must be final, consensus, max_turns or { phase: <phase id> }' },
  )
  .describe(
    'When the run stops: final (a final phase, the default), consensus (the votes of the current phase reach an outcome), max_turns (after max_turns rounds) or { phase: <id> } (the discussion is in that phase). A run also stops when the discussion ends, waits for a person or hits a budget.',
  );

const vote = text('READY, CHANGES or REJECT (any case); an empty value casts no vote.');

const foreachItems = z
  .union(
    [
      z.array(z.union([z.string(), z.number()])).describe('The items; each may hold expressions.'),
      z.string().describe('An expression whose value is a list, such as ${{ vars.topics }}.'),
      z.strictObject({ files: text('A glob relative to the workflow file: *, ** and ? are wildcards, {a,b} alternatives.') }),
    ],
    { error: 'must be a list of items, an expression such as ${{ vars.topics }}, or { files: <glob> }' },
  )
  .describe('What to iterate over; the nested steps see the current item as ${{ item }}.');

const exportKind = z
  .enum(['discussion', 'summary', 'value', 'files'])
  .describe(
    'discussion: copy a discussion file; summary: the outcomes of the discussions of this run (Markdown or JSON); value: write a value; files: the files a discussion delivers (code blocks under their paths) into a folder.',
  );

/**
 * One step. Its kind is the key it has besides `id`: `discussion`, `run`, `comment`, `when`,
 * `foreach`, `export`, `workflow` or `fail`. The nested step lists (`then`, `else`, `steps`)
 * make the schema recursive; `.meta({ id })` names it `step` in the generated JSON Schema.
 */
export const stepSchema: z.ZodType<StepDocument> = z
  .union([
    z.strictObject({ id: name, discussion: discussionBody }),
    z.strictObject({
      id: name,
      run: name.describe('The id of a discussion step.'),
      until: until.optional(),
      max_turns: z.int().min(1).max(1000).optional().describe('The most rounds this step starts (over resumed runs too).'),
      provider: text('The model for this run (provider:model or a provider name), unless --provider is given.').optional(),
    }),
    z.strictObject({
      id: name,
      comment: name.describe('The id of a discussion step.'),
      author: text('Who comments (default: the config\'s author, $QUORUM_AUTHOR or your user name).').optional(),
      text: text('The comment in Markdown.').optional(),
      file: text('A file whose text (used as written) is the comment, relative to the workflow file.').optional(),
      stdin: z.literal(true).optional().describe('Read the comment from standard input.'),
      vote: vote.optional(),
    }),
    z.strictObject({
      id: name,
      when: z
        .union([z.string(), z.boolean()])
        .describe("A condition: an expression such as steps.review.status == 'APPROVED', with or without ${{ }}."),
      get then() {
        return z.array(stepSchema).optional().describe('Steps run when the condition holds.');
      },
      get else() {
        return z.array(stepSchema).optional().describe('Steps run when it does not.');
      },
    }),
    z.strictObject({
      id: name,
      foreach: foreachItems,
      parallel: z.int().min(1).max(MAX_PARALLEL).optional().describe('Items run at once (default 1: one after the other).'),
      get steps() {
        return z.array(stepSchema).min(1).describe('Steps run for each item.');
      },
    }),
    z.strictObject({
      id: name,
      export: exportKind,
      to: text('Where to write, relative to the run folder (and inside it).'),
      discussion: name.optional().describe('export: discussion — the id of the discussion step whose file is copied; export: files — the discussion whose files are written.'),
      format: z.enum(['markdown', 'json']).optional().describe('export: summary — markdown or json (default: from the extension of to).'),
      value: text('export: value — the value to write; a list or mapping is written as JSON.').optional(),
      git: z.boolean().optional().describe('export: files — commit the written files with git in that folder (a repository of its own unless it already is the top of one); `quorum workflow run --git` turns it on for every files export.'),
    }),
    z.strictObject({
      id: name,
      workflow: text('Another workflow file, relative to this one.'),
      vars: z.record(name, z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))])).optional().describe('Its vars; strings may hold expressions.'),
    }),
    z.strictObject({ id: name, fail: text('Why the workflow fails: it stops here with exit code 1 and this message.') }),
  ])
  .meta({ id: 'step' });

/** The keys that give a step its kind, in the order the schema lists them. */
export const STEP_KINDS = ['discussion', 'run', 'comment', 'when', 'foreach', 'export', 'workflow', 'fail'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/**
 * A workflow file (YAML or JSON), or the default export of a JavaScript module built with
 * `defineWorkflow`. Every object is strict, so a misspelt key is an error with "did you mean".
 */
export const workflowSchema = z.strictObject({
  $schema: z.string().optional().describe('JSON Schema of this file, for editors.'),
  name: z
    .string()
    .regex(WORKFLOW_NAME_PATTERN, { error: 'must be lower-case letters, digits, ".", "_" and "-", starting with a letter or digit' })
    .optional()
    .describe('The workflow\'s name, part of its run folder (default: the file name).'),
  description: z.string().optional().describe('What the workflow is for.'),
  vars: z.record(name, varDeclaration).optional().describe('Inputs, given with --var name=value; ${{ vars.<name> }} reads them.'),
  outputs: z
    .record(name, text('An output value.'))
    .optional()
    .describe('Values a calling workflow reads as ${{ steps.<id>.outputs.<name> }}.'),
  steps: z.array(stepSchema).min(1).describe('The steps, run in order; a failing step stops the workflow.'),
});

// The document types, written out because the step schema is recursive.
export type VarValue = string | number | boolean | (string | number)[];
export type VarDeclaration = VarValue | { description?: string; default?: VarValue; type?: 'string' | 'list' } | null;
export type Until = 'final' | 'consensus' | 'max_turns' | { phase: string };
export type ForeachItems = (string | number)[] | string | { files: string };

export interface DiscussionStepDocument {
  id: string;
  discussion: { title?: string; template?: string; context?: string; context_file?: string; participants?: string[]; provider?: string; providers?: Record<string, string>; file?: string };
}
export interface RunStepDocument {
  id: string;
  run: string;
  until?: Until;
  max_turns?: number;
  provider?: string;
}
export interface CommentStepDocument {
  id: string;
  comment: string;
  author?: string;
  text?: string;
  file?: string;
  stdin?: true;
  vote?: string;
}
export interface WhenStepDocument {
  id: string;
  when: string | boolean;
  then?: StepDocument[];
  else?: StepDocument[];
}
export interface ForeachStepDocument {
  id: string;
  foreach: ForeachItems;
  parallel?: number;
  steps: StepDocument[];
}
export interface ExportStepDocument {
  id: string;
  export: 'discussion' | 'summary' | 'value' | 'files';
  to: string;
  discussion?: string;
  format?: 'markdown' | 'json';
  value?: string;
  git?: boolean;
}
export interface WorkflowStepDocument {
  id: string;
  workflow: string;
  vars?: Record<string, VarValue>;
}
export interface FailStepDocument {
  id: string;
  fail: string;
}
export type StepDocument =
  | DiscussionStepDocument
  | RunStepDocument
  | CommentStepDocument
  | WhenStepDocument
  | ForeachStepDocument
  | ExportStepDocument
  | WorkflowStepDocument
  | FailStepDocument;

export interface WorkflowDocument {
  $schema?: string;
  name?: string;
  description?: string;
  vars?: Record<string, VarDeclaration>;
  outputs?: Record<string, string>;
  steps: StepDocument[];
}

/**
 * The kind keys a step has. `discussion` is also a field of `export: discussion` steps, so
 * with `export` present it does not count as a kind.
 */
export function kindsOf(step: object): StepKind[] {
  const present = STEP_KINDS.filter((kind) => kind in step);
  return present.includes('export') ? ['export', ...present.filter((kind) => kind !== 'export' && kind !== 'discussion')] : present;
}

/** The kind of a valid step: the one kind key it has. */
export function kindOf(step: StepDocument): StepKind {
  return kindsOf(step)[0]!;
}

/** `$id` of the workflow JSON Schema, as editors see it in `$schema`. */
export const WORKFLOW_SCHEMA_ID = 'https://quorum.dev/schemas/workflow.schema.json';

/**
 * The JSON Schema generated from {@link workflowSchema}, for editors; `schemas/workflow.schema.json`
 * holds it (a test fails when the checked-in file differs).
 */
export const workflowJsonSchema: JsonSchema = toJsonSchema(workflowSchema, {
  id: WORKFLOW_SCHEMA_ID,
  title: 'Quorum workflow',
  description: 'A scripted workflow: steps that create, run, comment on and export discussions, with branches, loops and calls to other workflows.',
});
