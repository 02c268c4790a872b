import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProviderError, type ProviderEnvironment } from '@quorum/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pluginDefault, { COMMAND_PACKAGE_VERSION, buildCommandPrompt, commandPlugin, commandProvider, createCommandProviderFactory } from './index.js';
import { CALLOUT_PART, generateRequest, replySchema, SYSTEM_PROMPT } from '@quorum/conformance';
import { cliScript, isRunning, pidsFrom, until } from './test-helpers/processes.js';

const NODE = process.execPath;
const CANARY = 'sk-canary-7f3a9c0e';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'quorum-command-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function environment(): ProviderEnvironment {
  return { env: { PATH: process.env['PATH'] ?? '', HOME: dir }, projectDir: dir };
}

function provider(commands: Record<string, string[]>, extra: Record<string, unknown> = {}) {
  return commandProvider.create({ commands, ...extra }, environment());
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error('expected the call to fail');
}

describe('commandProvider.generate', () => {
  it('returns the JSON a command prints, with estimated usage', async () => {
    const request = generateRequest();
    const result = await provider({ agent: [NODE, cliScript('reply.mjs')] }).generate(request);
    const prompt = buildCommandPrompt(request);
    const stdout = `${JSON.stringify({ comment: `Read ${prompt.length} characters.`, vote: 'READY' })}\n`;
    expect(result).toEqual({
      text: stdout.trim(),
      model: 'agent',
      usage: { inputTokens: Math.ceil(prompt.length / 4), outputTokens: Math.ceil(stdout.length / 4), cachedInputTokens: 0 },
    });
  });

  it('writes the whole prompt to stdin: persona, messages and the response schema', async () => {
    const promptFile = join(dir, 'prompt.txt');
    const request = generateRequest();
    await provider({ agent: [NODE, cliScript('reply.mjs'), promptFile] }).generate(request);
    const received = readFileSync(promptFile, 'utf8');
    expect(received).toBe(buildCommandPrompt(request));
    expect(received).toContain(SYSTEM_PROMPT);
    expect(received).toContain(CALLOUT_PART);
    expect(received).toContain(JSON.stringify(replySchema, null, 2));
  });

  it('selects the command the model id names, and the default for a bare id', async () => {
    const argvFile = join(dir, 'argv.json');
    const shared = provider(
      { first: [NODE, cliScript('record-argv.mjs'), argvFile, 'first'], second: [NODE, cliScript('record-argv.mjs'), argvFile, 'second'] },
      { default: 'second' },
    );
    expect(shared.defaultModel).toBe('second');
    expect((await shared.generate(generateRequest({ model: 'first' }))).model).toBe('first');
    expect(JSON.parse(readFileSync(argvFile, 'utf8')).argv).toEqual(['first']);
    expect((await shared.generate(generateRequest({ model: '' }))).model).toBe('second');
    expect(JSON.parse(readFileSync(argvFile, 'utf8')).argv).toEqual(['second']);
  });

  it('runs in cwd, relative to the project directory, with the extra environment variables', async () => {
    mkdirSync(join(dir, 'agents'));
    const argvFile = join(dir, 'argv.json');
    await provider({ agent: [NODE, cliScript('record-argv.mjs'), argvFile] }, { cwd: 'agents', env: { QUORUM_TEST_TOKEN: 'abc' } }).generate(
      generateRequest(),
    );
    const recorded = JSON.parse(readFileSync(argvFile, 'utf8')) as { cwd: string; env: string };
    expect(recorded.cwd).toBe(join(dir, 'agents'));
    expect(recorded.env).toBe('abc');
  });

  it('strips ANSI codes and a code fence around the reply', async () => {
    const result = await provider({ agent: [NODE, cliScript('fenced-ansi.mjs')] }).generate(generateRequest());
    expect(result.text).toBe(JSON.stringify({ comment: 'Looks good.', vote: 'READY' }, null, 2));
    expect(JSON.parse(result.text)).toEqual({ comment: 'Looks good.', vote: 'READY' });
  });

  it('passes shell metacharacters literally, as arguments', async () => {
    const argvFile = join(dir, 'argv.json');
    const tricky = ['$(touch x)', ';', 'touch y', '|', 'touch z', '`touch w`', '&&', 'touch v', '>', 'out', '*', '$HOME', "'quoted'"];
    await provider({ agent: [NODE, cliScript('record-argv.mjs'), argvFile, ...tricky] }).generate(generateRequest());
    expect(JSON.parse(readFileSync(argvFile, 'utf8')).argv).toEqual(tricky);
    expect(readdirSync(dir).sort()).toEqual(['argv.json']);
  });
});

