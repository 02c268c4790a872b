import {
  ProviderError,
  type GenerateRequestV1,
  type GenerateResultV1,
  type PersonaV1,
  type ProviderFactoryV1,
  type ProviderV1,
  type TurnDescriptionV1,
  type VoteValue,
} from '@quorum/core';
import { BUNDLED_TEMPLATES_DIR, builtinConditions, compileTemplate, loadTemplate, type CompiledTemplate } from '@quorum/compiler';
import { renderNewDiscussion } from '@quorum/format';
import { defaultMarkerSet } from '@quorum/markers';
import { builtinVotingStrategies, defaultOptions } from '@quorum/voting';
import { runDiscussion, type EngineOptions, type RunResult } from '../discussion-engine.js';
import type { EngineEvent } from '../engine-events.js';
import { MemoryStorage } from '../memory-storage.js';
import { ModelRouter } from '../model-router.js';
import { PriceTable } from '../pricing.js';

export function persona(alias: string, fields: Partial<PersonaV1> = {}): PersonaV1 {
  return {
    name: `AI-${alias[0]!.toUpperCase()}${alias.slice(1)}`,
    alias,
    role: `${alias} reviewer`,
    personality: `You are the ${alias}.`,
    expertise: [alias],
    concerns: [`What about ${alias}?`],
    type: 'voting',
    ...fields,
  };
}

export const PERSONAS: readonly PersonaV1[] = [
  persona('architect'),
  persona('security'),
  persona('pragmatist'),
  persona('researcher', { type: 'background' }),
  persona('dreamer'),
  persona('cost-cutter', { name: 'AI-Cost-Cutter' }),
  persona('visualizer', { type: 'background', role: 'Diagram generator', expertise: ['Mermaid diagrams', 'visualization'] }),
  persona('designer'),
  persona('perfectionist'),
  persona('project-manager', { name: 'AI-Project-Manager' }),
  persona('backend-engineer', { name: 'AI-Backend-Engineer' }),
  persona('frontend-engineer', { name: 'AI-Frontend-Engineer' }),
  persona('qa-engineer', { name: 'AI-QA-Engineer' }),
];

/** What a scripted test participant answers: a reply object (serialized to JSON), raw text, or an error to throw. */
export type Answer = { comment: string; vote?: VoteValue | null } | { raw: string } | ProviderError;

/** A provider whose answers come from a function of the turn and the attempt (1-based, per participant and round). */
export function scriptedFactory(
  name: string,
  answer: (turn: TurnDescriptionV1, attempt: number, request: GenerateRequestV1) => Answer | Promise<Answer>,
  calls: GenerateRequestV1[] = [],
): ProviderFactoryV1 {
  const attempts = new Map<string, number>();
  const provider: ProviderV1 = {
    specificationVersion: 'v1',
    name,
    defaultModel: 'test-model',
    async generate(request): Promise<GenerateResultV1> {
      calls.push(request);
      const key = `${request.turn.persona.alias}#${request.turn.phase.id}#${request.turn.round}`;
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      const result = await answer(request.turn, attempt, request);
      if (result instanceof ProviderError) throw result;
      const text = 'raw' in result ? result.raw : JSON.stringify({ comment: result.comment, vote: result.vote ?? null });
      return { text, usage: { inputTokens: 100, outputTokens: 20, cachedInputTokens: 10 }, model: request.model || 'test-model' };
    },
  };
  return {
    specificationVersion: 'v1',
    name,
    description: 'scripted test provider',
    configured: () => ({ ok: true, reason: '' }),
    create: () => provider,
  };
}

export async function compiled(template: string): Promise<CompiledTemplate> {
  const conditions = new Map(builtinConditions.map((c) => [c.name, c]));
  const strategies = new Map(builtinVotingStrategies.map((s) => [s.name, s]));
  const { template: resolved } = await loadTemplate(template, { dirs: [BUNDLED_TEMPLATES_DIR], cwd: BUNDLED_TEMPLATES_DIR, conditions, strategies });
  return compileTemplate(resolved, { conditions });
}

export interface Setup {
  readonly storage: MemoryStorage;
  readonly events: EngineEvent[];
  readonly calls: GenerateRequestV1[];
  run(overrides?: Partial<EngineOptions>): Promise<RunResult>;
}

/** A discussion of `template` in memory storage, run with scripted providers. */
export async function setup(options: {
  template: string;
  participants?: readonly string[];
  answer: Parameters<typeof scriptedFactory>[1];
  factories?: readonly ProviderFactoryV1[];
  router?: Partial<ConstructorParameters<typeof ModelRouter>[0]>;
}): Promise<Setup> {
  const compiledTemplate = await compiled(options.template);
  const storage = new MemoryStorage();
  const participants = options.participants ?? compiledTemplate.template.participants;
  await storage.create(
    'd.md',
    renderNewDiscussion({
      title: 'Add rate limiting',
      phase: compiledTemplate.template.initial,
      created: '2026-01-01T00:00:00.000Z',
      template: compiledTemplate.template.id,
      participants,
      context: 'Limit each API key to 100 requests per minute.',
    }),
  );
  const events: EngineEvent[] = [];
  const calls: GenerateRequestV1[] = [];
  const factories = new Map([['test', scriptedFactory('test', options.answer, calls)], ...(options.factories ?? []).map((f) => [f.name, f] as const)]);
  const byAlias = new Map(PERSONAS.map((p) => [p.alias, p]));
  return {
    storage,
    events,
    calls,
    run: (overrides = {}) =>
      runDiscussion({
        storage,
        discussion: 'd.md',
        compiled: compiledTemplate,
        persona: (alias) => byAlias.get(alias),
        markerSets: [defaultMarkerSet],
        strategyFor: (phase) => {
          const rule = phase.votingRule ?? compiledTemplate.template.voting;
          const strategy = builtinVotingStrategies.find((s) => s.name === rule.strategy)!;
          return { strategy, options: { ...defaultOptions(strategy), ...rule.options } };
        },
        voterFact: (id) => {
          const found = byAlias.get(id) ?? PERSONAS.find((p) => p.name === id);
          return found === undefined ? undefined : { background: found.type === 'background', human: false };
        },
        router: new ModelRouter({
          factories,
          settings: {},
          defaultModel: 'test',
          environment: { env: {}, projectDir: '/' },
          notice: (message) => events.push({ type: 'notice', message, time: '' }),
          ...options.router,
        }),
        resilience: { timeoutMs: 2_000, retries: 3, backoffMs: 1, maxBackoffMs: 20, breakerFailures: 5, breakerCooldownMs: 1_000 },
        concurrency: 4,
        prices: new PriceTable({ 'test:test-model': { input: 1, output: 2 } }),
        clock: () => new Date('2026-01-01T00:00:00.000Z'),
        random: () => 0.5,
        onEvent: (event) => events.push(event),
        ...overrides,
      }),
  };
}

export function eventsOfType<T extends EngineEvent['type']>(events: readonly EngineEvent[], type: T): Extract<EngineEvent, { type: T }>[] {
  return events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
}
