import { ConfigError, didYouMean, type JsonSchema } from '@quorum/core';
import { FAULT_KINDS, type FaultKind } from './fault-plan.js';
import { DEFAULT_FINAL_DESIGN_AFTER_ROUNDS, DEFAULT_RETRY_AFTER_MS } from './simulated-provider.js';

/** The two ways the mock provider answers. */
export const MOCK_MODES = ['simulated', 'scripted'] as const;
export type MockMode = (typeof MOCK_MODES)[number];

/** The `providers.mock` settings, with every default filled in. */
export interface MockSettings {
  readonly mode: MockMode;
  readonly seed: string;
  readonly latencyMs: number | readonly [number, number];
  readonly faults: { readonly rate: number; readonly kinds: readonly FaultKind[]; readonly retryAfterMs: number };
  /** Relative to the project directory; required in scripted mode. */
  readonly cassette: string | undefined;
  readonly strict: boolean;
  readonly finalDesignAfterRounds: number;
}

const milliseconds = { type: 'number', minimum: 0 } as const;

/**
 * JSON Schema of the `providers.mock` settings, checked (and defaults filled) by the host.
 * {@link parseMockSettings} applies the same rules and defaults by hand for callers that
 * create the provider directly; a test keeps the two in step.
 */
export const mockOptionsSchema: JsonSchema = {
  type: 'object',
  description: 'Settings of the mock provider: simulated personas or a recorded cassette, with optional latency and faults.',
  additionalProperties: false,
  properties: {
    mode: {
      enum: [...MOCK_MODES],
      default: 'simulated',
      description: 'simulated: personas made up deterministically from the turn; scripted: replies replayed from a cassette.',
    },
    seed: { type: 'string', default: '', description: 'Mixed into every random draw; another seed gives another, equally plausible discussion.' },
    latencyMs: {
      anyOf: [milliseconds, { type: 'array', items: milliseconds, minItems: 2, maxItems: 2 }],
      default: 0,
      description: 'Delay before each reply in milliseconds, or [min, max] drawn deterministically per request.',
    },
    faults: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Failures injected deterministically, never more than three attempts of one request in a row.',
      properties: {
        rate: { type: 'number', minimum: 0, maximum: 1, default: 0, description: 'Probability that an attempt fails.' },
        kinds: {
          type: 'array',
          items: { enum: [...FAULT_KINDS] },
          minItems: 1,
          uniqueItems: true,
          default: [...FAULT_KINDS],
          description: 'The failures drawn from: rate_limit (429), server (503), timeout (hangs until aborted), malformed (not JSON), schema (JSON that breaks the response schema).',
        },
        retryAfterMs: { ...milliseconds, default: DEFAULT_RETRY_AFTER_MS, description: 'retryAfterMs of a simulated 429.' },
      },
    },
    cassette: { type: 'string', minLength: 1, description: 'The cassette file for scripted mode, relative to the project directory.' },
    strict: { type: 'boolean', default: true, description: 'Scripted mode: every call must find a cassette entry; with false a miss gets the simulated reply.' },
    finalDesignAfterRounds: {
      type: 'integer',
      minimum: 1,
      default: DEFAULT_FINAL_DESIGN_AFTER_ROUNDS,
      description: 'From this round of a phase that asks for a FINAL DESIGN block, voting personas write one.',
    },
  },
  if: { properties: { mode: { const: 'scripted' } }, required: ['mode'] },
  then: { required: ['cassette'] },
};

const TOP_KEYS = ['mode', 'seed', 'latencyMs', 'faults', 'cassette', 'strict', 'finalDesignAfterRounds'];
const FAULT_KEYS = ['rate', 'kinds', 'retryAfterMs'];

/**
 * Checks `providers.mock` settings and fills the defaults. Problems are ConfigErrors that name
 * the setting and say what would be valid.
 */
export function parseMockSettings(settings: Readonly<Record<string, unknown>>): MockSettings {
  const fail = (detail: string): never => {
    throw new ConfigError(`providers.mock.${detail}`);
  };
  checkKeys(settings, TOP_KEYS, '', fail);
  const mode = settings.mode ?? 'simulated';
  if (!(MOCK_MODES as readonly unknown[]).includes(mode)) fail(`mode must be one of ${MOCK_MODES.join(', ')}, not ${JSON.stringify(mode)}`);
  const seed = settings.seed ?? '';
  if (typeof seed !== 'string') fail('seed must be a string');
  const latencyMs = settings.latencyMs ?? 0;
  if (!isMilliseconds(latencyMs) && !(Array.isArray(latencyMs) && latencyMs.length === 2 && latencyMs.every(isMilliseconds) && (latencyMs[0] as number) <= (latencyMs[1] as number))) {
    fail('latencyMs must be a number of milliseconds (at least 0) or a [min, max] pair with min <= max');
  }
  const faults = settings.faults ?? {};
  if (!isRecord(faults)) return fail('faults must be an object with rate, kinds and retryAfterMs');
  checkKeys(faults, FAULT_KEYS, 'faults.', fail);
  const rate = faults.rate ?? 0;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) fail('faults.rate must be a number from 0 to 1');
  const kinds = faults.kinds ?? [...FAULT_KINDS];
  if (!Array.isArray(kinds) || kinds.length === 0) fail(`faults.kinds must be a non-empty list of ${FAULT_KINDS.join(', ')}`);
  for (const kind of kinds as unknown[]) {
    if (!(FAULT_KINDS as readonly unknown[]).includes(kind)) {
      fail(`faults.kinds has ${JSON.stringify(kind)}, which is not a fault kind${didYouMean(String(kind), FAULT_KINDS)}; use ${FAULT_KINDS.join(', ')}`);
    }
  }
  const retryAfterMs = faults.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
  if (!isMilliseconds(retryAfterMs)) fail('faults.retryAfterMs must be a number of milliseconds of at least 0');
  const cassette = settings.cassette;
  if (cassette !== undefined && (typeof cassette !== 'string' || cassette === '')) fail('cassette must be the path of a cassette file');
  if (mode === 'scripted' && cassette === undefined) fail('cassette is required when mode is scripted; name the cassette file, relative to the project');
  const strict = settings.strict ?? true;
  if (typeof strict !== 'boolean') fail('strict must be true or false');
  const finalDesignAfterRounds = settings.finalDesignAfterRounds ?? DEFAULT_FINAL_DESIGN_AFTER_ROUNDS;
  if (!Number.isInteger(finalDesignAfterRounds) || (finalDesignAfterRounds as number) < 1) fail('finalDesignAfterRounds must be a whole number of at least 1');
  return {
    mode: mode as MockMode,
    seed: seed as string,
    latencyMs: latencyMs as number | readonly [number, number],
    faults: { rate: rate as number, kinds: [...new Set(kinds as FaultKind[])], retryAfterMs: retryAfterMs as number },
    cassette: cassette as string | undefined,
    strict: strict as boolean,
    finalDesignAfterRounds: finalDesignAfterRounds as number,
  };
}

function checkKeys(record: Readonly<Record<string, unknown>>, allowed: readonly string[], prefix: string, fail: (detail: string) => never): void {
  for (const key of Object.keys(record)) {
    if (record[key] !== undefined && !allowed.includes(key)) fail(`${prefix}${key} is not a setting${didYouMean(key, allowed)}; the settings are ${allowed.join(', ')}`);
  }
}

function isMilliseconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
