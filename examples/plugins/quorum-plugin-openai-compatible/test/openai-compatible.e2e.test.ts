import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startOpenAITestServer, type OpenAITestServer } from '../../../../packages/provider-openai/test/openai-test-server.js';
import { exampleProject, packageDirOf, runQuorum, runQuorumOk } from '../../shared-test/example-project.js';
import { completion } from './chat-completion.js';

const PACKAGE = packageDirOf(import.meta.url);
const KEY = 'sk-local-e2e-0123456789abcdef';
const FILE = 'discussions/cache-invalidation.md';
let server: OpenAITestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const config = (baseURL: string, plugin = 'quorum-plugin-openai-compatible', name = 'openai-compatible') => `plugins:
  - ${plugin}
providers:
  ${name}:
    baseURL: ${baseURL}
    apiKeyEnv: LOCAL_LLM_KEY
    headers: { X-Team: quorum }
    models: [llama-3.1-8b-instruct, qwen2.5-7b]
`;

describe('quorum-plugin-openai-compatible through the quorum binary', () => {
  it('quorum run --provider openai-compatible:<model> asks the local server for every participant', async () => {
    server = await startOpenAITestServer({ apiKey: KEY });
    server.reply(
      { json: completion('{"comment":"Invalidate on write, through the outbox.","vote":null}', 'qwen2.5-7b') },
      { json: completion('{"comment":"CONCERN: a stale entry leaks data across tenants; key the cache by tenant.","vote":null}', 'qwen2.5-7b') },
    );
    const cwd = await exampleProject({ config: config(server.baseURL), packages: [PACKAGE] });
    const env = { LOCAL_LLM_KEY: KEY };
    await runQuorumOk(['new', 'Cache invalidation', '--template', 'feature', '--participants', 'architect,security'], { cwd, env });
    const run = await runQuorumOk(['run', FILE, '--provider', 'openai-compatible:qwen2.5-7b', '--max-turns', '1'], { cwd, env });
    expect(run.stderr).toContain('initial_feedback round 1: asking architect, security');
    expect(run.stdout + run.stderr).not.toContain(KEY);

    expect(server.requests.map((r) => [r.body?.['model'], r.headers['authorization'], r.headers['x-team']])).toEqual([
      ['qwen2.5-7b', `Bearer ${KEY}`, 'quorum'],
      ['qwen2.5-7b', `Bearer ${KEY}`, 'quorum'],
    ]);
    const text = await readFile(path.join(cwd, FILE), 'utf8');
    expect(text).toContain('Name: AI-Architect\n\nInvalidate on write, through the outbox.\n');
    expect(text).toContain('Name: AI-Security\n\nCONCERN: a stale entry leaks data across tenants; key the cache by tenant.\n');
  });

  it('registers under the name the plugin option gives', async () => {
    server = await startOpenAITestServer({ apiKey: KEY });
    server.reply({ json: completion('{"comment":"One line.","vote":null}') });
    const cwd = await exampleProject({ config: config(server.baseURL, '[quorum-plugin-openai-compatible, { name: vllm }]', 'vllm'), packages: [PACKAGE] });
    const env = { LOCAL_LLM_KEY: KEY };
    await runQuorumOk(['new', 'Cache invalidation', '--template', 'feature', '--participants', 'architect'], { cwd, env });
    const run = await runQuorumOk(['run', FILE, '--provider', 'vllm', '--max-turns', '1'], { cwd, env });
    expect(run.stderr).toContain('architect: commented');
    expect(server.requests.map((r) => r.body?.['model'])).toEqual(['llama-3.1-8b-instruct']);
  });

  it('without the key variable, says which variable to set and never calls the server', async () => {
    server = await startOpenAITestServer({ apiKey: KEY });
    const cwd = await exampleProject({ config: config(server.baseURL), packages: [PACKAGE] });
    await runQuorumOk(['new', 'Cache invalidation', '--template', 'feature', '--participants', 'architect'], { cwd });
    const run = await runQuorum(['run', FILE, '--provider', 'openai-compatible:qwen2.5-7b', '--max-turns', '1'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "quorum: --provider openai-compatible:qwen2.5-7b cannot be used: providers.openai-compatible: the environment variable LOCAL_LLM_KEY (apiKeyEnv) is not set; export it with the server's API key\n",
    );
    expect(server.requests).toEqual([]);
  });

  it('is an unknown provider when config does not name the plugin', async () => {
    const cwd = await exampleProject({ config: '{}\n', packages: [PACKAGE] });
    await runQuorumOk(['new', 'Cache invalidation', '--template', 'feature', '--participants', 'architect'], { cwd });
    const run = await runQuorum(['run', FILE, '--provider', 'openai-compatible:qwen2.5-7b', '--max-turns', '1'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('quorum: --provider names the provider "openai-compatible", which no plugin provides; known providers: openai, anthropic, ollama, command, mock\n');
  });
});
