import type { GenerateRequestV1, GenerateResultV1, ProviderFactoryV1, ProviderV1 } from '@quorum/core';
import Anthropic from '@anthropic-ai/sdk';
import { abortError, toAnthropicProviderError, type AnthropicErrorContext } from './anthropic-error.js';
import { ANTHROPIC_DEFAULT_MODEL, anthropicOptionsSchema, missingKeyReason, resolveAnthropicConnection, type AnthropicConnection } from './anthropic-settings.js';
import { toMessagesBody } from './convert-to-anthropic-request.js';
import { AnthropicStreamReader, readAnthropicMessage } from './read-anthropic-message.js';

/**
 * The SDK's own per-request limit. Named explicitly because without it the SDK refuses
 * non-streaming requests whose `max_tokens` suggests more than ten minutes of work; the
 * engine's signal is the real limit.
 */
const SDK_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * The `anthropic` provider: the Messages API through the official SDK, with the reply as
 * the input of a forced tool call and prompt caching on the system prompt and the stable
 * prefix. One HTTP request per `generate` call: the SDK's retries are off because the
 * engine owns retries.
 */
export const anthropicProvider: ProviderFactoryV1 = {
  specificationVersion: 'v1',
  name: 'anthropic',
  description: `Anthropic Messages API with structured output through a forced tool and prompt caching; default model ${ANTHROPIC_DEFAULT_MODEL}.`,
  optionsSchema: anthropicOptionsSchema,
  configured(settings, environment) {
    const hasKey = nonEmpty(settings['apiKey']) || nonEmpty(environment.env['ANTHROPIC_API_KEY']);
    return hasKey ? { ok: true, reason: 'an API key is set' } : { ok: false, reason: missingKeyReason() };
  },
  create(settings, environment) {
    return createAnthropicProvider(resolveAnthropicConnection(settings, environment));
  },
};

function createAnthropicProvider(connection: AnthropicConnection): ProviderV1 {
  const client = new Anthropic({
    apiKey: connection.apiKey,
    baseURL: connection.baseURL,
    // Named explicitly so the SDK does not read it from process.env.
    webhookKey: null,
    defaultHeaders: { ...connection.headers },
    maxRetries: 0,
    timeout: SDK_TIMEOUT_MS,
  });
  const secrets = [connection.apiKey, ...secretHeaderValues(connection.headers)];

  async function generate(request: GenerateRequestV1): Promise<GenerateResultV1> {
    const body = toMessagesBody(request, connection);
    const toolName = request.responseSchemaName;
    const context: AnthropicErrorContext = { baseURL: connection.baseURL, keySource: connection.keySource, secrets, signal: request.signal };
    if (request.signal.aborted) throw abortError(request.signal);
    try {
      if (!connection.stream) {
        const message: unknown = await client.messages.create({ ...body, stream: false }, { signal: request.signal });
        return readAnthropicMessage(message, toolName, body.model);
      }
      const stream = await client.messages.create({ ...body, stream: true }, { signal: request.signal });
      const reader = new AnthropicStreamReader();
      for await (const event of stream) reader.add(event);
      // The SDK ends a stream quietly when it is aborted: check before trusting what arrived.
      if (request.signal.aborted) throw abortError(request.signal);
      return reader.finish(toolName, body.model);
    } catch (error) {
      throw toAnthropicProviderError(error, context);
    }
  }

  return { specificationVersion: 'v1', name: 'anthropic', defaultModel: connection.model, generate };
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