describe('commandProvider failures', () => {
  it('says how to fix a program that is not on PATH', async () => {
    const error = await failure(provider({ 'claude-sonnet': ['claude-quorum-missing', '-p', '--model', 'sonnet'] }).generate(generateRequest()));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toBe(
      'command: `claude-quorum-missing` was not found on PATH; install it or change providers.command.commands.claude-sonnet',
    );
  });

  it('says when the working directory is missing rather than blaming the program', async () => {
    const error = await failure(provider({ agent: [NODE, cliScript('reply.mjs')] }, { cwd: 'nowhere' }).generate(generateRequest()));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toBe(`command: the working directory ${join(dir, 'nowhere')} does not exist; create it or change providers.command.cwd`);
  });

  it('rejects an unknown command name with did-you-mean and the configured names', async () => {
    const shared = provider({ 'claude-sonnet': ['claude'], codex: ['codex', 'exec', '-'] });
    const error = await failure(shared.generate(generateRequest({ model: 'claude-sonet' })));
    expect(error.kind).toBe('not_found');
    expect(error.message).toBe(
      'command: no command named "claude-sonet" in providers.command.commands (did you mean "claude-sonnet"?); configured: claude-sonnet, codex',
    );
  });

  it('reports a non-zero exit as a server error with the last stderr line', async () => {
    const error = await failure(provider({ agent: [NODE, cliScript('fail.mjs'), '3'] }).generate(generateRequest()));
    expect(error.kind).toBe('server');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(`command: \`${NODE}\` (agent) exited with code 3: Error: API rate limit reached for model sonnet`);
  });

  it('truncates a long stderr line to 200 characters', async () => {
    const error = await failure(provider({ agent: [NODE, cliScript('fail.mjs'), '2', 'x'.repeat(500)] }).generate(generateRequest()));
    expect(error.message).toBe(`command: \`${NODE}\` (agent) exited with code 2: ${'x'.repeat(199)}…`);
  });

  it('masks the values of configured environment variables in stderr', async () => {
    const error = await failure(
      provider({ agent: [NODE, cliScript('fail.mjs'), '1', `invalid key ${CANARY}`] }, { env: { AGENT_API_KEY: CANARY } }).generate(generateRequest()),
    );
    expect(error.message).toBe(`command: \`${NODE}\` (agent) exited with code 1: invalid key ***`);
    expect(String(error.stack)).not.toContain(CANARY);
  });

  it('reports a process killed by a signal as a server error', async () => {
    const error = await failure(provider({ agent: [NODE, cliScript('kill-self.mjs')] }).generate(generateRequest()));
    expect(error.kind).toBe('server');
    expect(error.message).toBe(`command: \`${NODE}\` (agent) was killed by SIGKILL: allocating...`);
  });

  it('reports empty stdout as malformed', async () => {
    const error = await failure(provider({ agent: [NODE, cliScript('silent.mjs')] }).generate(generateRequest()));
    expect(error.kind).toBe('malformed');
    expect(error.message).toBe(`command: \`${NODE}\` (agent) printed nothing on stdout: warning: no reply produced`);
  });

  it('stops a command that prints more than the cap', async () => {
    const error = await failure(provider({ agent: [NODE, cliScript('huge.mjs')] }).generate(generateRequest()));
    expect(error.kind).toBe('malformed');
    expect(error.message).toBe(`command: \`${NODE}\` (agent) printed more than 4 MiB on stdout and was stopped`);
  });

  it('survives a command that closes stdin without reading a large prompt', async () => {
    const big = generateRequest({ messages: [{ role: 'user', content: [{ text: 'x'.repeat(2 * 1024 * 1024) }] }] });
    const result = await provider({ agent: [NODE, cliScript('close-stdin.mjs')] }).generate(big);
    expect(JSON.parse(result.text)).toEqual({ comment: 'Answered without reading.', vote: null });
    const error = await failure(provider({ agent: [NODE, cliScript('close-stdin.mjs'), 'fail'] }).generate(big));
    expect(error.message).toBe(`command: \`${NODE}\` (agent) exited with code 1: no input wanted`);
  });
});

