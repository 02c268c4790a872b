import { ConfigError } from '@quorum/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadYamlDocument } from './yaml-document.js';

function problemOf(text: string): ConfigError {
  try {
    loadYamlDocument(text, 'quorum.config.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadYamlDocument', () => {
  it('returns the plain value and locates values and keys', () => {
    const source = loadYamlDocument(
      '# config\nvoting:\n  strategy: majority\nplugins:\n  - ./a.mjs\n  - [./b.mjs, { x: 1 }]\n',
      'c.yaml',
    );
    expect(source.value).toEqual({ voting: { strategy: 'majority' }, plugins: ['./a.mjs', ['./b.mjs', { x: 1 }]] });
    expect(source.locate(['voting', 'strategy'])).toEqual({ line: 3, column: 13 });
    expect(source.locate(['voting', 'strategy'], 'key')).toEqual({ line: 3, column: 3 });
    expect(source.locate(['plugins', 1, 1, 'x'])).toEqual({ line: 6, column: 20 });
    expect(source.locate([])).toEqual({ line: 2, column: 1 });
  });

  it('locates a missing path at its nearest existing ancestor', () => {
    const source = loadYamlDocument('voting:\n  strategy: majority\n', 'c.yaml');
    expect(source.locate(['voting', 'options', 'threshold'])).toEqual({ line: 2, column: 3 });
  });

  it('reads JSON, tabs and all, with positions', () => {
    const source = loadYamlDocument('{\n\t"voting": {\n\t\t"strategy":5\n\t}\n}\n', 'quorum.config.json');
    expect(source.value).toEqual({ voting: { strategy: 5 } });
    expect(source.locate(['voting', 'strategy'])).toEqual({ line: 3, column: 14 });
  });

  it('reads any JSON document as JSON.parse does', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        expect(loadYamlDocument(text, 'x.json').value).toEqual(JSON.parse(text));
      }),
    );
  });

  it('rejects duplicate keys with the position of the second one', () => {
    const error = problemOf('voting:\n  strategy: a\n  "strategy": b\n');
    expect(error.message).toBe('quorum.config.yaml:3:3: the key "strategy" appears twice in the same mapping');
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.exitCode).toBe(2);
  });

  it('refuses a "billion laughs" document quickly', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let level = 1; level <= 9; level++) {
      lines.push(
        `${'b'.repeat(level)}: &${'b'.repeat(level)} [${Array(9)
          .fill(level === 1 ? '*a' : `*${'b'.repeat(level - 1)}`)
          .join(',')}]`,
      );
    }
    const started = performance.now();
    const error = problemOf(lines.join('\n'));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error.message).toMatch(
      /^quorum\.config\.yaml:2:\d+: aliases expand to more than 100 copies .*"billion laughs"/,
    );
  });

  it('keeps a few aliases working', () => {
    expect(loadYamlDocument('base: &b [x, y]\ncopy: *b\n', 'c.yaml').value).toEqual({
      base: ['x', 'y'],
      copy: ['x', 'y'],
    });
  });

  it.each([
    ['!!js/function "function () { globalThis.quorumPwned = true }"', '!!js/function'],
    ['!!binary aGVsbG8=', '!!binary'],
    ['!!set { a, b }', '!!set'],
    ['!custom 1', '!custom'],
  ])('rejects the tag in `author: %s` and executes nothing', (value, tag) => {
    const error = problemOf(`author: ${value}\n`);
    expect(error.message).toBe(
      `quorum.config.yaml:1:9: the tag ${tag} is not allowed; config files use plain YAML without tags`,
    );
    expect((globalThis as { quorumPwned?: boolean }).quorumPwned).toBeUndefined();
  });

  it('treats `<<` as an ordinary key, not a merge', () => {
    expect(loadYamlDocument('base: &b { x: 1 }\nother:\n  <<: *b\n', 'c.yaml').value).toEqual({
      base: { x: 1 },
      other: { '<<': { x: 1 } },
    });
  });

  it('keeps __proto__ an ordinary key', () => {
    const { value } = loadYamlDocument('__proto__: { polluted: true }\n', 'c.yaml');
    expect(Object.keys(value as object)).toEqual(['__proto__']);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect((value as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('rejects a second document and syntax errors with their position', () => {
    expect(problemOf('a: 1\n---\nb: 2\n').message).toBe(
      'quorum.config.yaml:2:1: the file holds more than one YAML document (a second "---"); a config file holds one',
    );
    expect(problemOf('plugins: [./a.mjs\n').message).toMatch(/^quorum\.config\.yaml:2:1: invalid YAML: [^\n]+$/);
  });

  it('names the kind of file it reads in its messages', () => {
    const problem = (text: string) => {
      try {
        loadYamlDocument(text, 'feature.yaml', { kind: 'template' });
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    };
    expect(problem('id: !!js/function x\n')).toBe(
      'feature.yaml:1:5: the tag !!js/function is not allowed; template files use plain YAML without tags',
    );
    expect(problem('a: 1\n---\nb: 2\n')).toBe(
      'feature.yaml:2:1: the file holds more than one YAML document (a second "---"); a template file holds one',
    );
  });
});
