import { ConfigError, type JsonSchema } from '@quorum/core';
import { describe, expect, it } from 'vitest';
import { createValidator, validateWithSchema } from './schema-validator.js';
import { loadYamlDocument } from './yaml-document.js';

const schema: JsonSchema = {
  type: 'object',
  properties: {
    mode: { enum: ['fast', 'slow'] },
    level: { type: 'integer', minimum: 1, default: 3 },
    tags: { type: 'array', items: { type: 'string' }, default: [] },
    entry: {
      anyOf: [{ type: 'string' }, { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] }],
    },
  },
  required: ['mode'],
  additionalProperties: false,
};

function problems(value: unknown, source = {}): string[] {
  const result = createValidator(schema)(value, source);
  return result.ok ? [] : result.problems.map((problem) => problem.message);
}

describe('createValidator', () => {
  it('fills defaults into a copy and leaves the input alone', () => {
    const input = { mode: 'fast' };
    const result = createValidator(schema)(input);
    expect(result).toEqual({ ok: true, value: { mode: 'fast', level: 3, tags: [] } });
    expect(input).toEqual({ mode: 'fast' });
  });

  it('says each problem in one sentence with its path', () => {
    expect(problems({ mode: 'medium', level: 0, tags: ['a', 2], extra: 1 }).sort()).toEqual([
      'extra is not a known key (known keys: mode, level, tags, entry)',
      'level must be at least 1',
      'mode must be "fast" or "slow"',
      'tags[1] must be a string',
    ]);
    expect(problems({ mod: 'fast' })).toEqual(['mode is required', 'mod is not a known key (did you mean "mode"?)']);
    expect(problems('x', { label: 'the config' })).toEqual(['the config must be an object']);
  });

  it('explains a union by the branch the value was meant for', () => {
    expect(problems({ mode: 'fast', entry: 5 })).toEqual(['entry must be a string or an object']);
    expect(problems({ mode: 'fast', entry: { id: 5 } })).toEqual(['entry.id must be a string']);
    expect(problems({ mode: 'fast', entry: {} })).toEqual(['entry.id is required']);
    const nested: JsonSchema = {
      anyOf: [
        { type: 'string' },
        { type: 'object', properties: { x: { anyOf: [{ type: 'number' }, { const: 'all' }] } } },
      ],
    };
    const nestedProblems = createValidator(nested)({ x: 'some' });
    expect(nestedProblems.ok ? [] : nestedProblems.problems.map((problem) => problem.message)).toEqual([
      'x must be a number or "all"',
    ]);
  });

  it('locates problems through the source and sorts them by position', () => {
    const source = loadYamlDocument('level: 0\nmode: medium\n', 'settings.yaml');
    expect(problems(source.value, source)).toEqual([
      'settings.yaml:1:8: level must be at least 1',
      'settings.yaml:2:7: mode must be "fast" or "slow"',
    ]);
  });

  it('prefixes the source path, for values nested in a bigger file', () => {
    const source = loadYamlDocument('plugins:\n  - [./p.mjs, { mode: fast, levl: 2 }]\n', 'quorum.config.yaml');
    const options = ((source.value as { plugins: unknown[][] }).plugins[0] ?? [])[1];
    expect(problems(options, { ...source, path: ['plugins', 0, 1] })).toEqual([
      'quorum.config.yaml:2:29: plugins[0][1].levl is not a known key (did you mean "level"?)',
    ]);
  });

  it('keeps schemas with the same $id apart', () => {
    const first = createValidator({ $id: 'https://example.com/s.json', type: 'string' });
    const second = createValidator({ $id: 'https://example.com/s.json', type: 'number' });
    expect(first('a').ok).toBe(true);
    expect(second(1).ok).toBe(true);
    expect(second('a').ok).toBe(false);
  });

  it('refuses a schema with a misspelt keyword instead of ignoring it', () => {
    expect(() => createValidator({ type: 'object', propertes: {} })).toThrow(/unknown keyword/);
  });
});

describe('validateWithSchema', () => {
  it('throws the first problem as a ConfigError', () => {
    const source = loadYamlDocument('mode: fast\nlevel: x\n', 'settings.yaml');
    expect(() => validateWithSchema(schema, source.value, source)).toThrow(ConfigError);
    expect(() => validateWithSchema(schema, source.value, source)).toThrow(
      'settings.yaml:2:8: level must be an integer',
    );
    expect(validateWithSchema(schema, { mode: 'slow' })).toEqual({ mode: 'slow', level: 3, tags: [] });
  });
});
