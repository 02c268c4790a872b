import { ALIAS_PATTERN, InvalidInputError } from '@quorum/core';
import { DESIGN_FACETS } from '@quorum/markers';
import { MAXIMUM_DETAIL, MINIMUM_DETAIL } from './architecture-diagram.js';
import { COST_CUTTER, DREAMER, type DebateSides } from './debate-guidance.js';
import { parseKeywords } from './topics.js';

/** `quorum debate` options as commander hands them over: strings, checked by {@link resolveDebateOptions}. */
export interface RawDebateOptions {
  readonly context?: string | undefined;
  readonly intensity?: string | undefined;
  readonly maxTurns?: string | undefined;
  readonly maxDuration?: string | undefined;
  readonly diagramDetail?: string | undefined;
  readonly minTurns?: string | undefined;
  readonly minFacets?: string | undefined;
  readonly personas?: string | undefined;
  /** Every `--provider` given (the option repeats). */
  readonly provider?: readonly string[] | undefined;
  readonly random?: boolean | undefined;
  readonly daily?: boolean | undefined;
  readonly keywords?: string | undefined;
  readonly seed?: string | undefined;
  readonly date?: string | undefined;
  readonly projects?: string | undefined;
  readonly json?: boolean | undefined;
}

/** Where the topic comes from. */
export type TopicSource = { readonly kind: 'given'; readonly topic: string } | { readonly kind: 'random'; readonly seed: string | undefined } | { readonly kind: 'daily'; readonly date: string | undefined };

/** Checked debate settings, defaults filled. */
export interface DebateSettings {
  readonly topic: TopicSource;
  readonly keywords: readonly string[];
  readonly context: string | undefined;
  readonly intensity: number;
  readonly maxTurns: number;
  readonly maxDurationMs: number;
  readonly diagramDetail: number;
  /** Overrides of the template's `final_design` options; undefined keeps the template's. */
  readonly minTurns: number | undefined;
  readonly minFacets: number | undefined;
  readonly sides: DebateSides;
  /** `--provider P`: one model for every participant. */
  readonly provider: string | undefined;
  /** `--provider alias=P`: a provider hint per persona, for this run. */
  readonly personaProviders: Readonly<Record<string, string>>;
  readonly projects: string | undefined;
  readonly json: boolean;
}

export const DEFAULT_INTENSITY = 5;
export const DEFAULT_MAX_TURNS = 20;
export const DEFAULT_MAX_DURATION_MS = 30 * 60_000;
export const DEFAULT_DIAGRAM_DETAIL = 7;

/** A model as the template schema and the router read it: `provider` or `provider:model`. */
const MODEL_PATTERN = /^[a-z][a-z0-9-]*(?::\S+)?$/;

/**
 * Checks every option of `quorum debate` and fills the defaults; each problem is one sentence
 * naming the option and what it takes (exit 2). Persona and provider names are checked
 * against the project later, when its personas and plugins are loaded.
 */
export function resolveDebateOptions(topic: string | undefined, raw: RawDebateOptions): DebateSettings {
  const source = topicSource(topic, raw);
  const maxTurns = wholeNumber(raw.maxTurns, '--max-turns', 1, undefined, DEFAULT_MAX_TURNS);
  const minTurns = raw.minTurns === undefined ? undefined : wholeNumber(raw.minTurns, '--min-turns', 0, undefined, 0);
  if (minTurns !== undefined && minTurns > maxTurns) {
    throw new InvalidInputError(
      `--min-turns ${minTurns} is more than --max-turns ${maxTurns}, so no FINAL DESIGN could be accepted before the turn limit; lower --min-turns or raise --max-turns`,
    );
  }
  const { provider, personaProviders } = providerOptions(raw.provider ?? []);
  const sides = personasOption(raw.personas);
  for (const alias of Object.keys(personaProviders)) {
    if (alias !== sides.dreamer && alias !== sides.costCutter && alias !== 'visualizer') {
      throw new InvalidInputError(`--provider ${alias}=…: ${alias} does not take part in this debate; name ${sides.dreamer}, ${sides.costCutter} or visualizer`);
    }
  }
  if (raw.context !== undefined && raw.context.trim() === '') throw new InvalidInputError('--context is empty; give the background in a few sentences, or leave the option out');
  if (raw.projects !== undefined && raw.projects.trim() === '') throw new InvalidInputError('--projects needs a directory, such as --projects projects');
  return {
    topic: source,
    keywords: raw.keywords === undefined ? [] : parseKeywords(raw.keywords),
    context: raw.context,
    intensity: wholeNumber(raw.intensity, '--intensity', 0, 10, DEFAULT_INTENSITY),
    maxTurns,
    maxDurationMs: raw.maxDuration === undefined ? DEFAULT_MAX_DURATION_MS : parseDuration(raw.maxDuration, '--max-duration'),
    diagramDetail: wholeNumber(raw.diagramDetail, '--diagram-detail', MINIMUM_DETAIL, MAXIMUM_DETAIL, DEFAULT_DIAGRAM_DETAIL),
    minTurns,
    minFacets: raw.minFacets === undefined ? undefined : wholeNumber(raw.minFacets, '--min-facets', 0, DESIGN_FACETS.length, 0),
    sides,
    provider,
    personaProviders,
    projects: raw.projects,
    json: raw.json === true,
  };
}

