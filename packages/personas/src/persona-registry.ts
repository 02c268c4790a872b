import { aliasOfAuthor, closestMatch, NotFoundError, type PersonaOrigin, type PersonaV1 } from '@quorum/core';

/** The kinds of persona source, highest precedence first. */
export const PERSONA_SOURCE_KINDS = ['project', 'config', 'plugin', 'bundled'] as const;

/**
 * Where a persona comes from: the project's `personas/` folder, a folder named in config
 * (`personas.dirs`), a plugin (a folder it ships or a programmatic source), or the personas
 * bundled with Quorum.
 */
export type PersonaSourceKind = (typeof PERSONA_SOURCE_KINDS)[number];

/** A persona in the registry and where it was found. */
export interface RegisteredPersona {
  readonly persona: PersonaV1;
  /**
   * `source` is `project`, `bundled`, the absolute folder for a config folder, or the plugin's
   * name; `file` is the file it was read from (absent for programmatic sources).
   */
  readonly origin: PersonaOrigin;
  readonly kind: PersonaSourceKind;
}

/**
 * Every persona a project can use, one per alias: where two sources have a persona with the
 * same alias, the higher one wins (project over config folders over plugins over bundled)
 * and the lower one is kept as shadowed.
 */
export interface PersonaRegistry {
  /** The personas in use, sorted by alias. */
  list(): readonly RegisteredPersona[];
  /** The persona with this alias (any case), or undefined. */
  get(alias: string): RegisteredPersona | undefined;
  /**
   * The persona with this alias, or a {@link NotFoundError}:
   * `unknown participant "archtect" (did you mean "architect"?); see quorum participants list`,
   * prefixed with `where: ` when given (`--participants`).
   */
  require(alias: string, where?: string): RegisteredPersona;
  /** The aliases in use, as written in their files. */
  aliases(): ReadonlySet<string>;
  /**
   * The persona a comment author stands for: by display name (`AI-Architect`), by alias
   * (`architect`), or by the alias the name maps to (`ai_architect` → `architect`).
   */
  byAuthor(name: string): RegisteredPersona | undefined;
  /** Personas with this alias that a higher source replaced, highest first. */
  shadowed(alias: string): readonly RegisteredPersona[];
}

/**
 * A registry from layers of personas, highest precedence first. Within a layer aliases are
 * expected to be unique (the loader checks that); across layers the first wins.
 */
export function createPersonaRegistry(layers: readonly (readonly RegisteredPersona[])[]): PersonaRegistry {
  const active = new Map<string, RegisteredPersona>();
  const hidden = new Map<string, RegisteredPersona[]>();
  for (const layer of layers) {
    for (const registered of layer) {
      const key = registered.persona.alias.toLowerCase();
      if (active.has(key)) hidden.set(key, [...(hidden.get(key) ?? []), registered]);
      else active.set(key, registered);
    }
  }
  const sorted = [...active.values()].sort((a, b) => compare(a.persona.alias, b.persona.alias));
  const aliases: ReadonlySet<string> = new Set(sorted.map((registered) => registered.persona.alias));
  const byName = new Map<string, RegisteredPersona>();
  for (const registered of sorted) {
    const name = registered.persona.name.toLowerCase();
    if (!byName.has(name)) byName.set(name, registered);
  }
  const get = (alias: string) => active.get(alias.toLowerCase());
  return {
    list: () => sorted,
    get,
    require(alias, where) {
      const found = get(alias);
      if (found !== undefined) return found;
      throw new NotFoundError(`${where === undefined ? '' : `${where}: `}${unknownParticipantMessage(alias, aliases)}`);
    },
    aliases: () => aliases,
    byAuthor(name) {
      const trimmed = name.trim();
      return byName.get(trimmed.toLowerCase()) ?? get(trimmed) ?? get(aliasOfAuthor(trimmed));
    },
    shadowed: (alias) => hidden.get(alias.toLowerCase()) ?? [],
  };
}

/**
 * `unknown participant "archtect" (did you mean "architect"?); see quorum participants list`;
 * without a close match, the known aliases are listed instead.
 */
export function unknownParticipantMessage(alias: string, known: Iterable<string>): string {
  const names = [...known];
  const match = closestMatch(alias, names);
  const hint = match !== undefined ? ` (did you mean "${match}"?)` : names.length === 0 ? ' (no personas are defined)' : ` (known: ${names.join(', ')})`;
  return `unknown participant "${alias}"${hint}; see quorum participants list`;
}

/**
 * How `quorum participants list` names a persona's origin: `project`, `bundled`,
 * `config <folder>` or `plugin <name>`. `display` shortens paths (relative to the working
 * directory, say).
 */
export function describeOrigin(registered: Pick<RegisteredPersona, 'origin' | 'kind'>, display: (path: string) => string = (path) => path): string {
  switch (registered.kind) {
    case 'config':
      return `config ${display(registered.origin.source)}`;
    case 'plugin':
      return `plugin ${registered.origin.source}`;
    default:
      return registered.kind;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
