import { providerConformance, type ProviderScenario } from '@quorum/conformance';
import { startOpenAITestServer, type ScriptedReply } from '../../../../packages/provider-openai/test/openai-test-server.js';
import { createCompatibleProviderFactory } from '../src/index.js';
import { completion } from './request.js';

const KEY = 'sk-conformance-local-0123456789abcdef';
const MODELS = ['llama-3.1-8b-instruct'];

const REPLIES: Record<Exclude<ProviderScenario, 'ok' | 'auth'>, ScriptedReply> = {
  rate_limit: { status: 429, json: { error: { message: 'Too many requests', type: 'rate_limit_error' } }, headers: { 'retry-after': '1' } },
  server_error: { status: 500, json: { error: { message: 'The server had an error while processing your request.', type: 'server_error' } } },
  timeout: { hang: true },
  malformed: { text: '{"id": "chatcmpl-1", "object": "chat.completion", "choices": [' },
  schema_violation: { json: completion('{"comment": 42, "verdict": "ship it"}') },
};

providerConformance('openai-compatible', async (scenario) => {
  const server = await startOpenAITestServer({ apiKey: KEY });
  if (scenario !== 'ok' && scenario !== 'auth') server.reply(REPLIES[scenario]);
  else if (scenario === 'ok') server.reply({ json: completion('{"comment":"The retry budget looks right.","vote":"READY"}') });
  // For auth the provider presents a key the server refuses, and the server echoes it back.
  const canary = scenario === 'auth' ? 'sk-canary-refused-0123456789' : KEY;
  const provider = createCompatibleProviderFactory().create(
    { baseURL: server.baseURL, apiKeyEnv: 'LOCAL_LLM_KEY', models: MODELS, headers: {}, structuredOutput: 'json_schema' },
    { env: { LOCAL_LLM_KEY: canary }, projectDir: '/tmp/quorum-conformance' },
  );
  return { provider, canary, cleanup: () => server.close() };
});
