import type { Discussion, UsageV1 } from '@quorum/core';

export const ZERO_USAGE: UsageV1 = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 };

export function addUsage(a: UsageV1, b: UsageV1): UsageV1 {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
  };
}

/** Tokens and cost added up over some comments. */
export interface UsageTotal extends UsageV1 {
  readonly comments: number;
  /** US dollars over the comments with a known price. */
  readonly cost: number;
  /** Comments whose model has no known price (their cost is not in `cost`). */
  readonly unpriced: number;
}

/** What a discussion cost: in total, per comment author and per phase (the phase each comment was written in). */
export interface UsageReport {
  readonly total: UsageTotal;
  readonly byAuthor: Readonly<Record<string, UsageTotal>>;
  readonly byPhase: Readonly<Record<string, UsageTotal>>;
}

const EMPTY_TOTAL: UsageTotal = { ...ZERO_USAGE, comments: 0, cost: 0, unpriced: 0 };

export function usageReport(discussion: Discussion, currentPhase: string | null): UsageReport {
  const transitions = discussion.sections.flatMap((s) => (s.kind === 'events' ? s.events.filter((e) => e.kind === 'phase-transition') : []));
  let phase = transitions[0]?.from ?? currentPhase ?? '(none)';
  let total = EMPTY_TOTAL;
  const byAuthor: Record<string, UsageTotal> = {};
  const byPhase: Record<string, UsageTotal> = {};
  for (const section of discussion.sections) {
    if (section.kind === 'events') {
      for (const event of section.events) if (event.kind === 'phase-transition') phase = event.to;
      continue;
    }
    if (section.usage === null) continue;
    const { usage } = section;
    const add = (sum: UsageTotal): UsageTotal => ({
      ...addUsage(sum, usage),
      comments: sum.comments + 1,
      cost: Math.round((sum.cost + (usage.cost ?? 0)) * 1e6) / 1e6,
      unpriced: sum.unpriced + (usage.cost === null ? 1 : 0),
    });
    total = add(total);
    byAuthor[section.author] = add(byAuthor[section.author] ?? EMPTY_TOTAL);
    byPhase[phase] = add(byPhase[phase] ?? EMPTY_TOTAL);
  }
  return { total, byAuthor, byPhase };
}
