// A local stand-in for the OpenAI chat completions API: it listens on 127.0.0.1 (port 0),
// checks each request the way the real API does (path, method, bearer key, JSON body, the
// strict json_schema response format) and answers 400/401/404 in the API's own error shape
// when a request is wrong. A valid request gets the next scripted reply, or by default the
// recorded success fixture (JSON, or the SSE chunks when the request asks for a stream).
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fixtureEvents, fixtureJson } from './fixtures.js';

/** One request as the server received it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The raw body text. */
  readonly text: string;
  /** The parsed JSON body, or undefined when it was not JSON. */
  readonly body: Record<string, unknown> | undefined;
}

/** What the server answers to the next valid request. */
export type ScriptedReply =
  | { readonly status?: number; readonly json: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly status?: number; readonly text: string; readonly headers?: Readonly<Record<string, string>> }
  /** Server-sent events written one by one; `hang` keeps the connection open after them. */
  | { readonly events: readonly string[]; readonly hang?: boolean }
  /** Accept the request and never answer. */
  | { readonly hang: true };

export interface OpenAITestServer {
  /** `http://127.0.0.1:<port><basePath>`, to give the SDK as its base URL. */
  readonly baseURL: string;
  readonly requests: RecordedRequest[];
  /** Queues replies for the next valid requests, in order. */
  reply(...replies: ScriptedReply[]): void;
  /** Resolves when the server has received its `count`th request. */
  received(count: number): Promise<void>;
  close(): Promise<void>;
}

export interface OpenAITestServerOptions {
  /** The key the server accepts; `null` accepts any request, keyed or not (a local server). */
  readonly apiKey: string | null;
  /** Path the API lives under (the part of the base URL after the host); `/v1` like the real one. */
  readonly basePath?: string;
}

const NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

