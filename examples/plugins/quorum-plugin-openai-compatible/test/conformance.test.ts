import { providerConformance, type ProviderScenario } from '@quorum/conformance';
import { startOpenAITestServer, type ScriptedReply } from '../../../../packages/provider-openai/test/openai-test-server.js';
import { createCompatibleProviderFactory } from '../src/index.js';
import { completion } from './chat-completion.js';

const KEY = 'sk-conformance-local-0123456789abcdef';
const MODELS = ['llama-3.1-8b-instruct'];

const REPLIES: Record<Exclude<ProviderScenario, 'ok' | 'auth'>, ScriptedReply> = {
  rate_limit: { status: 429, json: { error: { message: 'Too many requests', type: 'rate_limit_error' } }, headers: { 'retry-after': '1' } },
  server_error: { status: 500, json: { error: { message: 'The server had an error while processing your request.', type: 'server_error' } } },
  timeout: { hang: true },
  malformed: { text: '{"id": "chatcmpl-1", "object": "chat.completion", "choices": [' },
  schema_violation: { json: completion('{"comment": 42, "verdict": "ship it"}') },
};

/** The provider against `baseURL`, presenting `key`. */
function providerAt(baseURL: string, key: string) {
  return createCompatibleProviderFactory().create(
    { baseURL, apiKeyEnv: 'LOCAL_LLM_KEY', models: MODELS, headers: {}, structuredOutput: 'json_schema' },
    { env: { LOCAL_LLM_KEY: key }, projectDir: '/tmp/quorum-conformance' },
  );
}

providerConformance(
  'openai-compatible',
  async (scenario) => {
    const server = await startOpenAITestServer({ apiKey: KEY });
    if (scenario !== 'ok' && scenario !== 'auth') server.reply(REPLIES[scenario]);
    else if (scenario === 'ok') server.reply({ json: completion('{"comment":"The retry budget looks right.","vote":"READY"}') });
    // For auth the provider presents a key the server refuses, and the server echoes it back.
    const canary = scenario === 'auth' ? 'sk-canary-refused-0123456789' : KEY;
    return { provider: providerAt(server.baseURL, canary), canary, cleanup: () => server.close() };
  },
  {
    // A server that was started and stopped: its port refuses connections.
    unreachable: async () => {
      const server = await startOpenAITestServer({ apiKey: KEY });
      await server.close();
      return { provider: providerAt(server.baseURL, KEY), canary: KEY };
    },
  },
);
