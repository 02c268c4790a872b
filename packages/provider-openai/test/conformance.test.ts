import { providerConformance, type ProviderScenario } from '@quorum/conformance';
import { openaiProvider } from '../src/index.js';
import { fixtureJson } from './fixtures.js';
import { startOpenAITestServer, type ScriptedReply } from './openai-test-server.js';

const KEY = 'sk-conformance-0123456789abcdef';

function completionWith(content: string): unknown {
  const completion = structuredClone(fixtureJson('chat-completion')) as { choices: { message: { content: string } }[] };
  completion.choices[0]!.message.content = content;
  return completion;
}

const REPLIES: Record<Exclude<ProviderScenario, 'ok' | 'auth'>, ScriptedReply> = {
  rate_limit: { status: 429, json: fixtureJson('error-rate-limit'), headers: { 'retry-after': '1' } },
  server_error: { status: 500, json: fixtureJson('error-server') },
  timeout: { hang: true },
  malformed: { text: '{"id": "chatcmpl-1", "object": "chat.completion", "choices": [' },
  schema_violation: { json: completionWith('{"comment": 42, "verdict": "ship it"}') },
};

providerConformance('openai', async (scenario) => {
  const server = await startOpenAITestServer({ apiKey: KEY });
  if (scenario !== 'ok' && scenario !== 'auth') server.reply(REPLIES[scenario]);
  // For auth the provider presents a key the server refuses, and the server echoes it back.
  const canary = scenario === 'auth' ? 'sk-canary-refused-0123456789' : KEY;
  const provider = openaiProvider.create({ apiKey: canary, baseURL: server.baseURL }, { env: {}, projectDir: '/tmp/quorum-conformance' });
  return { provider, canary, cleanup: () => server.close() };
});
