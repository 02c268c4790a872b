import type { JsonSchema } from './json-schema.js';

/**
 * A persona: an AI participant with a point of view. Personas are written as YAML
 * (`schemas/persona.schema.json`) and come from persona sources: the project's `personas/`
 * folder, folders named in config, the bundled set, and plugins.
 */
export interface PersonaV1 {
  /** Display name, used as the comment author: `AI-Architect`. */
  readonly name: string;
  /** Mention name, unique in a project: `architect` (see `ALIAS_PATTERN`). */
  readonly alias: string;
  /** One line: `Systems Architect`. */
  readonly role: string;
  /** The persona's system prompt: who they are, their perspective, how they answer. */
  readonly personality: string;
  readonly expertise: readonly string[];
  /** Questions this persona always asks of a proposal. */
  readonly concerns: readonly string[];
  /** Background personas comment but never vote. */
  readonly type: 'voting' | 'background';
  /** Preferred model (`anthropic:claude-sonnet-5`) or provider (`ollama`); falls through when not configured. */
  readonly provider?: string | undefined;
  /** A model name for the chosen provider, overriding its default. */
  readonly model?: string | undefined;
  readonly temperature?: number | undefined;
  /** Vote weight for the `weighted` strategy (default 1). */
  readonly weight?: number | undefined;
}

/** Where a persona came from, for `quorum participants list` and error messages. */
export interface PersonaOrigin {
  /** `bundled`, `project`, a config folder, or a plugin name. */
  readonly source: string;
  /** The file it was read from, when there is one. */
  readonly file?: string | undefined;
}

/**
 * A programmatic persona source (a plugin may also contribute plain YAML folders through
 * `personas`). Sources are asked once per command; a later source's persona replaces an
 * earlier one with the same alias (project over config folders over plugins over bundled).
 */
export interface PersonaSourceV1 {
  readonly specificationVersion: 'v1';
  readonly name: string;
  readonly optionsSchema?: JsonSchema;
  load(): Promise<readonly PersonaV1[]> | readonly PersonaV1[];
}

export const PERSONA_SOURCE_SPECIFICATION_VERSION = 'v1' as const;
