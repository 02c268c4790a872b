import { isAbsolute } from 'node:path';
import {
  didYouMean,
  PLUGIN_CONTRIBUTION_KEYS,
  SUPPORTED_PLUGIN_SPECIFICATION_VERSIONS,
  type PluginContributionsV1,
  type QuorumPluginV1,
} from '@quorum/core';

/** The keys a plugin object may have; anything else is an error with "did you mean". */
export const PLUGIN_KEYS: readonly string[] = [
  'specificationVersion',
  'meta',
  'optionsSchema',
  'setup',
  ...PLUGIN_CONTRIBUTION_KEYS,
];

type Field = 'string' | 'strings' | 'object' | 'function' | 'markers';
interface ContributionKind {
  readonly label: string;
  readonly required: Readonly<Record<string, Field>>;
  /** Fields that may be absent, but must have this shape when present. */
  readonly optional?: Readonly<Record<string, Field>>;
  /** A further check of the whole item, after its fields. */
  readonly refine?: (item: Record<string, unknown>, at: string) => string | undefined;
}

/** Contribution keys whose items are objects with a specification version (all but `templates`). */
type ObjectContributionKey = Exclude<(typeof PLUGIN_CONTRIBUTION_KEYS)[number], 'templates' | 'personas'>;

/** Provider names as model ids use them (`openai` in `openai:gpt-4o`). */
const PROVIDER_NAME_PATTERN = /^[a-z][a-z0-9-]*$/;
/** Keys of the config's `providers` block that are not provider names. */
const RESERVED_PROVIDER_NAMES: readonly string[] = ['default', 'fallback'];

/** How templates write a condition's name; `all`, `any` and `not` are the combinators. */
const CONDITION_NAME_PATTERN = /^[a-z][a-z0-9_]*$/;
/** Names no condition may take, because templates use them to combine conditions. */
const RESERVED_CONDITION_NAMES: readonly string[] = ['all', 'any', 'not'];

// Every contribution kind is at specification v1 in this Quorum.
const CONTRIBUTION_KINDS: Readonly<Record<ObjectContributionKey, ContributionKind>> = {
  markerSets: { label: 'marker set', required: { name: 'string', markers: 'markers' } },
  votingStrategies: {
    label: 'voting strategy',
    required: { name: 'string', description: 'string', optionsSchema: 'object', tally: 'function' },
  },
  storages: { label: 'storage', required: { name: 'string', optionsSchema: 'object', create: 'function' } },
  conditions: {
    label: 'condition',
    required: { name: 'string', description: 'string', evaluate: 'function' },
    optional: { optionsSchema: 'object', check: 'function' },
    refine: (item, at) => {
      const name = String(item['name']);
      if (!CONDITION_NAME_PATTERN.test(name)) {
        return `${at}.name "${name}" must be snake_case (a lowercase letter, then lowercase letters, digits or _)`;
      }
      if (RESERVED_CONDITION_NAMES.includes(name)) {
        return `${at}.name "${name}" is reserved: templates combine conditions with all, any and not`;
      }
      return undefined;
    },
  },
  providers: {
    label: 'provider',
    required: { name: 'string', description: 'string', configured: 'function', create: 'function' },
    optional: { optionsSchema: 'object' },
    refine: (item, at) => {
      const name = String(item['name']);
      if (!PROVIDER_NAME_PATTERN.test(name)) {
        return `${at}.name "${name}" must be lowercase letters, digits and "-", starting with a letter`;
      }
      if (RESERVED_PROVIDER_NAMES.includes(name)) {
        return `${at}.name "${name}" is reserved: config uses providers.default and providers.fallback`;
      }
      return undefined;
    },
  },
  personaSources: {
    label: 'persona source',
    required: { name: 'string', load: 'function' },
    optional: { optionsSchema: 'object' },
  },
};

const MARKER_FIELDS: Readonly<Record<string, Field>> = { type: 'string', keywords: 'strings', label: 'string' };

/**
 * Checks that a module's export is a plugin this host can use and returns it typed.
 * Returns the problem as one sentence (without the plugin's name) instead of throwing, so
 * the caller can attach the plugin and the config location.
 */
