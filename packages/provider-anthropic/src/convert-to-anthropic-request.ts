import type { GenerateRequestV1 } from '@quorum/core';
import type Anthropic from '@anthropic-ai/sdk';

/** How many blocks of one request may carry `cache_control` (the API refuses more). */
export const MAX_CACHE_BREAKPOINTS = 4;

/** The description of the forced tool that carries the structured reply. */
export const REPLY_TOOL_DESCRIPTION = 'Record your reply in the discussion.';

/** The parts of a Messages API request that do not depend on streaming. */
export type MessagesBody = Omit<Anthropic.MessageCreateParamsNonStreaming, 'stream'>;

const EPHEMERAL: Anthropic.CacheControlEphemeral = { type: 'ephemeral' };

/**
 * Builds the Messages API body for a request.
 *
 * - The system prompt is one text block marked `cache_control: ephemeral`: a persona's
 *   system prompt is the same on every call, so it is always worth caching.
 * - Each message part becomes a text block; a part with `cacheBreakpoint` is marked too,
 *   so the stable prefix (phase, transcript so far) is read from the cache next turn. The
 *   API takes at most {@link MAX_CACHE_BREAKPOINTS} marked blocks, the system one included;
 *   when there are more, the earliest part breakpoints are dropped (a later breakpoint
 *   caches a longer prefix, which holds the earlier ones).
 * - The reply schema is the input schema of one tool that the model is forced to call.
 */
export function toMessagesBody(request: GenerateRequestV1, defaults: { readonly model: string; readonly maxOutputTokens: number }): MessagesBody {
  const hasSystem = request.system.trim() !== '';
  const messages: Anthropic.MessageParam[] = [];
  const marked: Anthropic.TextBlockParam[] = [];
  for (const message of request.messages) {
    const blocks: Anthropic.TextBlockParam[] = [];
    for (const part of message.content) {
      if (part.text.trim() === '') {
        // The API refuses empty text blocks; a breakpoint on one moves to the block before it.
        const previous = blocks.at(-1) ?? lastBlock(messages);
        if (part.cacheBreakpoint === true && previous !== undefined && !marked.includes(previous)) marked.push(previous);
        continue;
      }
      const block: Anthropic.TextBlockParam = { type: 'text', text: part.text };
      blocks.push(block);
      if (part.cacheBreakpoint === true) marked.push(block);
    }
    messages.push({ role: message.role, content: blocks });
  }
  const allowed = MAX_CACHE_BREAKPOINTS - (hasSystem ? 1 : 0);
  for (const block of marked.slice(Math.max(0, marked.length - allowed))) block.cache_control = EPHEMERAL;

  return {
    model: request.model === '' ? defaults.model : request.model,
    max_tokens: request.maxOutputTokens ?? defaults.maxOutputTokens,
    ...(hasSystem ? { system: [{ type: 'text', text: request.system, cache_control: EPHEMERAL }] } : {}),
    messages,
    tools: [
      {
        name: request.responseSchemaName,
        description: REPLY_TOOL_DESCRIPTION,
        input_schema: request.responseSchema as Anthropic.Tool.InputSchema,
      },
    ],
    tool_choice: { type: 'tool', name: request.responseSchemaName },
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
  };
}

function lastBlock(messages: readonly Anthropic.MessageParam[]): Anthropic.TextBlockParam | undefined {
  const content = messages.at(-1)?.content;
  return Array.isArray(content) ? (content.at(-1) as Anthropic.TextBlockParam | undefined) : undefined;
}
