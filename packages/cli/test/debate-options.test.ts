import { readFileSync } from 'node:fs';
import { InvalidInputError } from '@quorum/core';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli-io.js';
import { createProgram } from '../src/main.js';
import { Project } from '../src/project.js';
import { convergenceHint, convergenceWindow, debateGuidance, intensityGuidance } from '../src/debate/debate-guidance.js';
import { parseDuration, resolveDebateOptions, type RawDebateOptions } from '../src/debate/debate-options.js';

function problem(topic: string | undefined, raw: RawDebateOptions): string {
  try {
    resolveDebateOptions(topic, raw);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error('the options were accepted');
}

describe('quorum debate options', () => {
  it('fill the defaults', () => {
    const settings = resolveDebateOptions('Design a URL shortener', {});
    expect(settings).toMatchObject({
      topic: { kind: 'given', topic: 'Design a URL shortener' },
      intensity: 5,
      maxTurns: 20,
      maxDurationMs: 30 * 60_000,
      diagramDetail: 7,
      minTurns: undefined,
      minFacets: undefined,
      sides: { dreamer: 'dreamer', costCutter: 'cost-cutter' },
      provider: undefined,
      personaProviders: {},
    });
  });

  it.each<[string, RawDebateOptions, string]>([
    ['an intensity above 10', { intensity: '11' }, '--intensity must be a whole number from 0 to 10, not "11"'],
    ['a fractional intensity', { intensity: '2.5' }, '--intensity must be a whole number from 0 to 10, not "2.5"'],
    ['no turns', { maxTurns: '0' }, '--max-turns must be a whole number from 1, not "0"'],
    ['a diagram detail of 0', { diagramDetail: '0' }, '--diagram-detail must be a whole number from 1 to 10, not "0"'],
    ['more facets than there are', { minFacets: '12' }, '--min-facets must be a whole number from 0 to 11, not "12"'],
    ['more minimum turns than turns', { minTurns: '9', maxTurns: '8' }, '--min-turns 9 is more than --max-turns 8, so no FINAL DESIGN could be accepted before the turn limit; lower --min-turns or raise --max-turns'],
    ['a duration without a unit it knows', { maxDuration: '30 minutes' }, '--max-duration must be a length of time of at least a second, such as 30m, 90s or 1h (a bare number is minutes), not "30 minutes"'],
    ['one persona', { personas: 'dreamer' }, "--personas must name two different personas, the Dreamer's side first and the Cost Cutter's second, such as --personas dreamer,cost-cutter"],
    ['the same persona twice', { personas: 'architect,Architect' }, '--personas must name two different personas'],
    ['a persona that is not an alias', { personas: 'architect,2fast' }, '--personas: "2fast" is not a persona alias'],
    ['two models for everyone', { provider: ['openai', 'anthropic'] }, '--provider is given twice (openai and anthropic); give one model for everyone, or one per persona as alias=model'],
    ['both kinds of --provider', { provider: ['openai', 'dreamer=anthropic'] }, 'give either one --provider for everyone or one per persona (alias=model), not both'],
    ['a provider for someone not in the debate', { provider: ['architect=openai'] }, '--provider architect=…: architect does not take part in this debate; name dreamer, cost-cutter or visualizer'],
    ['a malformed model', { provider: ['dreamer=Open AI'] }, '--provider dreamer=Open AI: "Open AI" is not a model; write provider or provider:model'],
    ['an empty context', { context: '  ' }, '--context is empty'],
  ])('refuse %s in one sentence', (_, raw, message) => {
    expect(problem('Design a URL shortener', raw)).toContain(message);
  });

  it.each<[string | undefined, RawDebateOptions, string]>([
    [undefined, {}, 'give a topic to debate in quotes, or let Quorum pick one with --random or --daily'],
    ['Design a cache', { random: true }, 'give a topic, --random or --daily, only one of them'],
    [undefined, { random: true, daily: true }, 'give a topic, --random or --daily, only one of them'],
    ['Design a cache', { keywords: 'security' }, '--keywords steers --random and --daily; with a topic of your own, leave it out'],
    [undefined, { daily: true, seed: '1' }, '--seed repeats a --random pick; use it with --random'],
    [undefined, { random: true, date: '2026-01-01' }, '--date picks the topic of another day; use it with --daily'],
    ['   ', {}, 'the topic is empty'],
    ['Design\na cache', {}, 'the topic must be one line; put the background in --context'],
  ])('need exactly one source of topic (%s, %o)', (topic, raw, message) => {
    expect(problem(topic, raw)).toContain(message);
  });

  it('take per-persona providers for the chosen personas', () => {
    const settings = resolveDebateOptions(undefined, { random: true, seed: 'x', keywords: 'ml', personas: 'architect,@pragmatist', provider: ['architect=anthropic:claude-sonnet-4-6', 'pragmatist=openai'] });
    expect(settings.sides).toEqual({ dreamer: 'architect', costCutter: 'pragmatist' });
    expect(settings.personaProviders).toEqual({ architect: 'anthropic:claude-sonnet-4-6', pragmatist: 'openai' });
    expect(settings.topic).toEqual({ kind: 'random', seed: 'x' });
    expect(settings.keywords).toEqual(['ml']);
  });

  it('read durations in the common units, a bare number as minutes', () => {
    expect(parseDuration('30m', '--max-duration')).toBe(1_800_000);
    expect(parseDuration('90s', '--max-duration')).toBe(90_000);
    expect(parseDuration('1h30m', '--max-duration')).toBe(5_400_000);
    expect(parseDuration('2', '--max-duration')).toBe(120_000);
    expect(parseDuration('1500ms', '--max-duration')).toBe(1500);
    expect(() => parseDuration('500ms', '--max-duration')).toThrow(/at least a second/);
  });
});

describe('debate guidance', () => {
  it('has three bands of intensity, with the number in the text', () => {
    expect(intensityGuidance(0)).toMatch(/^Debate intensity 0 of 10 \(collaborative\)/);
    expect(intensityGuidance(3)).toContain('(collaborative)');
    expect(intensityGuidance(4)).toContain('(firm)');
    expect(intensityGuidance(6)).toContain('(firm)');
    expect(intensityGuidance(7)).toContain('(relentless pushback)');
    expect(intensityGuidance(10)).toMatch(/^Debate intensity 10 of 10/);
  });

  it('says who plays which side only when the seats changed', () => {
    expect(debateGuidance(5, { dreamer: 'dreamer', costCutter: 'cost-cutter' })).toBe(intensityGuidance(5));
    expect(debateGuidance(5, { dreamer: 'architect', costCutter: 'pragmatist' })).toContain("@architect argues the Dreamer's side");
  });

  it('hints at convergence for the last 20% of the turns, at least 2', () => {
    expect([1, 8, 10, 20, 23, 50].map(convergenceWindow)).toEqual([2, 2, 2, 4, 4, 10]);
    expect(convergenceHint(4)).toContain('at most 4 rounds left');
  });
});

describe('the daily-debate CI example', () => {
  it('runs quorum debate with options the command has', () => {
    const workflow = readFileSync(new URL('../../../examples/ci/daily-debate.yml', import.meta.url), 'utf8');
    const line = /args=\((.*)\)/.exec(workflow)![1]!;
    const flags = [...line.matchAll(/(--[a-z-]+)/g), ...workflow.matchAll(/args\+=\((--[a-z-]+)/g)].map((match) => match[1]!);
    const io: CliIo = { cwd: process.cwd(), env: {}, stdinIsTty: false, out: () => undefined, err: () => undefined, readStdin: async () => '' };
    const debate = createProgram(new Project(io, undefined)).commands.find((command) => command.name() === 'debate')!;
    const known = debate.options.map((option) => option.long);
    expect(flags.length).toBeGreaterThan(5);
    for (const flag of flags) expect(known).toContain(flag);
    expect(() => resolveDebateOptions(undefined, { daily: true, intensity: '6', maxTurns: '20', maxDuration: '30m', diagramDetail: '9', keywords: 'security,edge', json: true })).not.toThrow();
  });
});
