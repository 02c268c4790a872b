import { providerChecks, providerConformance, runChecks, type ProviderScenario } from '@quorum/conformance';
import { expect, it } from 'vitest';
import type { FaultKind } from './index.js';
import { createScriptedProvider, createSimulatedProvider } from './index.js';

// Scripted mode replays a cassette: it can give a valid reply or one that breaks the schema,
// and honours an aborted signal; it has no backend that could fail or hang.
providerConformance('mock (scripted mode)', async (scenario) => {
  const text: Partial<Record<ProviderScenario, string>> = {
    ok: JSON.stringify({ comment: 'Token bucket per API key.\nQ: Per key or per IP? @security', vote: 'CHANGES' }),
    schema_violation: JSON.stringify({ comment: 42, verdict: 'yes' }),
  };
  const reply = text[scenario];
  if (reply === undefined) return undefined;
  return { provider: createScriptedProvider({ version: 1, entries: [{ reply: { text: reply, usage: { inputTokens: 120, outputTokens: 30, cachedInputTokens: 100 } } }] }) };
});

// Simulated mode injects each fault kind on demand. Its `malformed` fault is a reply *text*
// that is not JSON (which the engine's validation catches, like `schema`), not an API body
// that breaks the wire format, so it plays schema_violation rather than malformed.
const FAULTS: Partial<Record<ProviderScenario, FaultKind>> = {
  rate_limit: 'rate_limit',
  server_error: 'server',
  timeout: 'timeout',
  schema_violation: 'schema',
};

// Only that one check applies to the `malformed` fault, so it is run on its own.
it('provider conformance: mock (simulated mode, a reply that is not JSON) > schema_violation', async () => {
  const checks = providerChecks(async (scenario) =>
    scenario === 'schema_violation' ? { provider: createSimulatedProvider({ seed: 'conformance', faults: { rate: 1, kinds: ['malformed'] } }) } : undefined,
  );
  const outcomes = await runChecks(checks.filter((check) => check.name.startsWith('schema_violation:')));
  expect(outcomes).toEqual([{ name: expect.stringMatching(/^schema_violation:/), status: 'passed' }]);
});

providerConformance('mock (simulated mode, injected faults)', async (scenario) => {
  if (scenario === 'ok') return { provider: createSimulatedProvider({ seed: 'conformance' }) };
  const kind = FAULTS[scenario];
  if (kind === undefined) return undefined;
  return { provider: createSimulatedProvider({ seed: 'conformance', faults: { rate: 1, kinds: [kind] } }) };
});
