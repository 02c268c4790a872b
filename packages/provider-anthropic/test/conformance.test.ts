import { providerConformance, type ProviderScenario } from '@quorum/conformance';
import { anthropicProvider } from '../src/index.js';
import { fixtureJson } from './fixtures.js';
import { startAnthropicTestServer, type ScriptedReply } from './anthropic-test-server.js';

const KEY = 'sk-ant-conformance-0123456789abcdef';

/** A tool-use reply whose input breaks the reply schema. */
function toolUseWith(input: unknown): unknown {
  const message = structuredClone(fixtureJson('message-tool-use')) as { content: { input: unknown }[] };
  message.content[0]!.input = input;
  return message;
}

const REPLIES: Record<Exclude<ProviderScenario, 'ok' | 'auth'>, ScriptedReply> = {
  rate_limit: { status: 429, json: fixtureJson('error-rate-limit'), headers: { 'retry-after': '1' } },
  server_error: { status: 500, json: fixtureJson('error-api') },
  timeout: { hang: true },
  malformed: { text: '{"id": "msg_01", "type": "message", "content": [' },
  schema_violation: { json: toolUseWith({ comment: 42, verdict: 'ship it' }) },
};

providerConformance('anthropic', async (scenario) => {
  const server = await startAnthropicTestServer({ apiKey: KEY });
  if (scenario !== 'ok' && scenario !== 'auth') server.reply(REPLIES[scenario]);
  const canary = scenario === 'auth' ? 'sk-ant-canary-refused-0123456789' : KEY;
  const provider = anthropicProvider.create({ apiKey: canary, baseURL: server.baseURL }, { env: {}, projectDir: '/tmp/quorum-conformance' });
  return { provider, canary, cleanup: () => server.close() };
});
