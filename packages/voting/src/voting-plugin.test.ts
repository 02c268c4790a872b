import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinVotingStrategies } from './builtin-voting-strategies.js';
import { defaultOptions } from './default-options.js';
import { votingPlugin } from './voting-plugin.js';

describe('votingPlugin', () => {
  it('delivers the built-in strategies under the package name and version', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
    expect(votingPlugin.specificationVersion).toBe('v1');
    expect(votingPlugin.meta).toEqual({ name: manifest.name, version: manifest.version });
    expect(votingPlugin.votingStrategies).toBe(builtinVotingStrategies);
  });

  it.each(builtinVotingStrategies.map((strategy) => [strategy.name, strategy] as const))(
    '%s declares a closed options schema with a default and a description for every option',
    (_name, strategy) => {
      expect(strategy.specificationVersion).toBe('v1');
      expect(strategy.description.length).toBeGreaterThan(0);
      expect(strategy.optionsSchema).toMatchObject({ type: 'object', additionalProperties: false });
      const properties = strategy.optionsSchema.properties as Record<string, Record<string, unknown>>;
      for (const property of Object.values(properties)) {
        expect(property).toHaveProperty('default');
        expect(typeof property.description).toBe('string');
      }
      expect(Object.keys(defaultOptions(strategy))).toEqual(Object.keys(properties));
    },
  );

  it('gives each call of defaultOptions its own copy', () => {
    const strategy = builtinVotingStrategies.find((candidate) => candidate.name === 'weighted');
    if (strategy === undefined) throw new Error('weighted strategy missing');
    expect(defaultOptions(strategy).weights).not.toBe(defaultOptions(strategy).weights);
  });
});
