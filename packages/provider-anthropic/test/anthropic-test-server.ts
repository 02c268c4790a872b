// A local stand-in for the Anthropic Messages API: it listens on 127.0.0.1 (port 0), checks
// each request the way the real API does (POST /v1/messages, the key, anthropic-version,
// a JSON body with model, max_tokens, messages, tools and a forced tool_choice naming one of
// them, at most four cache_control blocks) and answers 400/401/404 in the API's own error
// shape when a request is wrong. A valid request gets the next scripted reply, or by default
// the recorded success fixture (JSON, or the SSE events when the request asks for a stream).
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

export interface AnthropicTestServer {
  /** `http://127.0.0.1:<port>`, to give the SDK as its base URL (the SDK adds `/v1/messages`). */
  readonly baseURL: string;
  readonly requests: RecordedRequest[];
  /** Queues replies for the next valid requests, in order. */
  reply(...replies: ScriptedReply[]): void;
  /** Resolves when the server has received its `count`th request. */
  received(count: number): Promise<void>;
  close(): Promise<void>;
}

const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,128}$/;

/** Starts a server that accepts `apiKey`, sent as `x-api-key` or as `Authorization: Bearer`. */
export async function startAnthropicTestServer(options: { readonly apiKey: string }): Promise<AnthropicTestServer> {
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
    if (path !== '/v1/messages' || method !== 'POST') return sendError(response, 404, 'not_found_error', 'Not Found');
    const presented = presentedKey(headers);
    if (presented === undefined) return sendError(response, 401, 'authentication_error', 'x-api-key header is required');
    // The real API answers "invalid x-api-key"; this one also echoes the key it was sent, to
    // prove the provider never repeats it.
    if (presented !== options.apiKey) return sendError(response, 401, 'authentication_error', `invalid x-api-key: ${presented}`);
    if (headers['anthropic-version'] === undefined) return sendError(response, 400, 'invalid_request_error', 'anthropic-version: header is required');
    if (!String(headers['content-type'] ?? '').startsWith('application/json')) {
      return sendError(response, 400, 'invalid_request_error', 'Content-Type must be application/json');
    }
    if (body === undefined) return sendError(response, 400, 'invalid_request_error', 'There was an error parsing the body of your request as JSON.');
    const problem = validateMessagesBody(body);
    if (problem !== undefined) return sendError(response, 400, 'invalid_request_error', problem);
    const reply = queue.shift() ?? (body['stream'] === true ? { events: fixtureEvents('message-tool-use') } : { json: fixtureJson('message-tool-use') });
    send(response, reply);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}`,
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

function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return apiKey;
  const authorization = headers['authorization'];
  if (typeof authorization === 'string' && /^Bearer\s+\S/i.test(authorization)) return authorization.replace(/^Bearer\s+/i, '');
  return undefined;
}

/** What is wrong with a Messages API body, in the API's words, or undefined. */
function validateMessagesBody(body: Record<string, unknown>): string | undefined {
  if (typeof body['model'] !== 'string' || body['model'] === '') return 'model: Field required';
  const maxTokens = body['max_tokens'];
  if (maxTokens === undefined) return 'max_tokens: Field required';
  if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1) return 'max_tokens: Input should be a valid integer greater than or equal to 1';
  const messages = body['messages'];
  if (!Array.isArray(messages)) return 'messages: Field required';
  if (messages.length === 0) return 'messages: at least one message is required';
  let cacheControlBlocks = 0;
  for (const [index, message] of messages.entries()) {
    if (typeof message !== 'object' || message === null) return `messages.${index}: Input should be a valid dictionary`;
    const { role, content } = message as Record<string, unknown>;
    if (role !== 'user' && role !== 'assistant') return `messages.${index}.role: Input should be 'user' or 'assistant'`;
    if (index === 0 && role !== 'user') return 'messages: first message must use the "user" role';
    if (typeof content === 'string') {
      if (content.trim() === '') return `messages.${index}: all messages must have non-empty content except for the optional final assistant message`;
      continue;
    }
    if (!Array.isArray(content) || content.length === 0) return `messages.${index}: all messages must have non-empty content except for the optional final assistant message`;
    for (const [blockIndex, block] of content.entries()) {
      const problem = validateTextBlock(block, `messages.${index}.content.${blockIndex}`);
      if (problem !== undefined) return problem;
      if ((block as Record<string, unknown>)['cache_control'] !== undefined) cacheControlBlocks += 1;
    }
  }
  const system = body['system'];
  if (system !== undefined && typeof system !== 'string') {
    if (!Array.isArray(system)) return 'system: Input should be a valid string or list of text blocks';
    for (const [index, block] of system.entries()) {
      const problem = validateTextBlock(block, `system.${index}`);
      if (problem !== undefined) return problem;
      if ((block as Record<string, unknown>)['cache_control'] !== undefined) cacheControlBlocks += 1;
    }
  }
  if (cacheControlBlocks > 4) return `A maximum of 4 blocks with cache_control may be provided. Found ${cacheControlBlocks}.`;
  const tools = body['tools'];
  const names: string[] = [];
  if (tools !== undefined) {
    if (!Array.isArray(tools)) return 'tools: Input should be a valid list';
    for (const [index, tool] of tools.entries()) {
      const { name, input_schema: inputSchema } = (tool ?? {}) as Record<string, unknown>;
      if (typeof name !== 'string' || !TOOL_NAME_PATTERN.test(name)) return `tools.${index}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`;
      if (typeof inputSchema !== 'object' || inputSchema === null) return `tools.${index}.custom.input_schema: Field required`;
      if ((inputSchema as Record<string, unknown>)['type'] !== 'object') return `tools.${index}.custom.input_schema.type: Input should be 'object'`;
      names.push(name);
    }
  }
  const toolChoice = body['tool_choice'];
  if (toolChoice !== undefined) {
    const { type, name } = toolChoice as Record<string, unknown>;
    if (type === 'tool') {
      if (typeof name !== 'string') return 'tool_choice.tool.name: Field required';
      if (!names.includes(name)) return `tool_choice: tool '${name}' not found in tools`;
    } else if (!['auto', 'any', 'none'].includes(String(type))) {
      return "tool_choice: Input tag does not match any of the expected tags: 'auto', 'any', 'tool', 'none'";
    }
  }
  const temperature = body['temperature'];
  if (temperature !== undefined && (typeof temperature !== 'number' || temperature < 0 || temperature > 1)) return 'temperature: Input should be less than or equal to 1';
  if (body['stream'] !== undefined && typeof body['stream'] !== 'boolean') return 'stream: Input should be a valid boolean';
  return undefined;
}

function validateTextBlock(block: unknown, at: string): string | undefined {
  if (typeof block !== 'object' || block === null) return `${at}: Input should be a valid dictionary`;
  const { type, text, cache_control: cacheControl } = block as Record<string, unknown>;
  if (type !== 'text') return `${at}.type: this test server only expects text blocks`;
  if (typeof text !== 'string') return `${at}.text: Field required`;
  if (text.trim() === '') return `${at}.text: text content blocks must contain non-whitespace text`;
  if (cacheControl !== undefined && (cacheControl as Record<string, unknown> | null)?.['type'] !== 'ephemeral') return `${at}.cache_control.type: Input should be 'ephemeral'`;
  return undefined;
}

function sendError(response: ServerResponse, status: number, type: string, message: string): void {
  send(response, { status, json: { type: 'error', error: { type, message }, request_id: 'req_011CVKr8mQ2xTn5YwB7dLp3H' } });
}

function send(response: ServerResponse, reply: ScriptedReply): void {
  const common = { 'request-id': `req_011C${Math.random().toString(36).slice(2, 14)}`, 'anthropic-organization-id': '4f2b0c1e-9a7d-4e3b-8c55-2d1f6a9e0b73' };
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
