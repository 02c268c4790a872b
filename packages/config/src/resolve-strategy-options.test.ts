import { ConfigError, definePlugin } from '@quorum/core';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';
import { loadPlugins } from './load-plugins.js';
import { resolveStrategyOptions } from './resolve-strategy-options.js';
import { selectionAt } from './selection-source.js';
import { removeTempProjects, tempProject } from './test-helpers/temp-project.js';

afterEach(removeTempProjects);

const voting = definePlugin({
  specificationVersion: 'v1',
  meta: { name: 'voting', version: '0.1.0' },
  votingStrategies: [
    {
      specificationVersion: 'v1',
      name: 'threshold',
      description: 'READY when the share of READY votes reaches the threshold',
      optionsSchema: {
        type: 'object',
        properties: { threshold: { type: 'number', minimum: 0, maximum: 1, default: 0.66 } },
      },
      tally: () => ({ reached: false, outcome: null, blockedBy: [], reason: 'no votes yet' }),
    },
  ],
});

async function resolveFromConfig(yaml: string) {
  const dir = await tempProject({ 'quorum.config.yaml': yaml });
  const { config, projectDir, source } = await loadConfig({ cwd: dir });
  const registry = await loadPlugins(config, { projectDir, builtins: [voting] });
  return resolveStrategyOptions(
    registry,
    config.voting.strategy,
    config.voting.options,
    selectionAt(source, ['voting'], 'strategy'),
  );
}

describe('resolveStrategyOptions', () => {
  it('fills the defaults of the strategy options', async () => {
    const resolved = await resolveFromConfig('author: Rob\n');
    expect(resolved.strategy.name).toBe('threshold');
    expect(resolved.options).toEqual({ threshold: 0.66 });
  });

  it('names an unknown strategy at its place, with "did you mean"', async () => {
    await expect(resolveFromConfig('voting:\n  strategy: thresold\n')).rejects.toThrow(
      'quorum.config.yaml:2:13: unknown voting strategy "thresold" (did you mean "threshold"?)',
    );
    await expect(resolveFromConfig('voting: { strategy: ranked }\n')).rejects.toThrow(
      'unknown voting strategy "ranked" (known: threshold)',
    );
  });

  it('reports bad and unknown options at their place', async () => {
    await expect(resolveFromConfig('voting:\n  options:\n    threshold: 2\n')).rejects.toThrow(
      'quorum.config.yaml:3:16: voting.options.threshold must be at most 1',
    );
    await expect(resolveFromConfig('voting:\n  options: { treshold: 0.5 }\n')).rejects.toThrow(
      'quorum.config.yaml:2:14: voting.options.treshold is not a known key (did you mean "threshold"?)',
    );
  });

  it('works without a source, naming the path inside the options', async () => {
    const registry = await loadPlugins({ plugins: [] }, { projectDir: '/', builtins: [voting] });
    expect(() => resolveStrategyOptions(registry, 'threshold', { threshold: 'most' })).toThrow(
      new ConfigError('threshold must be a number'),
    );
  });
});
