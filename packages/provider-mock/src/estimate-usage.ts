import type { GenerateRequestV1, UsageV1 } from '@quorum/core';

/** Characters per token in the estimate: the usual rule of thumb for English text. */
export const CHARACTERS_PER_TOKEN = 4;

/**
 * Deterministic token counts for a request and its reply, so usage and cost reports work
 * without a model. Input is every character of the system prompt and of all message parts;
 * from round 2 on, the prefix up to and including the last part marked `cacheBreakpoint`
 * (with the system prompt) counts as read from a prompt cache, as it would be on a provider
 * with prefix caching. Without a marked part nothing is cached.
 */
export function estimateUsage(request: Pick<GenerateRequestV1, 'system' | 'messages' | 'turn'>, replyText: string): UsageV1 {
  let total = request.system.length;
  let cachedPrefix = 0;
  for (const message of request.messages) {
    for (const part of message.content) {
      total += part.text.length;
      if (part.cacheBreakpoint === true) cachedPrefix = total;
    }
  }
  const cached = request.turn.round > 1 && cachedPrefix > 0 ? tokens(cachedPrefix) : 0;
  return { inputTokens: tokens(total), outputTokens: tokens(replyText.length), cachedInputTokens: cached };
}

function tokens(characters: number): number {
  return Math.ceil(characters / CHARACTERS_PER_TOKEN);
}
