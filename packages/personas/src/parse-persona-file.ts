import { basename, extname } from 'node:path';
import { createValidator, loadYamlDocument, locationOf, type ValueSource } from '@quorum/config';
import { ALIAS_PATTERN, ConfigError, type PersonaV1 } from '@quorum/core';
import { personaJsonSchema, type PersonaFileValue } from './persona-schema.js';

/** How {@link parsePersonaFile} treats the file's name. */
export interface ParsePersonaFileOptions {
  /**
   * Whether the alias must equal the file name without its extension, as it must for every
   * file in a persona folder (`personas/architect.yaml` holds `alias: architect`). Turn it
   * off for a file given on the command line (`quorum participants add --from-file`), which
   * is copied to `<alias>.yaml`. Default true.
   */
  readonly matchFileName?: boolean;
}

/**
 * Reads one persona file with config's safe YAML reader (no tags, no merge keys, duplicate
 * keys refused, aliases capped), validates it against the persona schema and returns the
 * persona. `file` is the path as messages should show it; every problem is a
 * {@link ConfigError} located at its line and column, e.g.
 * `personas/architect.yaml:7:3: expertise must be an array`.
 */
export function parsePersonaFile(file: string, text: string, options: ParsePersonaFileOptions = {}): PersonaV1 {
  const source = loadYamlDocument(text, file, { kind: 'persona' });
  const persona = validatePersona(source.value, { file, locate: source.locate, label: 'the persona' });
  if (options.matchFileName ?? true) {
    const extension = extname(file);
    const expected = basename(file, extension);
    if (persona.alias !== expected) {
      const fix = ALIAS_PATTERN.test(expected)
        ? `rename the file to ${persona.alias}${extension} or set alias: ${expected}`
        : `rename the file to ${persona.alias}${extension}`;
      throw new ConfigError(
        `the alias "${persona.alias}" differs from the file name "${basename(file)}"; ${fix}`,
        locationOf({ file, locate: source.locate }, ['alias']),
      );
    }
  }
  return persona;
}

/**
 * Checks a persona written as a plain value (a parsed file, or what a persona source
 * returned) and returns it as a {@link PersonaV1}: `type` filled in (`voting`), the seed's
 * `provider_hint` read as `provider`, `$schema` dropped, absent optional fields left out.
 * Keys whose value is `undefined` count as absent. Throws the first problem, in file order,
 * as a located {@link ConfigError}; `source` says where the value came from (a string is
 * taken as its label).
 */
export function validatePersona(value: unknown, source: ValueSource | string = {}): PersonaV1 {
  const where: ValueSource = typeof source === 'string' ? { label: source } : source;
  const result = createValidator<PersonaFileValue>(personaJsonSchema)(withoutUndefined(value), where);
  if (!result.ok) throw plainer(result.problems[0]!);
  const file = result.value;
  if (file.provider !== undefined && file.provider_hint !== undefined) {
    throw new ConfigError(
      'provider_hint is the older name of provider; give only provider',
      locationOf(where, [...(where.path ?? []), 'provider_hint'], 'key'),
    );
  }
  const provider = file.provider ?? file.provider_hint;
  return {
    name: file.name,
    alias: file.alias,
    role: file.role,
    personality: file.personality,
    expertise: file.expertise ?? [],
    concerns: file.concerns ?? [],
    type: file.type,
    ...(provider === undefined ? {} : { provider }),
    ...(file.model === undefined ? {} : { model: file.model }),
    ...(file.temperature === undefined ? {} : { temperature: file.temperature }),
    ...(file.weight === undefined ? {} : { weight: file.weight }),
  };
}

/** What a pattern means, for the keys whose pattern would otherwise be quoted at the reader. */
const PATTERN_MEANINGS: Readonly<Record<string, string>> = {
  name: 'must be one line without control characters or blanks at either end, e.g. AI-Architect',
  alias: 'must be a letter followed by letters, digits, "-" or "_", not ending in "-" or "_", e.g. architect',
  provider: 'must be provider:model or a provider name, e.g. anthropic:claude-sonnet-4-5 or ollama',
  provider_hint: 'must be provider:model or a provider name, e.g. anthropic:claude-sonnet-4-5 or ollama',
  role: 'must be one line of text without blanks at either end',
  expertise: 'must be one line of text without blanks at either end',
  concerns: 'must be one line of text without blanks at either end',
  personality: 'must not be blank',
};

/** `name must match the pattern ^[^\s…` said in words; other problems unchanged. */
function plainer(problem: ConfigError): ConfigError {
  const match = /^(\S+) must match the pattern /.exec(problem.detail);
  // `concerns[2]` means what `concerns` items mean.
  const meaning = match === null ? undefined : PATTERN_MEANINGS[match[1]!.replace(/\[\d+\]$/, '')];
  if (meaning === undefined) return problem;
  return new ConfigError(`${match![1]} ${meaning}`, { file: problem.file, line: problem.line, column: problem.column });
}

/** A mapping without its `undefined` entries (what code-built personas hold for absent fields). */
function withoutUndefined(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined));
}
