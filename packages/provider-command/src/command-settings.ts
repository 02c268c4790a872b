import { isAbsolute, resolve } from 'node:path';
import { ConfigError, didYouMean, type JsonSchema } from '@quorum/core';

/** The settings under `providers.command` in config, read and resolved. */
export interface CommandSettings {
  /** Name → argv (program first), in the order written in config. */
  readonly commands: ReadonlyMap<string, readonly string[]>;
  /** The command used when the model id names none; undefined when no command is configured. */
  readonly defaultName: string | undefined;
  /** Absolute working directory of every command. */
  readonly cwd: string;
  /** Extra environment variables, laid over the host's environment. */
  readonly env: Readonly<Record<string, string>>;
}

/** JSON Schema of `providers.command`; the host validates the settings with it. */
export const commandOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    commands: {
      type: 'object',
      description:
        'Commands by name, each an argv array run without a shell: the prompt goes to stdin, the reply comes from stdout. Select one with command:<name>.',
      propertyNames: { minLength: 1 },
      additionalProperties: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
      default: {},
    },
    default: { type: 'string', minLength: 1, description: 'The command used by a bare `command` model id; the first one when unset.' },
    cwd: { type: 'string', minLength: 1, description: 'Working directory of the commands, relative to the project directory.' },
    env: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'Extra environment variables for the commands. Only their names are ever printed.',
    },
  },
};

const KEYS = ['commands', 'default', 'cwd', 'env'] as const;

/** The example every "add a command" message shows. */
export const COMMAND_EXAMPLE = 'providers.command.commands, e.g. claude-sonnet: [claude, -p, --model, sonnet]';

/**
 * Reads `providers.command`. The host has already validated the settings against
 * {@link commandOptionsSchema}; the essentials are checked again here for programmatic
 * callers, so that a wrong setting is never silently ignored.
 *
 * @param projectDir the absolute project directory that `cwd` is relative to
 * @throws ConfigError naming the setting that is wrong
 */
export function readCommandSettings(settings: Readonly<Record<string, unknown>>, projectDir: string): CommandSettings {
  for (const key of Object.keys(settings)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      throw new ConfigError(`providers.command.${key} is not a known setting${didYouMean(key, KEYS)}`);
    }
  }
  const { commands: rawCommands, default: rawDefault, cwd, env } = settings;

  const commands = new Map<string, readonly string[]>();
  if (rawCommands !== undefined) {
    if (!isRecord(rawCommands)) throw new ConfigError(`providers.command.commands must map names to argv arrays: ${COMMAND_EXAMPLE}`);
    for (const [name, argv] of Object.entries(rawCommands)) {
      if (name.trim() === '') throw new ConfigError('providers.command.commands has an empty command name');
      if (!Array.isArray(argv) || argv.length === 0 || !argv.every((item) => typeof item === 'string' && item !== '')) {
        throw new ConfigError(
          `providers.command.commands.${name} must be a non-empty array of non-empty strings, program first (e.g. [claude, -p, --model, sonnet])`,
        );
      }
      commands.set(name, [...(argv as string[])]);
    }
  }

  if (rawDefault !== undefined && (typeof rawDefault !== 'string' || rawDefault === '')) {
    throw new ConfigError('providers.command.default must be the name of a command in providers.command.commands');
  }
  if (typeof rawDefault === 'string' && !commands.has(rawDefault)) {
    throw new ConfigError(
      `providers.command.default is "${rawDefault}", which is not in providers.command.commands${didYouMean(rawDefault, commands.keys())}`,
    );
  }
  if (cwd !== undefined && (typeof cwd !== 'string' || cwd === '')) {
    throw new ConfigError('providers.command.cwd must be a directory path, relative to the project directory');
  }
  if (env !== undefined && !(isRecord(env) && Object.values(env).every((value) => typeof value === 'string'))) {
    throw new ConfigError('providers.command.env must map variable names to string values');
  }

  return {
    commands,
    defaultName: typeof rawDefault === 'string' ? rawDefault : commands.keys().next().value,
    cwd: typeof cwd === 'string' ? (isAbsolute(cwd) ? cwd : resolve(projectDir, cwd)) : projectDir,
    env: (env as Record<string, string> | undefined) ?? {},
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
