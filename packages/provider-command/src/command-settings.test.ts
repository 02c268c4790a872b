import { ConfigError } from '@quorum/core';
import { describe, expect, it } from 'vitest';
import { commandOptionsSchema, readCommandSettings } from './command-settings.js';

const PROJECT = '/home/rob/project';

describe('readCommandSettings', () => {
  it('keeps the commands in config order and defaults to the first one and the project directory', () => {
    const settings = readCommandSettings(
      { commands: { 'claude-sonnet': ['claude', '-p', '--model', 'sonnet'], codex: ['codex', 'exec', '-'] } },
      PROJECT,
    );
    expect([...settings.commands]).toEqual([
      ['claude-sonnet', ['claude', '-p', '--model', 'sonnet']],
      ['codex', ['codex', 'exec', '-']],
    ]);
    expect(settings.defaultName).toBe('claude-sonnet');
    expect(settings.cwd).toBe(PROJECT);
    expect(settings.env).toEqual({});
  });

  it('resolves cwd against the project directory and takes the named default', () => {
    const settings = readCommandSettings({ commands: { a: ['a'], b: ['b'] }, default: 'b', cwd: 'tools/agents', env: { X: '1' } }, PROJECT);
    expect(settings.defaultName).toBe('b');
    expect(settings.cwd).toBe('/home/rob/project/tools/agents');
    expect(readCommandSettings({ cwd: '/srv/agents' }, PROJECT).cwd).toBe('/srv/agents');
    expect(settings.env).toEqual({ X: '1' });
  });

  it('has no default command when none is configured', () => {
    expect(readCommandSettings({}, PROJECT).defaultName).toBeUndefined();
  });

  it('rejects wrong settings by name', () => {
    expect(() => readCommandSettings({ comands: {} }, PROJECT)).toThrow(
      new ConfigError('providers.command.comands is not a known setting (did you mean "commands"?)'),
    );
    expect(() => readCommandSettings({ commands: { claude: 'claude -p' } }, PROJECT)).toThrow(
      'providers.command.commands.claude must be a non-empty array of non-empty strings, program first (e.g. [claude, -p, --model, sonnet])',
    );
    expect(() => readCommandSettings({ commands: { claude: [] } }, PROJECT)).toThrow(ConfigError);
    expect(() => readCommandSettings({ commands: { claude: ['claude'] }, default: 'cluade' }, PROJECT)).toThrow(
      'providers.command.default is "cluade", which is not in providers.command.commands (did you mean "claude"?)',
    );
    expect(() => readCommandSettings({ env: { TOKEN: 5 } }, PROJECT)).toThrow('providers.command.env must map variable names to string values');
  });

  it('declares every setting it reads in a closed schema', () => {
    expect(commandOptionsSchema['additionalProperties']).toBe(false);
    expect(Object.keys(commandOptionsSchema['properties'] as object).sort()).toEqual(['commands', 'cwd', 'default', 'env']);
  });
});
