import { ALIAS_PATTERN, toJsonSchema, type JsonSchema } from '@quorum/core';
import { z } from 'zod';

/** `$id` of the persona JSON Schema, as editors see it in a persona file's `$schema`. */
export const PERSONA_SCHEMA_ID = 'https://quorum.dev/schemas/persona.schema.json';

/**
 * A display name is used as the comment author, so it follows the discussion format's rule
 * for authors: one line, no control characters, no blanks at either end.
 */
export const PERSONA_NAME_PATTERN = /^[^\s\p{Cc}](?:[^\p{Cc}\u2028\u2029]*[^\s\p{Cc}])?$/u;

/** A role, an expertise area or a concern: one line of text without blanks at either end. */
export const PERSONA_LINE_PATTERN = /^\S(?:[^\r\n\u2028\u2029]*\S)?$/u;

/** `provider:model` or a bare provider name, as config's `providers.default` takes it. */
export const PROVIDER_HINT_PATTERN = /^[a-z][a-z0-9-]*(?::\S+)?$/;

const providerHint = z
  .string()
  .regex(PROVIDER_HINT_PATTERN)
  .describe(
    'Preferred model (provider:model, e.g. anthropic:claude-haiku-4-5) or provider name (ollama). Used when configured; otherwise the config decides.',
  );

const listItem = z.string().max(300).regex(PERSONA_LINE_PATTERN);

/**
 * A persona file (`personas/<alias>.yaml`): an AI participant with a point of view. Every
 * object is strict, so a misspelt key is an error with "did you mean" rather than ignored.
 * The schema declares no defaults except `type`, so what a file leaves out stays out.
 */
export const personaSchema = z
  .strictObject({
    $schema: z.string().optional().describe('JSON Schema of this file, for editors.'),
    name: z
      .string()
      .max(64)
      .regex(PERSONA_NAME_PATTERN)
      .describe('Display name, written as the author of the persona\'s comments: AI-Architect. One line, no blanks at either end.'),
    alias: z
      .string()
      .max(64)
      .regex(ALIAS_PATTERN)
      .describe(
        'Mention name, unique in a project and equal to the file name without .yaml: architect. A letter, then letters, digits, "-" or "_", not ending in "-" or "_".',
      ),
    role: z.string().max(120).regex(PERSONA_LINE_PATTERN).describe('One line saying what the persona does: Systems Architect.'),
    personality: z
      .string()
      .regex(/\S/)
      .describe(
        'The system prompt: who the persona is, their perspective, and how they answer in a Quorum discussion (markers, votes, NO_RESPONSE).',
      ),
    expertise: z.array(listItem).optional().describe('Areas the persona knows well; shown in listings and put in prompts.'),
    concerns: z.array(listItem).optional().describe('Questions this persona always asks of a proposal.'),
    type: z
      .enum(['voting', 'background'])
      .default('voting')
      .describe('voting personas vote when a phase counts votes; background personas comment but never vote.'),
    provider: providerHint.optional(),
    provider_hint: providerHint
      .optional()
      .describe('Deprecated: the older name of provider, read the same way. Give provider or provider_hint, not both.'),
    model: z.string().min(1).optional().describe('A model name for the chosen provider, overriding its default model.'),
    temperature: z.number().min(0).max(2).optional().describe('Sampling temperature, 0 to 2; the provider\'s default when absent.'),
    weight: z.number().positive().optional().describe('Vote weight for weighted strategies (1 by default). Config voters entries win over it.'),
  })
  .describe('A Quorum persona: an AI participant with a point of view.');

/** A persona file as written (`type` filled in), before `provider_hint` is folded into `provider`. */
export type PersonaFileValue = z.output<typeof personaSchema>;

/**
 * The JSON Schema generated from {@link personaSchema}: what validation enforces, and what
 * `schemas/persona.schema.json` holds (a test fails when the checked-in file differs).
 */
export const personaJsonSchema: JsonSchema = toJsonSchema(personaSchema, {
  id: PERSONA_SCHEMA_ID,
  title: 'Quorum persona',
  description: 'A persona file (personas/<alias>.yaml): name, alias, role, personality, expertise, concerns and type.',
});
