import {
  ProviderError,
  type GenerateRequestV1,
  type GenerateResultV1,
  type ProviderEnvironment,
  type ProviderFactoryV1,
  type ProviderV1,
} from '@quorum/core';
import { Ollama, type ChatRequest, type ChatResponse, type Message, type Options } from 'ollama';
import { abortError, toOllamaProviderError } from './ollama-error.js';
import { parseOllamaHost, type OllamaHost } from './ollama-host.js';
import { ollamaOptionsSchema, readOllamaSettings, type OllamaSettings } from './ollama-settings.js';

const NAME = 'ollama';
const NOT_CONFIGURED = 'OLLAMA_HOST is not set and providers.ollama has no host';

/**
 * The `ollama` provider: local models through Ollama's `/api/chat`, with the response schema
 * passed as `format` so Ollama constrains the reply to JSON of that shape.
 */
export const ollamaProvider: ProviderFactoryV1 = {
  specificationVersion: 'v1',
  name: NAME,
  description: 'Local models served by Ollama (/api/chat with a JSON-schema format).',
  optionsSchema: ollamaOptionsSchema,
  configured(settings, environment) {
    if (hostSetting(settings, environment) !== undefined) return { ok: true, reason: '' };
    return { ok: false, reason: NOT_CONFIGURED };
  },
  create(settings, environment) {
    return createOllamaProvider(readOllamaSettings(settings), environment);
  },
};

function hostSetting(settings: Readonly<Record<string, unknown>>, environment: ProviderEnvironment): { value: string; origin: string } | undefined {
  const fromSettings = settings['host'];
  if (typeof fromSettings === 'string' && fromSettings.trim() !== '') return { value: fromSettings, origin: 'providers.ollama.host' };
  const fromEnvironment = environment.env['OLLAMA_HOST'];
  if (fromEnvironment !== undefined && fromEnvironment.trim() !== '') return { value: fromEnvironment, origin: 'OLLAMA_HOST' };
  return undefined;
}

function createOllamaProvider(settings: OllamaSettings, environment: ProviderEnvironment): ProviderV1 {
  const source = hostSetting(settings.host === undefined ? {} : { host: settings.host }, environment);
  // Parsed once, so a malformed OLLAMA_HOST fails at creation with a ConfigError.
  const host: OllamaHost | undefined = source === undefined ? undefined : parseOllamaHost(source.value, source.origin);
  return {
    specificationVersion: 'v1',
    name: NAME,
    defaultModel: settings.model,
    async generate(request) {
      if (host === undefined) throw new ProviderError(NAME, 'unavailable', NOT_CONFIGURED);
      return generate(request, settings, host);
    },
  };
}

/** One `/api/chat` call with a client of its own, whose `fetch` carries this call's signal. */
async function generate(request: GenerateRequestV1, settings: OllamaSettings, host: OllamaHost): Promise<GenerateResultV1> {
  const model = request.model === '' ? settings.model : request.model;
  const { signal } = request;
  if (signal.aborted) throw abortError(signal.reason);

  let lastResponse: Response | undefined;
  const callFetch: typeof fetch = async (input, init) => {
    // The client passes its own signal only for streams (to end them early); join it with ours.
    const own = init?.signal ?? undefined;
    const response = await fetch(input, { ...init, signal: own === undefined ? signal : AbortSignal.any([own, signal]) });
    lastResponse = response;
    return response;
  };
  const client = new Ollama({ host: host.url, headers: requestHeaders(settings, host), fetch: callFetch });
  const chat = chatRequest(request, settings, model);

  try {
    const reply = settings.stream ? await collectStream(client, chat) : await client.chat({ ...chat, stream: false });
    return toResult(reply, model, host.url);
  } catch (error) {
    throw toOllamaProviderError(error, { signal, host: host.url, model, response: lastResponse });
  }
}

function requestHeaders(settings: OllamaSettings, host: OllamaHost): Record<string, string> {
  const headers: Record<string, string> = { ...settings.headers };
  const hasAuthorization = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
  if (host.authorization !== undefined && !hasAuthorization) headers['Authorization'] = host.authorization;
  return headers;
}

function chatRequest(request: GenerateRequestV1, settings: OllamaSettings, model: string): ChatRequest {
  const messages: Message[] = [];
  if (request.system !== '') messages.push({ role: 'system', content: request.system });
  for (const message of request.messages) {
    messages.push({ role: message.role, content: message.content.map((part) => part.text).join('\n\n') });
  }
  const options: Partial<Options> = {};
  if (request.temperature !== undefined) options.temperature = request.temperature;
  if (request.maxOutputTokens !== undefined) options.num_predict = request.maxOutputTokens;
  if (settings.numCtx !== undefined) options.num_ctx = settings.numCtx;
  return {
    model,
    messages,
    format: request.responseSchema,
    options,
    ...(settings.keepAlive === undefined ? {} : { keep_alive: settings.keepAlive }),
  };
}

/** Reads an NDJSON stream to its `done: true` chunk, joining the message text of every chunk. */
async function collectStream(client: Ollama, chat: ChatRequest): Promise<ChatResponse> {
  const stream = await client.chat({ ...chat, stream: true });
  let content = '';
  let last: ChatResponse | undefined;
  for await (const chunk of stream) {
    content += typeof chunk.message?.content === 'string' ? chunk.message.content : '';
    last = chunk;
    if (chunk.done) break;
  }
  if (last === undefined) throw new SyntaxError('the stream held no chunks');
  return { ...last, message: { ...last.message, role: 'assistant', content } };
}

function toResult(reply: ChatResponse, model: string, host: string): GenerateResultV1 {
  const content: unknown = (reply as { message?: { content?: unknown } } | null)?.message?.content;
  if (typeof content !== 'string') {
    throw new ProviderError(NAME, 'malformed', `Ollama at ${host} sent a chat reply without message.content for ${model}`);
  }
  if (content.trim() === '') {
    throw new ProviderError(NAME, 'malformed', `Ollama at ${host} sent an empty reply for ${model}`);
  }
  return {
    text: content,
    model: typeof reply.model === 'string' && reply.model !== '' ? reply.model : model,
    usage: {
      inputTokens: count(reply.prompt_eval_count),
      outputTokens: count(reply.eval_count),
      cachedInputTokens: 0,
    },
  };
}

/** A token count, or 0 where Ollama leaves it out (it omits `prompt_eval_count` for a fully cached prompt). */
function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}
