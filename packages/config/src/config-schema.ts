import { ALIAS_PATTERN, toJsonSchema, type JsonSchema } from '@quorum/core';
import { z } from 'zod';

const moduleId = z.string().min(1);
const options = z.record(z.string(), z.unknown());
const alias = z.string().regex(ALIAS_PATTERN);
/** `provider:model`, or a bare provider name for its default model. */
const modelId = z.string().regex(/^[a-z][a-z0-9-]*(?::\S+)?$/, 'a model is named provider:model, e.g. anthropic:claude-sonnet-5');

/**
 * The project configuration (`quorum.config.yaml`, `.quorumrc`, `package.json#quorum`…).
 * Every object is strict, so a misspelt key is an error rather than silently ignored.
 * Relative paths are relative to the directory of the config file.
 */
export const configSchema = z.strictObject({
  $schema: z.string().optional().describe('JSON Schema of this file, for editors.'),
  discussions: z
    .strictObject({
      dir: z
        .string()
        .min(1)
        .default('discussions')
        .describe('Where `quorum new` writes discussions and `quorum list` looks, relative to this file.'),
    })
    .prefault({}),
  plugins: z
    .array(z.union([moduleId, z.tuple([moduleId, options])]))
    .default([])
    .describe('Plugins to load: a package name or a path relative to this file, or [id, options].'),
  storage: z
    .strictObject({
      backend: z.string().min(1).default('file').describe('Name of the storage a plugin provides.'),
      options: options.default({}).describe('Options of the storage, checked against its schema.'),
    })
    .prefault({}),
  voting: z
    .strictObject({
      strategy: z.string().min(1).default('threshold').describe('Name of the voting strategy.'),
      options: options.default({}).describe('Options of the strategy, checked against its schema.'),
    })
    .prefault({}),
  templates: z
    .strictObject({
      dirs: z
        .array(z.string().min(1))
        .default([])
        .describe(
          'Directories holding phase templates (<id>.yaml), relative to this file. They are searched before those plugins ship and the bundled ones; the first template with an id wins.',
        ),
    })
    .prefault({}),
  participants: z
    .array(alias)
    .default(['architect', 'security', 'pragmatist'])
    .describe('Participant aliases of new discussions.'),
  voters: z
    .record(
      z.string().min(1),
      z.strictObject({
        human: z.boolean().optional().describe('Whether this voter is a person rather than an AI persona.'),
        weight: z.number().positive().optional().describe('Weight for weighted strategies (1 by default).'),
        background: z.boolean().optional().describe('Background personas comment but never vote.'),
        aliases: z.array(alias).optional().describe('Other names this voter is known by.'),
      }),
    )
    .default({})
    .describe('Facts about voters, keyed by author name or alias.'),
  author: z.string().min(1).optional().describe('Default author name for comments written by a person.'),
  personas: z
    .strictObject({
      dirs: z
        .array(z.string().min(1))
        .default([])
        .describe(
          'Directories of persona files (<alias>.yaml), relative to this file. The project\'s own personas/ folder is always searched first; then these, then plugins, then the bundled personas.',
        ),
    })
    .prefault({}),
  providers: z
    .object({
      default: modelId
        .optional()
        .describe('The model used when neither --provider, the persona nor the template names one: provider:model or a provider name.'),
      fallback: z
        .array(modelId)
        .default([])
        .describe('Models tried in order when the chosen one fails for good or is not configured.'),
    })
    .catchall(options.describe('Settings of the provider with this name (apiKey, baseURL, model…), checked against its schema.'))
    .prefault({})
    .describe('Which LLM answers, and each provider\'s settings under its name (openai, anthropic, ollama, command, mock).'),
  engine: z
    .strictObject({
      concurrency: z.int().min(1).max(64).default(8).describe('Participants of one turn asked at the same time.'),
      timeoutMs: z.int().min(100).default(120_000).describe('Time limit of one attempt at one reply, in milliseconds.'),
      retries: z.int().min(0).max(10).default(3).describe('Further attempts after a failed one, per model, before the fallback chain.'),
      backoffMs: z.int().min(0).default(1_000).describe('First backoff delay; it doubles per attempt, with jitter.'),
      maxBackoffMs: z.int().min(0).default(30_000).describe('Longest wait between attempts, retry-after included.'),
      breakerFailures: z.int().min(1).default(5).describe('Consecutive failures after which a provider\'s circuit opens.'),
      breakerCooldownMs: z.int().min(0).default(30_000).describe('How long an open circuit refuses calls before trying again.'),
      eventLog: z.boolean().default(false).describe('Write every engine event as JSON Lines to <discussion>.events.jsonl.'),
    })
    .prefault({}),
  budget: z
    .strictObject({
      maxCost: z.number().positive().optional().describe('Stop a run before its estimated cost in US dollars would pass this.'),
    })
    .prefault({}),
  pricing: z
    .record(
      modelId,
      z.strictObject({
        input: z.number().min(0).describe('US dollars per million input tokens.'),
        output: z.number().min(0).describe('US dollars per million output tokens.'),
        cachedInput: z.number().min(0).optional().describe('US dollars per million input tokens read from the prompt cache.'),
      }),
    )
    .default({})
    .describe('Prices that override or extend the bundled price table, keyed by provider:model.'),
});

/** The project configuration with every default filled in. */
export type QuorumConfig = z.output<typeof configSchema>;

/** `$id` of the config's JSON Schema, as editors see it in `$schema`. */
export const CONFIG_SCHEMA_ID = 'https://quorum.dev/schemas/config.schema.json';

/**
 * The JSON Schema generated from {@link configSchema}: what validation enforces, and what
 * `schemas/config.schema.json` holds (a test fails when the checked-in file differs).
 */
export const configJsonSchema: JsonSchema = toJsonSchema(configSchema, {
  id: CONFIG_SCHEMA_ID,
  title: 'Quorum configuration',
  description: 'Project configuration of Quorum: quorum.config.yaml, .quorumrc, package.json#quorum and the like.',
});
