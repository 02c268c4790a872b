import { stat } from 'node:fs/promises';
import {
  ConfigError,
  ProviderError,
  abortKind,
  didYouMean,
  type GenerateRequestV1,
  type GenerateResultV1,
  type ProviderEnvironment,
  type ProviderFactoryV1,
  type ProviderV1,
} from '@quorum/core';
import { buildCommandPrompt } from './build-command-prompt.js';
import { cleanCommandOutput, stripAnsi } from './clean-command-output.js';
import { COMMAND_EXAMPLE, commandOptionsSchema, readCommandSettings, type CommandSettings } from './command-settings.js';
import { runCommand, type RunCommandOutcome } from './run-command.js';

const NAME = 'command';
const NOT_CONFIGURED = `no command is configured; add one under ${COMMAND_EXAMPLE}`;

/** Tuning that config does not expose, for tests and embedders. */
export interface CommandProviderOptions {
  /** Time between SIGTERM and SIGKILL when a call is aborted (default 2000 ms). */
  readonly killGraceMs?: number;
  /** Most bytes of stdout accepted (default 4 MiB). */
  readonly maxStdoutBytes?: number;
}

/**
 * Creates the `command` provider factory: it runs a configured local CLI (`claude -p`,
 * `codex exec -`, `gemini`…) without a shell, with the prompt on stdin and the reply on stdout.
 */
export function createCommandProviderFactory(options: CommandProviderOptions = {}): ProviderFactoryV1 {
  return {
    specificationVersion: 'v1',
    name: NAME,
    description: 'Runs a local CLI (claude -p, codex exec -, …) without a shell: prompt on stdin, reply on stdout.',
    optionsSchema: commandOptionsSchema,
    configured(settings, environment) {
      let read: CommandSettings;
      try {
        read = readCommandSettings(settings, environment.projectDir);
      } catch (error) {
        return { ok: false, reason: error instanceof ConfigError ? error.detail : String(error) };
      }
      return read.commands.size === 0 ? { ok: false, reason: NOT_CONFIGURED } : { ok: true, reason: '' };
    },
    create(settings, environment) {
      return createCommandProvider(readCommandSettings(settings, environment.projectDir), environment, options);
    },
  };
}

/** The `command` provider factory with the default tuning. */
export const commandProvider: ProviderFactoryV1 = createCommandProviderFactory();

function createCommandProvider(settings: CommandSettings, environment: ProviderEnvironment, options: CommandProviderOptions): ProviderV1 {
  return {
    specificationVersion: 'v1',
    name: NAME,
    defaultModel: settings.defaultName ?? '',
    async generate(request) {
      if (settings.commands.size === 0) throw new ProviderError(NAME, 'unavailable', NOT_CONFIGURED);
      const name = request.model === '' ? (settings.defaultName as string) : request.model;
      const argv = settings.commands.get(name);
      if (argv === undefined) {
        throw new ProviderError(
          NAME,
          'not_found',
          `no command named "${name}" in providers.command.commands${didYouMean(name, settings.commands.keys())}; configured: ${[...settings.commands.keys()].join(', ')}`,
        );
      }
      return generate(request, { name, argv, settings, environment, options });
    },
  };
}

interface Call {
  readonly name: string;
  readonly argv: readonly string[];
  readonly settings: CommandSettings;
  readonly environment: ProviderEnvironment;
  readonly options: CommandProviderOptions;
}

async function generate(request: GenerateRequestV1, call: Call): Promise<GenerateResultV1> {
  const { signal } = request;
  if (signal.aborted) throw abortError(signal.reason, call);
  const input = buildCommandPrompt(request);
  const outcome = await runCommand({
    argv: call.argv,
    cwd: call.settings.cwd,
    env: commandEnvironment(call),
    input,
    signal,
    ...(call.options.killGraceMs === undefined ? {} : { killGraceMs: call.options.killGraceMs }),
    ...(call.options.maxStdoutBytes === undefined ? {} : { maxStdoutBytes: call.options.maxStdoutBytes }),
  });
  if (outcome.kind !== 'exited' || outcome.code !== 0) throw await failure(outcome, call);

  const text = cleanCommandOutput(outcome.stdout);
  if (text === '') {
    const detail = lastLine(outcome.stderr, call);
    throw new ProviderError(NAME, 'malformed', `${describe(call)} printed nothing on stdout${detail === '' ? '' : `: ${detail}`}`);
  }
  return {
    text,
    model: call.name,
    // CLIs report no token counts: these are estimates at four characters a token.
    usage: { inputTokens: Math.ceil(input.length / 4), outputTokens: Math.ceil(outcome.stdout.length / 4), cachedInputTokens: 0 },
  };
}

/** The host's environment with the configured variables laid over it. */
function commandEnvironment(call: Call): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(call.environment.env)) if (value !== undefined) env[key] = value;
  return { ...env, ...call.settings.env };
}

async function failure(outcome: RunCommandOutcome, call: Call): Promise<ProviderError> {
  const program = call.argv[0] as string;
  const setting = `providers.command.commands.${call.name}`;
  switch (outcome.kind) {
    case 'aborted':
      return abortError(outcome.reason, call);
    case 'stdout-overflow':
      return new ProviderError(NAME, 'malformed', `${describe(call)} printed more than ${formatBytes(outcome.limit)} on stdout and was stopped`);
    case 'spawn-failed': {
      const code = outcome.error.code;
      if (code === 'ENOENT' && !(await isDirectory(call.settings.cwd))) {
        return new ProviderError(NAME, 'unavailable', `the working directory ${call.settings.cwd} does not exist; create it or change providers.command.cwd`, {
          cause: outcome.error,
        });
      }
      if (code === 'ENOENT') {
        const where = program.includes('/') || program.includes('\\') ? 'was not found' : 'was not found on PATH';
        return new ProviderError(NAME, 'unavailable', `\`${program}\` ${where}; install it or change ${setting}`, { cause: outcome.error });
      }
      return new ProviderError(NAME, 'unavailable', `\`${program}\` could not be started (${code ?? outcome.error.message}); check ${setting}`, {
        cause: outcome.error,
      });
    }
    case 'exited': {
      const detail = lastLine(outcome.stderr, call);
      const how = outcome.code === null ? `was killed by ${outcome.signal ?? 'a signal'}` : `exited with code ${outcome.code}`;
      return new ProviderError(NAME, 'server', `${describe(call)} ${how}${detail === '' ? ' and printed nothing on stderr' : `: ${detail}`}`);
    }
  }
}

function abortError(reason: unknown, call: Call): ProviderError {
  return abortKind(reason) === 'timeout'
    ? new ProviderError(NAME, 'timeout', `${describe(call)} did not answer within the time limit and was stopped; raise engine.timeoutMs`, { cause: reason })
    : new ProviderError(NAME, 'cancelled', `${describe(call)} was stopped because the call was cancelled`, { cause: reason });
}

/** `` `claude` (claude-sonnet) `` — the program and the configured name. */
function describe(call: Call): string {
  return `\`${call.argv[0] as string}\` (${call.name})`;
}

/**
 * The last non-empty line of stderr, without ANSI codes, at most 200 characters, with the
 * values of the configured environment variables masked (they are often API keys).
 */
function lastLine(stderr: string, call: Call): string {
  const lines = stripAnsi(stderr)
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  let line = lines.at(-1) ?? '';
  const secrets = Object.values(call.settings.env)
    .filter((value) => value.length >= 4)
    .sort((a, b) => b.length - a.length);
  for (const secret of secrets) line = line.split(secret).join('***');
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}
