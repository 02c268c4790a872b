import type { Discussion, UsageV1 } from '@quorum/core';

export const ZERO_USAGE: UsageV1 = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 };

export function addUsage(a: UsageV1, b: UsageV1): UsageV1 {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
  };
}

/** What a discussion has cost so far, from its comments' USAGE lines. */
export interface DiscussionSpend {
  /** Comments with a USAGE line. */
  readonly comments: number;
  /** Input plus output tokens. */
  readonly tokens: number;
  /** US dollars, counting comments with a known cost. */
  readonly cost: number;
  /** Comments whose model had no known price. */
  readonly unpriced: number;
}

export function discussionSpend(discussion: Discussion): DiscussionSpend {
  let comments = 0;
  let tokens = 0;
  let cost = 0;
  let unpriced = 0;
  for (const section of discussion.sections) {
    if (section.kind !== 'comment' || section.usage === null) continue;
    comments++;
    tokens += section.usage.inputTokens + section.usage.outputTokens;
    if (section.usage.cost === null) unpriced++;
    else cost += section.usage.cost;
  }
  return { comments, tokens, cost: Math.round(cost * 1e6) / 1e6, unpriced };
}
