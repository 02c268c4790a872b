import type { GenerateResultV1, UsageV1 } from '@quorum/core';
import { malformed } from './anthropic-error.js';

/**
 * Reads the reply out of a Messages API `message`: the input of the forced tool call, as
 * JSON text, the usage and the model. A body that is not a message, or a message without
 * a `tool_use` block, is `malformed`.
 */
export function readAnthropicMessage(body: unknown, toolName: string, requestedModel: string): GenerateResultV1 {
  if (!isRecord(body)) return notTheShape(typeof body === 'string' ? 'the response body is not JSON' : 'the response body is not an object');
  if (body['type'] !== 'message' || !Array.isArray(body['content'])) return notTheShape(`the response is a ${describe(body['type'])}, not a message`);
  const toolUses = (body['content'] as unknown[]).filter((block): block is Record<string, unknown> => isRecord(block) && block['type'] === 'tool_use');
  const toolUse = toolUses.find((block) => block['name'] === toolName) ?? toolUses[0];
  if (toolUse === undefined) throw noToolCall(toolName, body['stop_reason']);
  if (!isRecord(toolUse['input'])) throw malformed(`the ${toolName} tool call has no input object`);
  return {
    text: JSON.stringify(toolUse['input']),
    usage: readUsage(body['usage']),
    model: typeof body['model'] === 'string' && body['model'] !== '' ? body['model'] : requestedModel,
  };
}

interface ToolCallInProgress {
  readonly name: unknown;
  readonly initialInput: unknown;
  json: string;
}

/**
 * Collects the events of a Messages API stream: `message_start` (model and input usage),
 * `content_block_start` / `content_block_delta` with `input_json_delta` (the tool input,
 * in pieces), `message_delta` (stop reason and the final output usage) and
 * `message_stop`.
 */
export class AnthropicStreamReader {
  #model: string | undefined;
  #usage = { input: 0, cacheRead: 0, cacheCreation: 0, output: 0 };
  #started = false;
  #stopped = false;
  #stopReason: unknown = null;
  readonly #toolCalls = new Map<number, ToolCallInProgress>();

  /** Adds one event; throws `malformed` for an event that is not of the API's shape. */
  add(event: unknown): void {
    if (!isRecord(event) || typeof event['type'] !== 'string') throw malformed('a stream event is not a Messages API event');
    switch (event['type']) {
      case 'message_start': {
        const message = event['message'];
        if (!isRecord(message)) throw malformed('the message_start event carries no message');
        this.#started = true;
        if (typeof message['model'] === 'string' && message['model'] !== '') this.#model = message['model'];
        this.#addUsage(message['usage']);
        return;
      }
      case 'content_block_start': {
        const block = event['content_block'];
        if (isRecord(block) && block['type'] === 'tool_use' && typeof event['index'] === 'number') {
          this.#toolCalls.set(event['index'], { name: block['name'], initialInput: block['input'], json: '' });
        }
        return;
      }
      case 'content_block_delta': {
        const delta = event['delta'];
        const call = typeof event['index'] === 'number' ? this.#toolCalls.get(event['index']) : undefined;
        if (call !== undefined && isRecord(delta) && delta['type'] === 'input_json_delta' && typeof delta['partial_json'] === 'string') {
          call.json += delta['partial_json'];
        }
        return;
      }
      case 'message_delta': {
        const delta = event['delta'];
        if (isRecord(delta) && delta['stop_reason'] !== undefined) this.#stopReason = delta['stop_reason'];
        this.#addUsage(event['usage']);
        return;
      }
      case 'message_stop':
        this.#stopped = true;
        return;
      default:
        // content_block_stop, ping and event types added later carry nothing needed here.
        return;
    }
  }

  /** The result once the stream has ended; `malformed` when it ended early or holds no tool call. */
  finish(toolName: string, requestedModel: string): GenerateResultV1 {
    if (!this.#started || !this.#stopped) throw malformed('the stream ended before the reply was complete (no message_stop)');
    const calls = [...this.#toolCalls.values()];
    const call = calls.find((candidate) => candidate.name === toolName) ?? calls[0];
    if (call === undefined) throw noToolCall(toolName, this.#stopReason);
    let input: unknown = call.initialInput;
    if (call.json.trim() !== '') {
      try {
        input = JSON.parse(call.json);
      } catch {
        throw malformed(`the streamed input of the ${toolName} tool call is not valid JSON (stop reason ${describe(this.#stopReason)})`);
      }
    }
    if (!isRecord(input)) throw malformed(`the ${toolName} tool call has no input object`);
    return {
      text: JSON.stringify(input),
      usage: {
        inputTokens: this.#usage.input + this.#usage.cacheRead + this.#usage.cacheCreation,
        outputTokens: this.#usage.output,
        cachedInputTokens: this.#usage.cacheRead,
      },
      model: this.#model ?? requestedModel,
    };
  }

  /** Later usage figures replace earlier ones: `message_delta` carries cumulative totals. */
  #addUsage(usage: unknown): void {
    if (!isRecord(usage)) return;
    const read = (key: string): number | undefined => (typeof usage[key] === 'number' && Number.isFinite(usage[key]) ? usage[key] : undefined);
    this.#usage = {
      input: read('input_tokens') ?? this.#usage.input,
      cacheRead: read('cache_read_input_tokens') ?? this.#usage.cacheRead,
      cacheCreation: read('cache_creation_input_tokens') ?? this.#usage.cacheCreation,
      output: read('output_tokens') ?? this.#usage.output,
    };
  }
}

function readUsage(usage: unknown): UsageV1 {
  if (!isRecord(usage)) return { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 };
  const input = count(usage['input_tokens']);
  const cacheRead = count(usage['cache_read_input_tokens']);
  const cacheCreation = count(usage['cache_creation_input_tokens']);
  return { inputTokens: input + cacheRead + cacheCreation, outputTokens: count(usage['output_tokens']), cachedInputTokens: cacheRead };
}

function noToolCall(toolName: string, stopReason: unknown): Error {
  return malformed(`the reply has no ${toolName} tool call (stop reason ${describe(stopReason)})`);
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}

function notTheShape(what: string): never {
  throw malformed(`${what}; the server does not answer like the Messages API`);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  return value === null ? 'null' : value === undefined ? 'missing' : typeof value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
