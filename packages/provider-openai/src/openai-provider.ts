import type { GenerateRequestV1, GenerateResultV1, ProviderFactoryV1, ProviderV1 } from '@quorum/core';
import OpenAI from 'openai';
import { toChatCompletionBody } from './convert-to-openai-request.js';
import { abortError, toOpenAIProviderError, type OpenAIErrorContext } from './openai-error.js';
import { missingKeyReason, OPENAI_DEFAULT_MODEL, openaiOptionsSchema, resolveOpenAIConnection, type OpenAIConnection } from './openai-settings.js';
import { ChatCompletionStreamReader, readChatCompletion } from './read-chat-completion.js';

/**
 * The `openai` provider: OpenAI's chat completions API, or any server that speaks it
 * (`providers.openai.baseURL`), through the official SDK with structured output
 * (`response_format: json_schema`, `strict: true`). One HTTP request per `generate` call:
 * the SDK's retries are off because the engine owns retries.
 */
export const openaiProvider: ProviderFactoryV1 = {
  specificationVersion: 'v1',
  name: 'openai',
  description: `OpenAI chat completions (or an OpenAI-compatible server) with JSON-schema structured output; default model ${OPENAI_DEFAULT_MODEL}.`,
  optionsSchema: openaiOptionsSchema,
  configured(settings, environment) {
    const hasKey = nonEmpty(settings['apiKey']) || nonEmpty(environment.env['OPENAI_API_KEY']);
    const hasBaseURL = nonEmpty(settings['baseURL']) || nonEmpty(environment.env['OPENAI_BASE_URL']);
    if (hasKey) return { ok: true, reason: 'an API key is set' };
    if (hasBaseURL) return { ok: true, reason: 'an OpenAI-compatible server is named by its base URL' };
    return { ok: false, reason: `${missingKeyReason()} (and no base URL is given in OPENAI_BASE_URL or providers.openai.baseURL)` };
  },
  create(settings, environment) {
    return createOpenAIProvider(resolveOpenAIConnection(settings, environment));
  },
};

function createOpenAIProvider(connection: OpenAIConnection): ProviderV1 {
  const client = new OpenAI({
    apiKey: connection.apiKey,
    baseURL: connection.baseURL,
    organization: connection.organization ?? null,
    project: connection.project ?? null,
    // Named explicitly so the SDK does not read them from process.env.
    adminAPIKey: null,
    webhookSecret: null,
    defaultHeaders: { ...connection.headers },
    maxRetries: 0,
  });
  const secrets = [connection.apiKey, ...secretHeaderValues(connection.headers)];

  async function generate(request: GenerateRequestV1): Promise<GenerateResultV1> {
    const body = toChatCompletionBody(request, connection);
    const context: OpenAIErrorContext = { baseURL: connection.baseURL, keySource: connection.keySource, secrets, signal: request.signal };
    if (request.signal.aborted) throw abortError(request.signal);
    try {
      if (!connection.stream) {
        const completion: unknown = await client.chat.completions.create({ ...body, stream: false }, { signal: request.signal });
        return readChatCompletion(completion, body.model);
      }
      const stream = await client.chat.completions.create(
        { ...body, stream: true, stream_options: { include_usage: true } },
        { signal: request.signal },
      );
      const reader = new ChatCompletionStreamReader();
      for await (const chunk of stream) reader.add(chunk);
      // The SDK ends a stream quietly when it is aborted: check before trusting what arrived.
      if (request.signal.aborted) throw abortError(request.signal);
      return reader.finish(body.model);
    } catch (error) {
      throw toOpenAIProviderError(error, context);
    }
  }

  return { specificationVersion: 'v1', name: 'openai', defaultModel: connection.model, generate };
}

/** Values of headers whose names suggest a credential; they are hidden like the key. */
function secretHeaderValues(headers: Readonly<Record<string, string>>): string[] {
  return Object.entries(headers)
    .filter(([name, value]) => /auth|key|token|secret|cookie|password/i.test(name) && value.length >= 4)
    .map(([, value]) => value);
}

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}