export async function startOpenAITestServer(options: OpenAITestServerOptions): Promise<OpenAITestServer> {
  const basePath = options.basePath ?? '/v1';
  const requests: RecordedRequest[] = [];
  const queue: ScriptedReply[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> | undefined;
      try {
        const parsed: unknown = JSON.parse(text);
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
      } catch {
        body = undefined;
      }
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      requests.push({ method: request.method ?? '', path, headers: request.headers, text, body });
      for (const waiter of waiters.filter((candidate) => candidate.count <= requests.length)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      answer(request.method ?? '', path, request.headers, body, response);
    });
  });

  function answer(method: string, path: string, headers: IncomingHttpHeaders, body: Record<string, unknown> | undefined, response: ServerResponse): void {
    if (path !== `${basePath}/chat/completions`) {
      return sendError(response, 404, { message: `Invalid URL (${method} ${path})`, type: 'invalid_request_error', param: null, code: null });
    }
    if (method !== 'POST') {
      return sendError(response, 405, { message: `Invalid method for URL (${method} ${path})`, type: 'invalid_request_error', param: null, code: null });
    }
    const authorization = headers['authorization'];
    if (options.apiKey !== null) {
      if (authorization === undefined) {
        return sendError(response, 401, {
          message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
          type: 'invalid_request_error',
          param: null,
          code: null,
        });
      }
      const presented = authorization.replace(/^Bearer\s+/i, '');
      if (!/^Bearer\s+/i.test(authorization) || presented !== options.apiKey) {
        // The real API masks most of the key it echoes; this one echoes it whole, to prove
        // the provider never repeats it.
        const template = fixtureJson('error-invalid-api-key') as { error: Record<string, unknown> };
        const message = String(template.error['message']).replace('{{key}}', presented);
        return sendError(response, 401, { ...template.error, message });
      }
    }
    if (!String(headers['content-type'] ?? '').startsWith('application/json') || body === undefined) {
      return sendError(response, 400, {
        message: "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
        type: 'invalid_request_error',
        param: null,
        code: null,
      });
    }
    const problem = validateChatCompletionBody(body);
    if (problem !== undefined) return sendError(response, 400, { message: problem.message, type: 'invalid_request_error', param: problem.param, code: problem.code ?? null });

    const reply = queue.shift() ?? (body['stream'] === true ? { events: fixtureEvents('chat-completion') } : { json: fixtureJson('chat-completion') });
    send(response, reply);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}${basePath}`,
    requests,
    reply: (...replies) => queue.push(...replies),
    received: (count) =>
      requests.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve })),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error === undefined ? resolve() : reject(error))));
    },
  };
}

/** What is wrong with a chat completion body, in the API's words, or undefined. */
function validateChatCompletionBody(body: Record<string, unknown>): { message: string; param: string | null; code?: string } | undefined {
  const model = body['model'];
  if (typeof model !== 'string' || model === '') return { message: "you must provide a model parameter", param: null };
  const messages = body['messages'];
  if (!Array.isArray(messages)) return { message: "Missing required parameter: 'messages'.", param: 'messages', code: 'missing_required_parameter' };
  if (messages.length === 0) return { message: "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", param: 'messages', code: 'empty_array' };
  for (const [index, message] of messages.entries()) {
    if (typeof message !== 'object' || message === null) return { message: `Invalid type for 'messages[${index}]': expected an object.`, param: `messages[${index}]` };
    const { role, content } = message as Record<string, unknown>;
    if (!['system', 'developer', 'user', 'assistant'].includes(String(role))) {
      return { message: `Invalid value: '${String(role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`, param: `messages[${index}].role`, code: 'invalid_value' };
    }
    if (typeof content !== 'string') return { message: `Invalid type for 'messages[${index}].content': expected one of a string or array of objects.`, param: `messages[${index}].content`, code: 'invalid_type' };
  }
  const format = body['response_format'];
  if (typeof format !== 'object' || format === null) return { message: 'This test server expects a json_schema response_format on every request.', param: 'response_format' };
  const { type, json_schema: jsonSchema } = format as Record<string, unknown>;
  if (type !== 'json_schema') return { message: `Invalid value: '${String(type)}'. This test server expects 'json_schema'.`, param: 'response_format.type', code: 'invalid_value' };
  if (typeof jsonSchema !== 'object' || jsonSchema === null) return { message: "Missing required parameter: 'response_format.json_schema'.", param: 'response_format.json_schema', code: 'missing_required_parameter' };
  const { name, schema, strict } = jsonSchema as Record<string, unknown>;
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    return { message: "Invalid 'response_format.json_schema.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.", param: 'response_format.json_schema.name', code: 'invalid_value' };
  }
  if (typeof schema !== 'object' || schema === null) return { message: "Invalid type for 'response_format.json_schema.schema': expected an object.", param: 'response_format.json_schema.schema', code: 'invalid_type' };
  const root = schema as Record<string, unknown>;
  if (strict !== true) return { message: 'This test server expects strict: true on the json_schema response format.', param: 'response_format.json_schema.strict' };
  if (root['type'] !== 'object' || root['additionalProperties'] !== false) {
    return { message: `Invalid schema for response_format '${name}': In context=(), 'additionalProperties' is required to be supplied and to be false.`, param: 'response_format', code: 'invalid_value' };
  }
  const properties = Object.keys((root['properties'] ?? {}) as object);
  const required = Array.isArray(root['required']) ? (root['required'] as unknown[]) : [];
  const missing = properties.filter((property) => !required.includes(property));
  if (missing.length > 0) {
    return { message: `Invalid schema for response_format '${name}': In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing[0]}'.`, param: 'response_format', code: 'invalid_value' };
  }
  if (body['stream_options'] !== undefined && body['stream'] !== true) {
    return { message: "The 'stream_options' parameter is only allowed when 'stream' is enabled.", param: 'stream_options', code: 'invalid_value' };
  }
  const temperature = body['temperature'];
  if (temperature !== undefined && (typeof temperature !== 'number' || temperature < 0 || temperature > 2)) {
    return { message: `Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got ${String(temperature)} instead.`, param: 'temperature', code: 'decimal_above_max_value' };
  }
  const maxTokens = body['max_completion_tokens'];
  if (maxTokens !== undefined && (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1)) {
    return { message: "Invalid 'max_completion_tokens': integer below minimum value. Expected a value >= 1.", param: 'max_completion_tokens', code: 'integer_below_min_value' };
  }
  if (body['max_tokens'] !== undefined && maxTokens !== undefined) {
    return { message: 'max_tokens and max_completion_tokens cannot both be set.', param: 'max_tokens' };
  }
  return undefined;
}

function sendError(response: ServerResponse, status: number, error: Record<string, unknown>): void {
  send(response, { status, json: { error } });
}

function send(response: ServerResponse, reply: ScriptedReply): void {
  const common = { 'x-request-id': `req_${Math.random().toString(16).slice(2, 14)}`, 'openai-processing-ms': '412', 'openai-version': '2020-10-01' };
  if ('events' in reply) {
    response.writeHead(200, { ...common, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const events = [...reply.events];
    const writeNext = (): void => {
      const event = events.shift();
      if (event === undefined) {
        if (reply.hang !== true) response.end();
        return;
      }
      response.write(event, () => setImmediate(writeNext));
    };
    writeNext();
    return;
  }
  if ('json' in reply) {
    response.writeHead(reply.status ?? 200, { ...common, 'content-type': 'application/json', ...reply.headers });
    response.end(JSON.stringify(reply.json));
    return;
  }
  if ('text' in reply) {
    response.writeHead(reply.status ?? 200, { ...common, 'content-type': 'application/json', ...reply.headers });
    response.end(reply.text);
    return;
  }
  // hang: headers are never sent; the test ends the connection when it closes the server.
}
