import type { GenerateResultV1, UsageV1 } from '@quorum/core';
import { malformed } from './openai-error.js';

/**
 * Reads the reply text, usage and model out of a chat completion body, checking the parts
 * it uses: a body without `choices[0].message` is `malformed`, and so is a refusal or an
 * empty reply (the request cannot succeed as it stands, but another attempt may).
 */
export function readChatCompletion(body: unknown, requestedModel: string): GenerateResultV1 {
  if (!isRecord(body)) return notTheShape(typeof body === 'string' ? 'the response body is not JSON' : 'the response body is not an object');
  if (body['object'] !== undefined && body['object'] !== 'chat.completion') return notTheShape(`the response is a ${describe(body['object'])}, not a chat.completion`);
  const choices = body['choices'];
  if (!Array.isArray(choices)) return notTheShape('the response has no choices');
  const choice: unknown = choices[0];
  if (!isRecord(choice) || !isRecord(choice['message'])) return notTheShape('the response has no choices[0].message');
  const message = choice['message'];
  return {
    text: replyText(message['content'], message['refusal'], choice['finish_reason']),
    usage: readUsage(body['usage']),
    model: typeof body['model'] === 'string' && body['model'] !== '' ? body['model'] : requestedModel,
  };
}

/** Collects the deltas of a chat completion stream (`stream_options.include_usage` on). */
export class ChatCompletionStreamReader {
  #content = '';
  #refusal = '';
  #model: string | undefined;
  #finishReason: unknown;
  #usage: UsageV1 | undefined;

  /** Adds one chunk; throws `malformed` for a chunk that is not a `chat.completion.chunk`. */
  add(chunk: unknown): void {
    if (!isRecord(chunk) || !Array.isArray(chunk['choices'])) throw malformed('a stream chunk is not a chat.completion.chunk');
    if (typeof chunk['model'] === 'string' && chunk['model'] !== '') this.#model = chunk['model'];
    if (isRecord(chunk['usage'])) this.#usage = readUsage(chunk['usage']);
    for (const choice of chunk['choices'] as unknown[]) {
      if (!isRecord(choice) || (choice['index'] !== undefined && choice['index'] !== 0)) continue;
      const delta = choice['delta'];
      if (isRecord(delta)) {
        if (typeof delta['content'] === 'string') this.#content += delta['content'];
        if (typeof delta['refusal'] === 'string') this.#refusal += delta['refusal'];
      }
      if (choice['finish_reason'] !== null && choice['finish_reason'] !== undefined) this.#finishReason = choice['finish_reason'];
    }
  }

  /** The result once the stream has ended; `malformed` when it ended before a finish reason. */
  finish(requestedModel: string): GenerateResultV1 {
    if (this.#finishReason === undefined) throw malformed('the stream ended before the reply was complete (no finish_reason)');
    return {
      text: replyText(this.#content, this.#refusal === '' ? null : this.#refusal, this.#finishReason),
      usage: this.#usage ?? { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 },
      model: this.#model ?? requestedModel,
    };
  }
}

function replyText(content: unknown, refusal: unknown, finishReason: unknown): string {
  if (typeof refusal === 'string' && refusal !== '') {
    // The model's refusal is its own words, not the prompt; still, only its length is shown.
    throw malformed(`the model refused to answer in the schema (a refusal of ${refusal.length} characters)`);
  }
  if (typeof content !== 'string' || content.trim() === '') {
    throw malformed(`the reply is empty (finish_reason ${describe(finishReason)})`);
  }
  return content;
}

function readUsage(usage: unknown): UsageV1 {
  if (!isRecord(usage)) return { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 };
  const details = usage['prompt_tokens_details'];
  return {
    inputTokens: count(usage['prompt_tokens']),
    outputTokens: count(usage['completion_tokens']),
    cachedInputTokens: isRecord(details) ? count(details['cached_tokens']) : 0,
  };
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}

function notTheShape(what: string): never {
  throw malformed(`${what}; the server does not answer like the chat completions API`);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  return value === null ? 'null' : value === undefined ? 'missing' : typeof value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
