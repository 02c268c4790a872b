import { ALIAS_PATTERN, toJsonSchema, type JsonSchema } from '@quorum/core';
import { z } from 'zod';

/** A template id: what `quorum new --template <id>` and `extends: <id>` name; the file is `<id>.yaml`. */
export const TEMPLATE_ID_PATTERN = /^[a-z][a-z0-9-]*$/;
/** A phase id, as it appears in `<!-- PHASE-TRANSITION: a -> b -->` lines. */
export const PHASE_ID_PATTERN = /^[a-z_][a-z0-9_]*$/;
/** The discussion status a final phase sets, e.g. `ACCEPTED`. */
export const FINAL_STATUS_PATTERN = /^[A-Z][A-Z_]*$/;
/** A phase's round budget when the template gives none. */
export const DEFAULT_MAX_ROUNDS = 3;
/** The most rounds a phase may take: budgets are finite so every run ends. */
export const MAX_ROUNDS_LIMIT = 100;

/** A voting rule: a strategy a plugin provides and its options. */
const votingBlock = z.strictObject({
  strategy: z.string().min(1).optional().describe('Name of a voting strategy a plugin provides. Default threshold.'),
  options: z.record(z.string(), z.unknown()).optional().describe('Options of the strategy, checked against its schema.'),
});

const phaseId = z.string().regex(PHASE_ID_PATTERN);
const alias = z.string().regex(ALIAS_PATTERN);

const condition = z
  .union([z.string().min(1), z.record(z.string(), z.unknown())])
  .describe(
    'A condition: a name (all_responded, all_mentioned_responded, no_open_questions, human_approved, manual, or a plugin condition without options), a mapping with one key { name: options } ({ consensus: READY }, { rounds: 2 }, { marker: decision }), or a combination { all: [...] }, { any: [...] }, { not: condition }.',
  );

const phase = z.strictObject({
  title: z.string().min(1).optional().describe('Shown in the discussion and in diagrams. Required (may be inherited).'),
  goal: z.string().optional().describe('What the phase is for; put in every prompt.'),
  instructions: z.string().optional().describe('How participants should work in this phase; put in every prompt.'),
  participants: z
    .array(alias)
    .optional()
    .describe("Participant aliases who take part in this phase. Default: the template's participants."),
  voting: z
    .union([z.boolean(), votingBlock])
    .optional()
    .describe(
      "Whether votes count in this phase (default false). A voting block instead of true counts them with this phase's own rule: its strategy (default: the template's) and options (over the template's when the strategy is the same).",
    ),
  vote_reset: z
    .boolean()
    .optional()
    .describe('Write a VOTE-RESET when the phase is entered, so earlier votes stop counting. Default: equal to voting.'),
  max_rounds: z
    .int()
    .min(1)
    .max(MAX_ROUNDS_LIMIT)
    .optional()
    .describe(
      `The phase's round budget over the whole discussion (re-entering does not refill it). Default ${DEFAULT_MAX_ROUNDS}.`,
    ),
  callout: z.string().nullable().optional().describe('Extra text put in the prompts of this phase; null removes an inherited one.'),
  transitions: z
    .array(z.strictObject({ to: phaseId.describe('The phase to go to.'), when: condition }))
    .optional()
    .describe('Tried in order after each round; the first whose condition holds is taken. A child template replaces the whole list.'),
  on_max_rounds: phaseId
    .nullable()
    .optional()
    .describe('Where to go when the round budget is spent without a transition firing. Required unless the phase is final.'),
  final: z
    .string()
    .regex(FINAL_STATUS_PATTERN)
    .nullable()
    .optional()
    .describe('Makes the phase final: the discussion ends with this status (ACCEPTED, REJECTED, CLOSED…). A final phase has no transitions.'),
});

/**
 * A phase template file (`templates/<id>.yaml`). Every object is strict, so a misspelt key
 * is an error with "did you mean". Defaults are described rather than declared, because a
 * child template (`extends`) writes only what it changes and what it leaves out is
 * inherited, not defaulted.
 */
export const templateSchema = z.strictObject({
  $schema: z.string().optional().describe('JSON Schema of this file, for editors.'),
  id: z
    .string()
    .regex(TEMPLATE_ID_PATTERN)
    .describe('The template id; equal to the file name without .yaml when the file sits in a template directory.'),
  title: z.string().min(1).describe('A short title, shown by quorum template list.'),
  description: z.string().describe('What the template is for, shown by quorum template list.'),
  extends: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Another template this one builds on: its id, or a path relative to this file. Settings and phases merge; a phase set to null is removed.',
    ),
  participants: z
    .array(alias)
    .optional()
    .describe("Default participants (aliases) of the template's phases; empty means the discussion's own."),
  voting: votingBlock.optional().describe('How votes are counted in voting phases.'),
  provider: z
    .string()
    .regex(/^[a-z][a-z0-9-]*(?::\S+)?$/)
    .optional()
    .describe(
      'The model this template prefers (provider:model or a provider name), used for personas without their own hint; --provider overrides it.',
    ),
  budget: z
    .strictObject({
      max_cost: z.number().positive().optional().describe('Stop a run before its estimated cost in US dollars would pass this.'),
      max_tokens: z.int().positive().optional().describe('Stop a run before its total tokens (input and output) would pass this.'),
    })
    .optional()
    .describe('Limits on what one discussion may spend; the run stops cleanly before a limit would be crossed.'),
  initial: phaseId.optional().describe('The phase a discussion starts in. Required (may be inherited).'),
  phases: z
    .record(phaseId, phase.nullable())
    .optional()
    .describe('The phases, by id, in order. In a child template a phase mapping changes the fields it names, and null removes the phase.'),
});

/** A template file as written (before `extends` is resolved). */
export type TemplateDocument = z.input<typeof templateSchema>;

/** `$id` of the template JSON Schema, as editors see it in `$schema`. */
export const TEMPLATE_SCHEMA_ID = 'https://quorum.dev/schemas/template.schema.json';

/**
 * The JSON Schema generated from {@link templateSchema}: what validation enforces, and what
 * `schemas/template.schema.json` holds (a test fails when the checked-in file differs).
 */
export const templateJsonSchema: JsonSchema = toJsonSchema(templateSchema, {
  id: TEMPLATE_SCHEMA_ID,
  title: 'Quorum phase template',
  description: 'A phase template: the phases of a discussion, who takes part, and when it moves on.',
});