describe('commandProvider cancellation', () => {
  it('kills a command that never exits, and its children, when the time limit passes', async () => {
    const pidFile = join(dir, 'pids');
    const controller = new AbortController();
    const factory = createCommandProviderFactory({ killGraceMs: 50 });
    const pending = factory
      .create({ commands: { agent: [NODE, cliScript('hang.mjs'), pidFile, '--child-ignores-sigterm'] } }, environment())
      .generate(generateRequest({ signal: controller.signal }));
    const [leader, grandchild] = await pidsFrom(pidFile);
    expect(isRunning(leader!)).toBe(true);
    // The reason AbortSignal.timeout gives.
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    const error = await failure(pending);
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe(`command: \`${NODE}\` (agent) did not answer within the time limit and was stopped; raise engine.timeoutMs`);
    // The grandchild ignores SIGTERM: it goes with the SIGKILL after the grace period.
    await until(() => !isRunning(leader!) && !isRunning(grandchild!), 'no process of the command is left');
  });

  it('rejects promptly with timeout under AbortSignal.timeout', async () => {
    const started = performance.now();
    const error = await failure(provider({ agent: [NODE, cliScript('hang.mjs'), join(dir, 'pids')] }).generate(generateRequest({ signal: AbortSignal.timeout(300) })));
    expect(error.kind).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(2000);
    if (existsSync(join(dir, 'pids'))) {
      const [leader, grandchild] = await pidsFrom(join(dir, 'pids'));
      await until(() => !isRunning(leader!) && !isRunning(grandchild!), 'no process of the command is left');
    }
  });

  it('rejects with cancelled and kills the command when the run is stopped', async () => {
    const pidFile = join(dir, 'pids');
    const controller = new AbortController();
    const factory = createCommandProviderFactory({ killGraceMs: 50 });
    const pending = factory
      .create({ commands: { agent: [NODE, cliScript('hang.mjs'), pidFile, '--ignore-sigterm'] } }, environment())
      .generate(generateRequest({ signal: controller.signal }));
    const [leader, grandchild] = await pidsFrom(pidFile);
    controller.abort();
    const error = await failure(pending);
    expect(error.kind).toBe('cancelled');
    expect(error.retryable).toBe(false);
    await until(() => !isRunning(leader!) && !isRunning(grandchild!), 'no process of the command is left');
  });

  it('starts nothing when the signal has already aborted', async () => {
    const argvFile = join(dir, 'argv.json');
    const error = await failure(provider({ agent: [NODE, cliScript('record-argv.mjs'), argvFile] }).generate(generateRequest({ signal: AbortSignal.abort() })));
    expect(error.kind).toBe('cancelled');
    expect(existsSync(argvFile)).toBe(false);
  });
});

describe('commandProvider configuration and plugin', () => {
  it('is configured once at least one command is', () => {
    expect(commandProvider.configured({}, environment())).toEqual({
      ok: false,
      reason: 'no command is configured; add one under providers.command.commands, e.g. claude-sonnet: [claude, -p, --model, sonnet]',
    });
    expect(commandProvider.configured({ commands: {} }, environment()).ok).toBe(false);
    expect(commandProvider.configured({ commands: { codex: ['codex', 'exec', '-'] } }, environment())).toEqual({ ok: true, reason: '' });
    expect(commandProvider.configured({ commands: { codex: ['codex'] }, default: 'codec' }, environment())).toEqual({
      ok: false,
      reason: 'providers.command.default is "codec", which is not in providers.command.commands (did you mean "codex"?)',
    });
  });

  it('rejects calls with unavailable when no command is configured', async () => {
    const empty = commandProvider.create({}, environment());
    expect(empty.defaultModel).toBe('');
    expect((await failure(empty.generate(generateRequest()))).kind).toBe('unavailable');
  });

  it('is delivered as a plugin whose version matches package.json', () => {
    const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(COMMAND_PACKAGE_VERSION).toBe(packageJson.version);
    expect(pluginDefault).toBe(commandPlugin);
    expect(commandPlugin).toMatchObject({ specificationVersion: 'v1', meta: { name: 'quorum-provider-command', version: '0.1.0' } });
    expect(commandPlugin.providers).toEqual([commandProvider]);
    expect(commandProvider).toMatchObject({ specificationVersion: 'v1', name: 'command' });
  });
});
