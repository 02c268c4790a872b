import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@quorum/core';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';
import { removeTempProjects, tempProject } from './test-helpers/temp-project.js';

afterEach(removeTempProjects);

async function loadError(options: Parameters<typeof loadConfig>[0]): Promise<ConfigError> {
  const error: unknown = await loadConfig(options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('loadConfig finds the config', () => {
  it.each([
    ['quorum.config.yaml', 'voting:\n  strategy: majority\n'],
    ['quorum.config.yml', 'voting: { strategy: majority }\n'],
    ['quorum.config.json', '{ "voting": { "strategy": "majority" } }\n'],
    ['quorum.config.mjs', "export default { voting: { strategy: 'majority' } };\n"],
    ['quorum.config.cjs', "module.exports = { voting: { strategy: 'majority' } };\n"],
    ['quorum.config.js', "export default { voting: { strategy: 'majority' } };\n"],
    ['quorum.config.ts', "const strategy: string = 'majority';\nexport default { voting: { strategy } };\n"],
    ['.quorumrc', 'voting:\n  strategy: majority\n'],
    ['.quorumrc.json', '{ "voting": { "strategy": "majority" } }\n'],
    ['.quorumrc.yaml', 'voting:\n  strategy: majority\n'],
    ['.quorumrc.mjs', "export default { voting: { strategy: 'majority' } };\n"],
    ['.config/quorumrc.yaml', 'voting:\n  strategy: majority\n'],
  ])('in %s', async (file, content) => {
    const dir = await tempProject({ 'package.json': '{ "type": "module" }\n', [file]: content });
    const loaded = await loadConfig({ cwd: dir });
    expect(loaded.filepath).toBe(join(dir, file));
    expect(loaded.projectDir).toBe(dir);
    expect(loaded.config.voting).toEqual({ strategy: 'majority', options: {} });
    expect(loaded.config.discussions.dir).toBe('discussions');
  });

  it('in package.json#quorum', async () => {
    const dir = await tempProject({ 'package.json': '{\n  "name": "p",\n  "quorum": { "author": "Rob" }\n}\n' });
    const loaded = await loadConfig({ cwd: dir });
    expect(loaded.filepath).toBe(join(dir, 'package.json'));
    expect(loaded.config.author).toBe('Rob');
  });

  it('in a parent directory, which becomes the project directory', async () => {
    const dir = await tempProject({ 'quorum.config.yaml': 'author: Rob\n', 'docs/notes/README.md': '' });
    const loaded = await loadConfig({ cwd: join(dir, 'docs/notes') });
    expect(loaded.filepath).toBe(join(dir, 'quorum.config.yaml'));
    expect(loaded.projectDir).toBe(dir);
  });

  it('not above the nearest package.json', async () => {
    const dir = await tempProject({ 'quorum.config.yaml': 'author: Rob\n', 'app/package.json': '{}\n' });
    const loaded = await loadConfig({ cwd: join(dir, 'app') });
    expect(loaded).toEqual({
      config: expect.objectContaining({ plugins: [] }),
      filepath: null,
      projectDir: join(dir, 'app'),
      source: {},
    });
    expect(loaded.config.author).toBeUndefined();
  });

  it('or gives the defaults when there is none', async () => {
    const dir = await tempProject({ 'package.json': '{ "name": "no-quorum-key" }\n' });
    const loaded = await loadConfig({ cwd: dir });
    expect(loaded.filepath).toBeNull();
    expect(loaded.projectDir).toBe(dir);
    expect(loaded.config.voting.strategy).toBe('threshold');
  });

  it('treats an empty config file as all defaults', async () => {
    const dir = await tempProject({ 'quorum.config.yaml': '# nothing yet\n' });
    const loaded = await loadConfig({ cwd: dir });
    expect(loaded.filepath).toBe(join(dir, 'quorum.config.yaml'));
    expect(loaded.config.participants).toEqual(['architect', 'security', 'pragmatist']);
  });

  it('uses an explicit config file, and names it when it does not exist', async () => {
    const dir = await tempProject({ 'settings/team.yaml': 'author: Ann\n' });
    const loaded = await loadConfig({ cwd: dir, configFile: 'settings/team.yaml' });
    expect(loaded.config.author).toBe('Ann');
    expect(loaded.projectDir).toBe(join(dir, 'settings'));
    const error = await loadError({ cwd: dir, configFile: 'settings/missing.yaml' });
    expect(error.message).toBe('settings/missing.yaml: the config file does not exist');
  });
});

describe('loadConfig reports problems at their place', () => {
  it('in YAML', async () => {
    const dir = await tempProject({ 'quorum.config.yaml': 'author: Rob\n\nvoting:\n  strategy: 5\n' });
    const error = await loadError({ cwd: dir });
    expect(error.message).toBe('quorum.config.yaml:4:13: voting.strategy must be a string');
    expect([error.code, error.exitCode, error.file, error.line, error.column]).toEqual([
      'CONFIG_INVALID',
      2,
      'quorum.config.yaml',
      4,
      13,
    ]);
  });

  it('in JSON', async () => {
    const dir = await tempProject({ '.quorumrc.json': '{\n  "voting": {\n    "stratgy": "majority"\n  }\n}\n' });
    const error = await loadError({ cwd: dir });
    expect(error.message).toBe('.quorumrc.json:3:5: voting.stratgy is not a known key (did you mean "strategy"?)');
  });

  it('in package.json, under the quorum key', async () => {
    const dir = await tempProject({
      'package.json': '{\n  "name": "p",\n  "quorum": {\n    "plugins": "./a.mjs"\n  }\n}\n',
    });
    const error = await loadError({ cwd: dir });
    expect(error.message).toBe('package.json:4:16: quorum.plugins must be an array');
  });

  it('in JavaScript, by path only', async () => {
    const dir = await tempProject({ 'quorum.config.mjs': 'export default { voting: { strategy: 5 } };\n' });
    const error = await loadError({ cwd: dir });
    expect(error.message).toBe('quorum.config.mjs: voting.strategy must be a string');
  });

  it('relative to the working directory', async () => {
    const dir = await tempProject({ 'quorum.config.yaml': 'dicussions: {}\n', 'sub/x.md': '' });
    const error = await loadError({ cwd: join(dir, 'sub') });
    expect(error.message).toBe(
      '../quorum.config.yaml:1:1: dicussions is not a known key (did you mean "discussions"?)',
    );
  });

  it('for duplicate keys', async () => {
    const dir = await tempProject({ 'quorum.config.yaml': 'author: Rob\nvoting: {}\nauthor: Ann\n' });
    const error = await loadError({ cwd: dir });
    expect(error.message).toBe('quorum.config.yaml:3:1: the key "author" appears twice in the same mapping');
  });

  it('for a "billion laughs" config', async () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 10; level++)
      levels.push(
        `l${level}: &l${level} [${Array(10)
          .fill(level === 1 ? '*a' : `*l${level - 1}`)
          .join(', ')}]`,
      );
    const dir = await tempProject({ 'quorum.config.yaml': `${levels.join('\n')}\n` });
    const error = await loadError({ cwd: dir });
    expect(error.detail).toMatch(/billion laughs/);
  });

  it('for a custom tag, which is never executed', async () => {
    const dir = await tempProject({
      'quorum.config.yaml': `author: !!js/function "function () { require('fs').writeFileSync('${'pwned'}', '') }"\n`,
    });
    const error = await loadError({ cwd: dir });
    expect(error.message).toBe(
      'quorum.config.yaml:1:9: the tag !!js/function is not allowed; config files use plain YAML without tags',
    );
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
  });

  it("for cosmiconfig's $import, which is not followed", async () => {
    const dir = await tempProject({ 'quorum.config.yaml': '$import: ./base.yaml\n', 'base.yaml': 'author: Rob\n' });
    const error = await loadError({ cwd: dir });
    expect(error.message).toBe(
      'quorum.config.yaml:1:1: $import is not a known key (known keys: $schema, discussions, plugins, storage, voting, templates, participants, voters, author, personas, providers, engine, budget, pricing)',
    );
  });

  it('for a JavaScript config that fails to load', async () => {
    const dir = await tempProject({ 'quorum.config.mjs': "throw new Error('no config today');\n" });
    const error = await loadError({ cwd: dir });
    expect(error.message).toBe('quorum.config.mjs: cannot load the config: no config today');
  });
});
