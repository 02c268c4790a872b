import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { providerConformance, type ProviderScenario } from '@quorum/conformance';
import { commandProvider } from './index.js';

const CANARY = 'sk-canary-command-5e1d0b7a';

/** A small CLI that plays each scenario; it reads the prompt from stdin like a real one. */
const SCRIPT = `
const scenario = process.argv[2];
let prompt = '';
process.stdin.on('data', (chunk) => { prompt += chunk; });
process.stdin.on('end', () => {
  if (scenario === 'ok') process.stdout.write(JSON.stringify({ comment: 'Token bucket per API key (' + prompt.length + ' characters read).', vote: 'READY' }));
  else if (scenario === 'server_error') { process.stderr.write('upstream failed; token ' + process.env.API_TOKEN + '\\n'); process.exit(3); }
  else if (scenario === 'malformed') process.exit(0);
  else if (scenario === 'schema_violation') process.stdout.write('Sure! Here is my review: looks good to me.');
  else if (scenario === 'timeout') setInterval(() => {}, 1000);
});
`;

const PLAYED: readonly ProviderScenario[] = ['ok', 'server_error', 'timeout', 'malformed', 'schema_violation'];

providerConformance('command', async (scenario) => {
  // A local program has no HTTP status: there is no 429 and no 401 to map.
  if (!PLAYED.includes(scenario)) return undefined;
  const dir = await mkdtemp(join(tmpdir(), 'quorum-command-conformance-'));
  const script = join(dir, 'fake-cli.mjs');
  await writeFile(script, SCRIPT);
  const provider = commandProvider.create(
    { commands: { fake: [process.execPath, script, scenario] }, env: { API_TOKEN: CANARY } },
    { env: { PATH: process.env['PATH'] ?? '' }, projectDir: dir },
  );
  return { provider, canary: CANARY, cleanup: () => rm(dir, { recursive: true, force: true }) };
});
