import type { UsageV1 } from '@quorum/core';

/** US dollars per million tokens. */
export interface ModelPrice {
  readonly input: number;
  readonly output: number;
  /** Input tokens read from the prompt cache; the input price when absent. */
  readonly cachedInput?: number | undefined;
}

/** The date the bundled prices were copied from the providers' price lists. */
export const PRICES_AS_OF = '2025-10-01';

/**
 * Bundled list prices of well-known models (as of {@link PRICES_AS_OF}); config `pricing`
 * overrides and extends them. Local models cost nothing; a model with no price has an
 * unknown cost (shown as such, and not counted against `--max-cost`).
 */
export const BUNDLED_PRICES: Readonly<Record<string, ModelPrice>> = {
  'openai:gpt-5': { input: 1.25, output: 10, cachedInput: 0.125 },
  'openai:gpt-5-mini': { input: 0.25, output: 2, cachedInput: 0.025 },
  'openai:gpt-5-nano': { input: 0.05, output: 0.4, cachedInput: 0.005 },
  'openai:gpt-4.1': { input: 2, output: 8, cachedInput: 0.5 },
  'openai:gpt-4.1-mini': { input: 0.4, output: 1.6, cachedInput: 0.1 },
  'openai:gpt-4o': { input: 2.5, output: 10, cachedInput: 1.25 },
  'openai:gpt-4o-mini': { input: 0.15, output: 0.6, cachedInput: 0.075 },
  'anthropic:claude-opus-4-1': { input: 15, output: 75, cachedInput: 1.5 },
  'anthropic:claude-sonnet-4-6': { input: 3, output: 15, cachedInput: 0.3 },
  'anthropic:claude-sonnet-4-5': { input: 3, output: 15, cachedInput: 0.3 },
  'anthropic:claude-sonnet-4': { input: 3, output: 15, cachedInput: 0.3 },
  'anthropic:claude-haiku-4-5': { input: 1, output: 5, cachedInput: 0.1 },
  'anthropic:claude-3-5-haiku': { input: 0.8, output: 4, cachedInput: 0.08 },
  'ollama:*': { input: 0, output: 0 },
  'mock:*': { input: 0, output: 0 },
};

/** Looks up prices: exact id, then the longest listed id the model id starts with (dated versions), then `provider:*`. */
export class PriceTable {
  private readonly prices: ReadonlyMap<string, ModelPrice>;
  /** Answers so far: a run prices the same few models over and over. */
  private readonly found = new Map<string, ModelPrice | undefined>();

  constructor(overrides: Readonly<Record<string, ModelPrice>> = {}) {
    this.prices = new Map(Object.entries({ ...BUNDLED_PRICES, ...overrides }));
  }

  priceOf(modelId: string): ModelPrice | undefined {
    if (this.found.has(modelId)) return this.found.get(modelId);
    const price = this.lookUp(modelId);
    this.found.set(modelId, price);
    return price;
  }

  private lookUp(modelId: string): ModelPrice | undefined {
    const exact = this.prices.get(modelId);
    if (exact !== undefined) return exact;
    let best: [string, ModelPrice] | undefined;
    for (const entry of this.prices) {
      const [id] = entry;
      if (!id.endsWith('*') && modelId.startsWith(`${id}-`) && (best === undefined || id.length > best[0].length)) best = entry;
    }
    if (best !== undefined) return best[1];
    return this.prices.get(`${modelId.split(':')[0]}:*`);
  }

  /** Estimated cost in US dollars, or null when the model has no known price. */
  costOf(modelId: string, usage: UsageV1): number | null {
    const price = this.priceOf(modelId);
    if (price === undefined) return null;
    const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
    const cost =
      ((usage.inputTokens - cached) * price.input + cached * (price.cachedInput ?? price.input) + usage.outputTokens * price.output) / 1_000_000;
    return Math.round(cost * 1e6) / 1e6;
  }
}
