import { providerConformance, type ProviderScenario } from '@quorum/conformance';
import { ollamaProvider } from './index.js';
import { startFakeOllama, type Scenario } from './test-helpers/fake-ollama-server.js';

// A local Ollama has no API key (no auth scenario), and the fixtures hold no reply whose
// content breaks the schema, so those two scenarios are reported skipped.
const SCENARIOS: Partial<Record<ProviderScenario, Scenario>> = {
  rate_limit: { kind: 'json', status: 429, fixture: 'rate-limit.json', headers: { 'Retry-After': '1' } },
  server_error: { kind: 'json', status: 500, fixture: 'server-error.json' },
  timeout: { kind: 'hang' },
  malformed: { kind: 'raw', status: 200, fixture: 'chat-truncated.body.txt', contentType: 'application/json; charset=utf-8' },
};

providerConformance('ollama', async (scenario) => {
  if (scenario !== 'ok' && SCENARIOS[scenario] === undefined) return undefined;
  const server = await startFakeOllama();
  const next = SCENARIOS[scenario];
  if (next !== undefined) server.next(next);
  const provider = ollamaProvider.create({}, { env: { OLLAMA_HOST: server.url }, projectDir: '/tmp/quorum-conformance' });
  return { provider, cleanup: () => server.close() };
});
