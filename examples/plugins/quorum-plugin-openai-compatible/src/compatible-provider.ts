import {
  ProviderError,
  abortKind,
  parseRetryAfter,
  providerErrorKindOfStatus,
  redactSecrets,
  type GenerateRequestV1,
  type GenerateResultV1,
  type ProviderFactoryV1,
  type ProviderV1,
} from '@quorum/core';
import OpenAI from 'openai';
import { compatibleSettingsSchema, resolveConnection, type CompatibleConnection } from './compatible-settings.js';

/** The provider name used in model ids and config unless the plugin's `name` option says otherwise. */
export const DEFAULT_PROVIDER_NAME = 'openai-compatible';

/**
 * A provider factory for one OpenAI-compatible server. `name` is what model ids and config
 * use: `name:model` and `providers.<name>`.
 */
export function createCompatibleProviderFactory(name: string = DEFAULT_PROVIDER_NAME): ProviderFactoryV1 {
  return {
    specificationVersion: 'v1',
    name,
    description: `An OpenAI-compatible chat completions server (providers.${name}.baseURL), with the models listed in providers.${name}.models.`,
    optionsSchema: compatibleSettingsSchema,
    configured(settings, environment) {
      try {
        const connection = resolveConnection(name, settings, environment);
        return { ok: true, reason: `${connection.baseURL} serves ${connection.models.join(', ')}` };
      } catch (error) {
        return { ok: false, reason: (error as Error).message };
      }
    },
    create(settings, environment) {
      return createCompatibleProvider(name, resolveConnection(name, settings, environment));
    },
  };
}

/** The chat completion body for one request (exported for tests and for people reading the example). */
export function toChatCompletionBody(request: GenerateRequestV1, connection: CompatibleConnection): OpenAI.Chat.ChatCompletionCreateParamsNonStreaming {
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [];
  if (request.system !== '') messages.push({ role: 'system', content: request.system });
  for (const message of request.messages) {
    const content = message.content.map((part) => part.text).filter((text) => text !== '').join('\n\n');
    messages.push(message.role === 'user' ? { role: 'user', content } : { role: 'assistant', content });
  }
  const format: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming['response_format'] =
    connection.structuredOutput === 'json_schema'
      ? { type: 'json_schema', json_schema: { name: request.responseSchemaName, schema: { ...request.responseSchema }, strict: true } }
      : connection.structuredOutput === 'json_object'
        ? { type: 'json_object' }
        : undefined;
  return {
    model: request.model === '' ? connection.model : request.model,
    messages,
    ...(format === undefined ? {} : { response_format: format }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.maxOutputTokens === undefined ? {} : { max_tokens: request.maxOutputTokens }),
  };
}

function createCompatibleProvider(name: string, connection: CompatibleConnection): ProviderV1 {
  const client = new OpenAI({
    apiKey: connection.apiKey,
    baseURL: connection.baseURL,
    defaultHeaders: { ...connection.headers },
    // Named so the SDK reads nothing from process.env.
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    // The engine owns retries, backoff and fallbacks: one attempt per call.
    maxRetries: 0,
  });
  const secrets = [connection.apiKey, ...Object.values(connection.headers).filter((value) => value.length >= 4)];
  const fail = (kind: ConstructorParameters<typeof ProviderError>[1], message: string, options?: ConstructorParameters<typeof ProviderError>[3]) =>
    new ProviderError(name, kind, redactSecrets(message, secrets), options);

  async function generate(request: GenerateRequestV1): Promise<GenerateResultV1> {
    const body = toChatCompletionBody(request, connection);
    if (!connection.models.includes(body.model)) {
      throw fail('not_found', `the server at ${describe(connection.baseURL)} is not configured to serve "${body.model}"; use one of ${connection.models.join(', ')} or add it to providers.${name}.models`);
    }
    if (request.signal.aborted) throw abortError(request.signal);
    let completion: OpenAI.Chat.ChatCompletion;
    try {
      completion = await client.chat.completions.create(body, { signal: request.signal });
    } catch (error) {
      if (request.signal.aborted) throw abortError(request.signal);
      if (error instanceof OpenAI.APIConnectionError && !(error instanceof OpenAI.APIConnectionTimeoutError)) {
        throw fail('network', `could not reach ${describe(connection.baseURL)}; is the server running? (providers.${name}.baseURL)`, { cause: error.cause });
      }
      if (error instanceof OpenAI.APIConnectionTimeoutError) throw fail('timeout', `no answer from ${describe(connection.baseURL)}`);
      if (error instanceof OpenAI.APIError && error.status !== undefined) {
        const apiMessage = messageOf(error.error);
        const hint = error.status === 401 || error.status === 403 ? `; check the key in ${connection.apiKeyEnv ?? `an apiKeyEnv variable (providers.${name}.apiKeyEnv)`}` : '';
        throw fail(providerErrorKindOfStatus(error.status), `HTTP ${error.status} from ${describe(connection.baseURL)}${apiMessage === undefined ? '' : `: "${apiMessage.slice(0, 300)}"`}${hint}`, {
          status: error.status,
          retryAfterMs: parseRetryAfter(error.headers),
        });
      }
      if (error instanceof SyntaxError) throw fail('malformed', 'the response body is not valid JSON');
      throw fail('network', `the request failed unexpectedly (${error instanceof Error ? error.name : typeof error})`);
    }
    const choice = completion.choices?.[0];
    const content = choice?.message?.content;
    if (typeof content !== 'string' || content.trim() === '') {
      throw fail('malformed', choice?.message?.refusal ? 'the model refused to answer' : 'the response has no text in choices[0].message.content');
    }
    const usage = completion.usage;
    return {
      text: content,
      usage: {
        inputTokens: usage?.prompt_tokens ?? 0,
        outputTokens: usage?.completion_tokens ?? 0,
        cachedInputTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
      },
      model: typeof completion.model === 'string' && completion.model !== '' ? completion.model : body.model,
    };
  }

  function abortError(signal: AbortSignal): ProviderError {
    return abortKind(signal.reason) === 'timeout'
      ? fail('timeout', 'no reply within the time limit; the request was aborted', { cause: signal.reason })
      : fail('cancelled', 'the request was cancelled', { cause: signal.reason });
  }

  return { specificationVersion: 'v1', name, defaultModel: connection.model, generate };
}

function messageOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const message = (body as { message?: unknown }).message;
  return typeof message === 'string' ? message : undefined;
}

/** The URL without credentials, query or fragment. */
function describe(baseURL: string): string {
  const url = new URL(baseURL);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
