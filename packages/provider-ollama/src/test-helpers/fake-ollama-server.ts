import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake server received. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: Record<string, unknown> | undefined;
}

/**
 * How the server answers the next valid `/api/chat` request, instead of behaving like Ollama
 * with the default fixtures (`chat-success.json`, or `chat-stream.chunks.txt` when the request
 * asks for a stream):
 * - `json`: the fixture's bytes with `application/json` and the status;
 * - `raw`: the fixture's bytes with the given content type;
 * - `chunks`: the fixture's NDJSON lines, each written as its own chunk, as Ollama streams;
 * - `hang`: headers never sent, the connection held open;
 * - `chunks-then-hang`: the first `count` lines of the fixture, then nothing more.
 */
export type Scenario =
  | { readonly kind: 'json'; readonly status: number; readonly fixture: string; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: 'raw'; readonly status: number; readonly fixture: string; readonly contentType: string }
  | { readonly kind: 'chunks'; readonly fixture: string }
  | { readonly kind: 'hang' }
  | { readonly kind: 'chunks-then-hang'; readonly fixture: string; readonly count: number };

export interface FakeOllamaServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Queues the answer to the next valid chat request. */
  next(scenario: Scenario): void;
  close(): Promise<void>;
}

const ROLES = new Set(['system', 'user', 'assistant', 'tool']);

/** The fixtures folder's file, as text. */
export function fixture(name: string): string {
  return readFileSync(new URL(`../__fixtures__/${name}`, import.meta.url), 'utf8');
}

/**
 * A local HTTP server speaking Ollama's `/api/chat` wire protocol: it validates the request
 * as Ollama does (answering 400 with `{"error": …}`), answers 404 `model "x" not found, try
 * pulling it first` for models it does not have, and otherwise replies from fixtures.
 */
export async function startFakeOllama(options: { models?: readonly string[] } = {}): Promise<FakeOllamaServer> {
  const models = new Set(options.models ?? ['llama3.2', 'qwen2.5:7b']);
  const requests: RecordedRequest[] = [];
  const queue: Scenario[] = [];

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: Record<string, unknown> | undefined;
      try {
        const parsed: unknown = JSON.parse(body);
        json = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
      } catch {
        json = undefined;
      }
      requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body, json });

      if (request.method !== 'POST' || request.url !== '/api/chat') {
        response.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found');
        return;
      }
      const problem = body === '' ? 'missing request body' : json === undefined ? 'invalid character in request body' : validateChat(json);
      if (problem !== undefined) {
        sendJson(response, 400, JSON.stringify({ error: problem }));
        return;
      }
      const chat = json as Record<string, unknown>;
      const model = chat['model'] as string;
      if (!models.has(model)) {
        sendJson(response, 404, JSON.stringify({ error: `model "${model}" not found, try pulling it first` }));
        return;
      }
      const scenario = queue.shift() ?? (chat['stream'] === true ? { kind: 'chunks', fixture: 'chat-stream.chunks.txt' } : { kind: 'json', status: 200, fixture: 'chat-success.json' });
      serve(response, scenario);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    next(scenario) {
      queue.push(scenario);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Ollama's checks on a chat request, worded as Ollama words them; undefined when it is valid. */
function validateChat(chat: Record<string, unknown>): string | undefined {
  const { model, messages, format, stream, options, keep_alive: keepAlive } = chat;
  if (typeof model !== 'string' || model === '') return 'model is required';
  if (stream !== undefined && typeof stream !== 'boolean') {
    return `json: cannot unmarshal ${typeof stream} into Go struct field ChatRequest.stream of type bool`;
  }
  if (!Array.isArray(messages)) return 'json: cannot unmarshal messages into Go struct field ChatRequest.messages of type []api.Message';
  for (const message of messages as unknown[]) {
    const { role, content } = (message ?? {}) as { role?: unknown; content?: unknown };
    if (typeof role !== 'string' || !ROLES.has(role) || typeof content !== 'string') {
      return 'json: cannot unmarshal message: each message needs a role (system, user, assistant, tool) and string content';
    }
  }
  if (format !== undefined && format !== 'json' && !(typeof format === 'object' && format !== null && !Array.isArray(format) && 'type' in format)) {
    return 'invalid format: expected "json" or a valid JSON schema';
  }
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    return 'json: cannot unmarshal options into Go struct field ChatRequest.options of type map[string]interface {}';
  }
  if (keepAlive !== undefined && typeof keepAlive !== 'string' && typeof keepAlive !== 'number') {
    return 'json: cannot unmarshal keep_alive into Go struct field ChatRequest.keep_alive of type *api.Duration';
  }
  return undefined;
}

function serve(response: ServerResponse, scenario: Scenario): void {
  switch (scenario.kind) {
    case 'json':
      sendJson(response, scenario.status, fixture(scenario.fixture), scenario.headers);
      return;
    case 'raw': {
      const body = fixture(scenario.fixture);
      response.writeHead(scenario.status, { 'Content-Type': scenario.contentType, 'Content-Length': Buffer.byteLength(body) }).end(body);
      return;
    }
    case 'chunks':
      writeChunks(response, lines(scenario.fixture), true);
      return;
    case 'chunks-then-hang':
      writeChunks(response, lines(scenario.fixture).slice(0, scenario.count), false);
      return;
    case 'hang':
      return;
  }
}

function lines(name: string): string[] {
  return fixture(name)
    .split('\n')
    .filter((line) => line !== '');
}

function sendJson(response: ServerResponse, status: number, body: string, headers: Readonly<Record<string, string>> = {}): void {
  const text = body.endsWith('\n') ? body.slice(0, -1) : body;
  response
    .writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers })
    .end(text);
}

/** Writes each NDJSON line as its own chunk, on later event-loop turns, as a model produces tokens. */
function writeChunks(response: ServerResponse, chunks: readonly string[], end: boolean): void {
  response.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
  let index = 0;
  const writeNext = (): void => {
    if (response.destroyed) return;
    if (index < chunks.length) {
      response.write(`${chunks[index]}\n`);
      index += 1;
      setImmediate(writeNext);
    } else if (end) {
      response.end();
    }
  };
  writeNext();
}