export function checkPlugin(value: unknown): { plugin: QuorumPluginV1 } | { problem: string } {
  if (!isRecord(value)) return { problem: `does not export a plugin object (its export is ${describe(value)})` };
  const version = value['specificationVersion'];
  const supported = SUPPORTED_PLUGIN_SPECIFICATION_VERSIONS.join(', ');
  if (!(SUPPORTED_PLUGIN_SPECIFICATION_VERSIONS as readonly unknown[]).includes(version)) {
    return {
      problem:
        version === undefined
          ? `does not declare a specificationVersion; its default export must be a plugin object with specificationVersion, meta and what it contributes (this Quorum supports ${supported})`
          : `implements plugin specification ${String(version)}, but this Quorum supports ${supported}`,
    };
  }
  const unknown = Object.keys(value).find((key) => !PLUGIN_KEYS.includes(key));
  if (unknown !== undefined) return { problem: `has an unknown key "${unknown}"${didYouMean(unknown, PLUGIN_KEYS)}` };
  const meta = value['meta'];
  if (!isRecord(meta)) return { problem: 'meta must be an object with a name and a version' };
  for (const key of ['name', 'version']) {
    if (!isNonEmptyString(meta[key])) return { problem: `meta.${key} must be a non-empty string` };
  }
  if (value['optionsSchema'] !== undefined && !isRecord(value['optionsSchema'])) {
    return { problem: 'optionsSchema must be a JSON Schema object' };
  }
  if (value['setup'] !== undefined && typeof value['setup'] !== 'function')
    return { problem: 'setup must be a function' };
  const problem = contributionsProblem(value, '');
  return problem === undefined ? { plugin: value as unknown as QuorumPluginV1 } : { problem };
}

/** Checks what `setup()` returned: an object of contributions and nothing else. */
export function checkSetupResult(value: unknown): { contributions: PluginContributionsV1 } | { problem: string } {
  if (!isRecord(value)) return { problem: `setup() must return an object of contributions, not ${describe(value)}` };
  const unknown = Object.keys(value).find((key) => !(PLUGIN_CONTRIBUTION_KEYS as readonly string[]).includes(key));
  if (unknown !== undefined) {
    return { problem: `setup() returned an unknown key "${unknown}"${didYouMean(unknown, PLUGIN_CONTRIBUTION_KEYS)}` };
  }
  const problem = contributionsProblem(value, 'setup().');
  return problem === undefined ? { contributions: value as PluginContributionsV1 } : { problem };
}

function contributionsProblem(value: Record<string, unknown>, prefix: string): string | undefined {
  for (const key of PLUGIN_CONTRIBUTION_KEYS) {
    const items = value[key];
    if (items === undefined) continue;
    if (!Array.isArray(items)) return `${prefix}${key} must be an array`;
    if (key === 'templates' || key === 'personas') {
      const problem = directoriesProblem(items, `${prefix}${key}`);
      if (problem !== undefined) return problem;
      continue;
    }
    for (const [index, item] of items.entries()) {
      const problem = contributionProblem(item, `${prefix}${key}[${index}]`, CONTRIBUTION_KINDS[key]);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

function contributionProblem(item: unknown, at: string, kind: ContributionKind): string | undefined {
  if (!isRecord(item)) return `${at} must be an object (a ${kind.label})`;
  const version = item['specificationVersion'];
  if (version !== 'v1') {
    return version === undefined
      ? `${at} does not declare a specificationVersion (this Quorum supports ${kind.label} specification v1)`
      : `${at} implements ${kind.label} specification ${String(version)}, but this Quorum supports v1`;
  }
  return (
    fieldsProblem(item, at, kind.required) ??
    fieldsProblem(item, at, kind.optional ?? {}, { optional: true }) ??
    kind.refine?.(item, at)
  );
}

/** Template and persona directories must be absolute paths: a plugin cannot know the user's working directory. */
function directoriesProblem(items: readonly unknown[], at: string): string | undefined {
  for (const [index, item] of items.entries()) {
    if (!isNonEmptyString(item)) return `${at}[${index}] must be a non-empty string (a directory)`;
    if (!isAbsolute(item)) {
      return `${at}[${index}] must be an absolute directory path, not "${item}" (resolve it from the plugin's import.meta.url)`;
    }
  }
  return undefined;
}

function fieldsProblem(
  item: Record<string, unknown>,
  at: string,
  fields: Readonly<Record<string, Field>>,
  { optional = false } = {},
): string | undefined {
  for (const [key, field] of Object.entries(fields)) {
    const value = item[key];
    if (optional && value === undefined) continue;
    const where = `${at}.${key}`;
    switch (field) {
      case 'string':
        if (!isNonEmptyString(value)) return `${where} must be a non-empty string`;
        break;
      case 'strings':
        if (!Array.isArray(value) || value.length === 0 || !value.every(isNonEmptyString)) {
          return `${where} must be a non-empty array of non-empty strings`;
        }
        break;
      case 'object':
        if (!isRecord(value)) return `${where} must be an object`;
        break;
      case 'function':
        if (typeof value !== 'function') return `${where} must be a function`;
        break;
      case 'markers': {
        if (!Array.isArray(value)) return `${where} must be an array`;
        for (const [index, marker] of value.entries()) {
          if (!isRecord(marker)) return `${where}[${index}] must be an object`;
          const problem = fieldsProblem(marker, `${where}[${index}]`, MARKER_FIELDS);
          if (problem !== undefined) return problem;
          if (marker['argument'] !== undefined && !isRecord(marker['argument'])) {
            return `${where}[${index}].argument must be an object`;
          }
        }
      }
    }
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`;
}