function topicSource(topic: string | undefined, raw: RawDebateOptions): TopicSource {
  const given = topic !== undefined;
  const chosen = [given, raw.random === true, raw.daily === true].filter(Boolean).length;
  if (chosen > 1) throw new InvalidInputError('give a topic, --random or --daily, only one of them');
  if (chosen === 0) throw new InvalidInputError('give a topic to debate in quotes, or let Quorum pick one with --random or --daily');
  if (raw.keywords !== undefined && given) throw new InvalidInputError('--keywords steers --random and --daily; with a topic of your own, leave it out');
  if (raw.seed !== undefined && raw.random !== true) throw new InvalidInputError('--seed repeats a --random pick; use it with --random');
  if (raw.date !== undefined && raw.daily !== true) throw new InvalidInputError('--date picks the topic of another day; use it with --daily');
  if (given) {
    const text = topic.trim();
    if (text === '') throw new InvalidInputError('the topic is empty; say what to design, such as "Design a URL shortener"');
    if (/[\r\n]/.test(text)) throw new InvalidInputError('the topic must be one line; put the background in --context');
    if (text.length > 200) throw new InvalidInputError(`the topic is ${text.length} characters long; keep it under 200 and put the background in --context`);
    return { kind: 'given', topic: text };
  }
  if (raw.random === true) return { kind: 'random', seed: raw.seed };
  return { kind: 'daily', date: raw.date };
}

/** A whole number in [min, max] (max open when undefined), or `fallback` when the option is absent. */
export function wholeNumber(value: string | undefined, option: string, min: number, max: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const range = max === undefined ? `from ${min}` : `from ${min} to ${max}`;
  const number = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || number < min || (max !== undefined && number > max)) {
    throw new InvalidInputError(`${option} must be a whole number ${range}, not "${value}"`);
  }
  return number;
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A length of time: `30m`, `90s`, `1h`, `1h30m`, `1500ms`, or a bare number of minutes (as
 * the AI Design Theater's `--max-duration` took). Returns milliseconds.
 */
export function parseDuration(value: string, option: string): number {
  const text = value.trim().toLowerCase();
  let total = 0;
  if (/^\d+(?:\.\d+)?$/.test(text)) total = Number(text) * DURATION_UNITS.m!;
  else if (/^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/.test(text)) {
    for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) total += Number(amount) * DURATION_UNITS[unit!]!;
  } else total = Number.NaN;
  if (!Number.isFinite(total) || total < 1000) {
    throw new InvalidInputError(`${option} must be a length of time of at least a second, such as 30m, 90s or 1h (a bare number is minutes), not "${value}"`);
  }
  return Math.round(total);
}

/** `--personas architect,security`: the Dreamer's side, then the Cost Cutter's. */
function personasOption(value: string | undefined): DebateSides {
  if (value === undefined) return { dreamer: DREAMER, costCutter: COST_CUTTER };
  const aliases = value.split(',').map((alias) => alias.trim().replace(/^@/, ''));
  if (aliases.length !== 2 || aliases.some((alias) => alias === '') || aliases[0]!.toLowerCase() === aliases[1]!.toLowerCase()) {
    throw new InvalidInputError(`--personas must name two different personas, the Dreamer's side first and the Cost Cutter's second, such as --personas ${DREAMER},${COST_CUTTER}`);
  }
  const bad = aliases.find((alias) => !ALIAS_PATTERN.test(alias));
  if (bad !== undefined) throw new InvalidInputError(`--personas: "${bad}" is not a persona alias; use letters, digits, "-" and "_", starting with a letter`);
  return { dreamer: aliases[0]!, costCutter: aliases[1]! };
}

/** `--provider P` once for everyone, or `--provider alias=P` once per persona; not both. */
function providerOptions(values: readonly string[]): { provider: string | undefined; personaProviders: Record<string, string> } {
  let provider: string | undefined;
  const personaProviders: Record<string, string> = {};
  for (const value of values) {
    const text = value.trim();
    const equals = text.indexOf('=');
    if (equals === -1) {
      checkModel(text, `--provider ${text}`);
      if (provider !== undefined && provider !== text) throw new InvalidInputError(`--provider is given twice (${provider} and ${text}); give one model for everyone, or one per persona as alias=model`);
      provider = text;
      continue;
    }
    const alias = text.slice(0, equals).trim().replace(/^@/, '');
    const model = text.slice(equals + 1).trim();
    if (!ALIAS_PATTERN.test(alias)) throw new InvalidInputError(`--provider ${text}: "${alias}" is not a persona alias; write alias=model, such as --provider dreamer=anthropic`);
    checkModel(model, `--provider ${text}`);
    if (personaProviders[alias] !== undefined && personaProviders[alias] !== model) throw new InvalidInputError(`--provider gives ${alias} two models (${personaProviders[alias]} and ${model}); give one`);
    personaProviders[alias] = model;
  }
  if (provider !== undefined && Object.keys(personaProviders).length > 0) {
    throw new InvalidInputError('give either one --provider for everyone or one per persona (alias=model), not both');
  }
  return { provider, personaProviders };
}

function checkModel(model: string, where: string): void {
  if (!MODEL_PATTERN.test(model)) throw new InvalidInputError(`${where}: "${model}" is not a model; write provider or provider:model, such as anthropic:claude-sonnet-4-6 or mock`);
}
