import type { GenerateRequestV1, MessageV1 } from '@quorum/core';
import type OpenAI from 'openai';

/** The parts of a chat completion request that do not depend on streaming. */
export type ChatCompletionBody = Omit<OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, 'stream'>;

/**
 * Builds the chat completion body for a request: the system prompt as a `system` message,
 * then the conversation with each message's parts joined by a blank line, and the reply
 * schema as a strict `json_schema` response format. OpenAI caches prompt prefixes by
 * itself, so `cacheBreakpoint` needs no marking here; the engine already puts the stable
 * part of the prompt first.
 */
export function toChatCompletionBody(request: GenerateRequestV1, defaults: { readonly model: string; readonly maxOutputTokens: number | undefined }): ChatCompletionBody {
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [];
  if (request.system !== '') messages.push({ role: 'system', content: request.system });
  for (const message of request.messages) messages.push(toChatMessage(message));
  const maxOutputTokens = request.maxOutputTokens ?? defaults.maxOutputTokens;
  return {
    model: request.model === '' ? defaults.model : request.model,
    messages,
    response_format: {
      type: 'json_schema',
      json_schema: { name: request.responseSchemaName, schema: { ...request.responseSchema }, strict: true },
    },
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(maxOutputTokens === undefined ? {} : { max_completion_tokens: maxOutputTokens }),
  };
}

function toChatMessage(message: MessageV1): OpenAI.Chat.ChatCompletionMessageParam {
  const content = message.content
    .map((part) => part.text)
    .filter((text) => text !== '')
    .join('\n\n');
  return message.role === 'user' ? { role: 'user', content } : { role: 'assistant', content };
}
