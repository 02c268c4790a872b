import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { definePlugin, PluginError } from '@quorum/core';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';
import { loadPlugins, type PluginRegistry } from './load-plugins.js';
import { removeTempProjects, strategyPluginSource, strategySource, tempProject } from './test-helpers/temp-project.js';

afterEach(removeTempProjects);

const builtin = definePlugin({
  specificationVersion: 'v1',
  meta: { name: 'quorum-builtins', version: '0.1.0' },
  markerSets: [
    {
      specificationVersion: 'v1',
      name: 'default',
      markers: [{ type: 'question', keywords: ['Q', 'QUESTION'], label: 'Open questions' }],
    },
  ],
  votingStrategies: [
    {
      specificationVersion: 'v1',
      name: 'threshold',
      description: 'READY when enough voters agree',
      optionsSchema: { type: 'object', properties: { threshold: { type: 'number', default: 0.66 } } },
      tally: () => ({ reached: false, outcome: null, blockedBy: [], reason: 'no votes yet' }),
    },
  ],
});

/** Loads the config of a temp project and its plugins, with `builtin` first. */
async function load(files: Record<string, string>, cwd = '.'): Promise<{ dir: string; registry: PluginRegistry }> {
  const dir = await tempProject(files);
  const { config, projectDir, source } = await loadConfig({ cwd: join(dir, cwd) });
  return { dir, registry: await loadPlugins(config, { projectDir, builtins: [builtin], source }) };
}

async function loadError(files: Record<string, string>): Promise<PluginError> {
  const error: unknown = await load(files).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(PluginError);
  expect((error as PluginError).code).toBe('PLUGIN_INVALID');
  expect((error as PluginError).message).not.toContain('\n');
  return error as PluginError;
}

const SCALED_PLUGIN = `export default {
  specificationVersion: 'v1',
  meta: { name: 'scaled', version: '2.0.0' },
  optionsSchema: {
    type: 'object',
    properties: { scale: { type: 'number', default: 1 }, label: { type: 'string' } },
  },
  votingStrategies: [${strategySource('plain')}, ${strategySource('scaled')}],
  setup(options) {
    return { votingStrategies: [{ ...${strategySource('scaled')}, description: JSON.stringify(options) }] };
  },
};
`;

describe('loadPlugins', () => {
  it('registers the built-ins through the same contract', async () => {
    const { registry } = await load({});
    expect(registry.plugins).toEqual([
      {
        meta: { name: 'quorum-builtins', version: '0.1.0' },
        specificationVersion: 'v1',
        source: 'builtin',
        contributes: {
          markerSets: ['default'],
          votingStrategies: ['threshold'],
          storages: [],
          conditions: [],
          templates: [],
          providers: [],
          personas: [],
          personaSources: [],
        },
      },
    ]);
    expect(registry.markerSets.map((set) => set.name)).toEqual(['default']);
    expect([...registry.votingStrategies.keys()]).toEqual(['threshold']);
  });

  it('loads a plugin from a path relative to the config file', async () => {
    const { dir, registry } = await load(
      {
        'quorum.config.yaml': 'plugins:\n  - ./plugins/weighted.mjs\n',
        'plugins/weighted.mjs': strategyPluginSource('weighted'),
        'docs/plugins/weighted.mjs': 'throw new Error("resolved from the working directory");\n',
      },
      'docs',
    );
    expect(registry.plugins[1]).toEqual({
      meta: { name: 'weighted', version: '1.0.0' },
      specificationVersion: 'v1',
      source: './plugins/weighted.mjs',
      resolvedPath: join(dir, 'plugins/weighted.mjs'),
      contributes: {
        markerSets: [],
        votingStrategies: ['weighted'],
        storages: [],
        conditions: [],
        templates: [],
        providers: [],
        personas: [],
        personaSources: [],
      },
    });
    expect(registry.votingStrategies.get('weighted')?.description).toBe('test strategy');
  });

  it('passes validated options with defaults to setup and merges what it returns', async () => {
    const { registry } = await load({
      'quorum.config.yaml': 'plugins:\n  - [./scaled.mjs, { label: team }]\n',
      'scaled.mjs': SCALED_PLUGIN,
    });
    expect(JSON.parse(registry.votingStrategies.get('scaled')?.description ?? '')).toEqual({ label: 'team', scale: 1 });
    expect(registry.votingStrategies.get('plain')?.description).toBe('test strategy');
    expect(registry.plugins[1]?.contributes.votingStrategies).toEqual(['plain', 'scaled']);
  });

  it('loads CommonJS plugins, compiled ones too', async () => {
    const { registry } = await load({
      'quorum.config.yaml': 'plugins: [./a.cjs, ./b.cjs]\n',
      'a.cjs': strategyPluginSource('a').replace('export default', 'module.exports ='),
      'b.cjs': `Object.defineProperty(exports, '__esModule', { value: true });\n${strategyPluginSource('b').replace('export default', 'exports.default =')}`,
    });
    expect([...registry.votingStrategies.keys()]).toEqual(['threshold', 'a', 'b']);
  });

  it('loads a package from the project node_modules by name, through its exports', async () => {
    const { dir, registry } = await load({
      'quorum.config.yaml': 'plugins: [quorum-plugin-votes]\n',
      'node_modules/quorum-plugin-votes/package.json':
        '{ "name": "quorum-plugin-votes", "type": "module", "exports": { ".": { "import": "./lib/plugin.js" } } }\n',
      'node_modules/quorum-plugin-votes/lib/plugin.js': strategyPluginSource('votes'),
    });
    expect(registry.plugins[1]?.source).toBe('quorum-plugin-votes');
    expect(registry.plugins[1]?.resolvedPath).toBe(join(dir, 'node_modules/quorum-plugin-votes/lib/plugin.js'));
  });

  it('never imports a module the config does not name', async () => {
    const markOnImport = (name: string) =>
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(new URL('./imported-${name}', import.meta.url), '');\n${strategyPluginSource(name)}`;
    const files = {
      'node_modules/quorum-plugin-sneaky/package.json':
        '{ "name": "quorum-plugin-sneaky", "type": "module", "exports": "./index.js" }\n',
      'node_modules/quorum-plugin-sneaky/index.js': markOnImport('sneaky'),
      'discussions/plugin.mjs': markOnImport('discussion'),
      'discussions/quorum.config.mjs': markOnImport('nested-config'),
      'plugins/weighted.mjs': strategyPluginSource('weighted'),
    };
    const { dir } = await load({ ...files, 'quorum.config.yaml': 'plugins: [./plugins/weighted.mjs]\n' });
    expect(existsSync(join(dir, 'node_modules/quorum-plugin-sneaky/imported-sneaky'))).toBe(false);
    expect(existsSync(join(dir, 'discussions/imported-discussion'))).toBe(false);
    expect(existsSync(join(dir, 'discussions/imported-nested-config'))).toBe(false);

    // The same modules, once named, are imported: the markers above would have shown it.
    const named = await load({
      ...files,
      'quorum.config.yaml': 'plugins: [quorum-plugin-sneaky, ./discussions/plugin.mjs]\n',
    });
    expect(existsSync(join(named.dir, 'node_modules/quorum-plugin-sneaky/imported-sneaky'))).toBe(true);
    expect(existsSync(join(named.dir, 'discussions/imported-discussion'))).toBe(true);
  });
});

describe('loadPlugins refuses', () => {
  it('a plugin written for another specification version', async () => {
    const error = await loadError({
      'quorum.config.yaml': 'author: Rob\nplugins:\n  - ./future.mjs\n',
      'future.mjs': strategyPluginSource('future').replace(
        "specificationVersion: 'v1',\n  meta",
        "specificationVersion: 'v2',\n  meta",
      ),
    });
    expect(error.message).toBe(
      'quorum.config.yaml:3:5: plugin "./future.mjs": implements plugin specification v2, but this Quorum supports v1',
    );
    expect(error.plugin).toBe('./future.mjs');
  });

  it('a module whose export is not a plugin object', async () => {
    const error = await loadError({ 'quorum.config.yaml': 'plugins: [./n.mjs]\n', 'n.mjs': 'export default 42;\n' });
    expect(error.detail).toBe('plugin "./n.mjs": does not export a plugin object (its export is a number)');
  });

  it.each([
    ['votingStrategys: [],', 'has an unknown key "votingStrategys" (did you mean "votingStrategies"?)'],
    [
      'markerSets: [{ specificationVersion: "v1", name: "m", markers: [{ type: "risk", keywords: [], label: "Risks" }] }],',
      'markerSets[0].markers[0].keywords must be a non-empty array of non-empty strings',
    ],
    [
      'storages: [{ specificationVersion: "v2", name: "s3" }],',
      'storages[0] implements storage specification v2, but this Quorum supports v1',
    ],
    ['storages: {},', 'storages must be an array'],
    ['setup: "yes",', 'setup must be a function'],
  ])('a plugin with the wrong shape (%s)', async (extra, detail) => {
    const error = await loadError({
      'quorum.config.yaml': 'plugins: [./p.mjs]\n',
      'p.mjs': strategyPluginSource('p', extra),
    });
    expect(error.detail).toBe(`plugin "./p.mjs": ${detail}`);
  });

  it('a strategy without a tally function, and a plugin without a version', async () => {
    const noTally = await loadError({
      'quorum.config.yaml': 'plugins: [./p.mjs]\n',
      'p.mjs': strategyPluginSource('p').replace('tally: () =>', 'tallyVotes: () =>'),
    });
    expect(noTally.detail).toBe('plugin "./p.mjs": votingStrategies[0].tally must be a function');
    const noVersion = await loadError({
      'quorum.config.yaml': 'plugins: [./p.mjs]\n',
      'p.mjs': strategyPluginSource('p').replace("version: '1.0.0'", "version: ''"),
    });
    expect(noVersion.detail).toBe('plugin "./p.mjs": meta.version must be a non-empty string');
  });

  it('options of the wrong type, at their place in the config', async () => {
    const error = await loadError({
      'quorum.config.yaml': 'plugins:\n  - [./scaled.mjs, { scale: big }]\n',
      'scaled.mjs': SCALED_PLUGIN,
    });
    expect(error.message).toBe('quorum.config.yaml:2:29: plugin "./scaled.mjs": plugins[0][1].scale must be a number');
  });

  it('unknown options, with "did you mean"', async () => {
    const error = await loadError({
      'quorum.config.yaml': 'plugins:\n  - [./scaled.mjs, { scal: 2 }]\n',
      'scaled.mjs': SCALED_PLUGIN,
    });
    expect(error.message).toBe(
      'quorum.config.yaml:2:22: plugin "./scaled.mjs": plugins[0][1].scal is not a known key (did you mean "scale"?)',
    );
  });

  it('options for a plugin that takes none', async () => {
    const error = await loadError({
      'quorum.config.yaml': 'plugins:\n  - [./p.mjs, { scale: 2 }]\n',
      'p.mjs': strategyPluginSource('p'),
    });
    expect(error.message).toBe('quorum.config.yaml:2:15: plugin "./p.mjs": takes no options, but options were given; remove them from the config');
  });

  it('a missing file, suggesting the one nearby', async () => {
    const error = await loadError({
      'quorum.config.yaml': 'plugins: [./plugins/weigted.mjs]\n',
      'plugins/weighted.mjs': strategyPluginSource('weighted'),
    });
    expect(error.message).toMatch(
      /^quorum\.config\.yaml:1:11: plugin "\.\/plugins\/weigted\.mjs": cannot find \/.*\/plugins\/weigted\.mjs \(resolved from \/.*\) \(did you mean "\.\/plugins\/weighted\.mjs"\?\)$/,
    );
  });

  it('a file named without its extension, suggesting it', async () => {
    const error = await loadError({
      'quorum.config.yaml': 'plugins: [./weighted]\n',
      'weighted.mjs': strategyPluginSource('weighted'),
    });
    expect(error.detail).toMatch(/\(did you mean "\.\/weighted\.mjs"\?\)$/);
  });

  it('a directory', async () => {
    const error = await loadError({ 'quorum.config.yaml': 'plugins: [./plugins/]\n', 'plugins/index.mjs': '' });
    expect(error.detail).toMatch(
      /^plugin "\.\/plugins\/": \/.*\/plugins is a directory; name the module file \(for example \.\/plugins\/index\.js\)$/,
    );
  });

  it('a package that is not installed, suggesting one that is', async () => {
    const error = await loadError({
      'quorum.config.yaml': 'plugins: [quorum-plugin-vote]\n',
      'node_modules/quorum-plugin-votes/package.json': '{ "name": "quorum-plugin-votes" }\n',
    });
    expect(error.detail).toMatch(
      /^plugin "quorum-plugin-vote": cannot find package "quorum-plugin-vote" from \/.* \(did you mean "quorum-plugin-votes"\?\)$/,
    );
  });

  it('a strategy name another plugin already provides, naming both', async () => {
    const error = await loadError({
      'quorum.config.yaml': 'plugins: [./t.mjs]\n',
      't.mjs': strategyPluginSource('threshold'),
    });
    expect(error.detail).toBe(
      'plugin "./t.mjs": voting strategy "threshold" is already provided by built-in plugin "quorum-builtins"',
    );
  });

  it('two plugins with the same name, naming both', async () => {
    const error = await loadError({
      'quorum.config.yaml': 'plugins:\n  - ./a.mjs\n  - ./b.mjs\n',
      'a.mjs': strategyPluginSource('same'),
      'b.mjs': strategyPluginSource('same').replace("name: 'same', description", "name: 'other', description"),
    });
    expect(error.message).toBe(
      'quorum.config.yaml:3:5: plugin "./b.mjs": its name "same" is already taken by plugin "./a.mjs"',
    );
  });

  it('a strategy whose options schema is not JSON Schema', async () => {
    const error = await loadError({
      'quorum.config.yaml': 'plugins: [./p.mjs]\n',
      'p.mjs': strategyPluginSource('p').replace(
        "optionsSchema: { type: 'object',",
        "optionsSchema: { type: 'object', minProperties: 'two',",
      ),
    });
    expect(error.detail).toMatch(
      /^plugin "\.\/p\.mjs": the optionsSchema of voting strategy "p" is not a valid JSON Schema: /,
    );
  });

  it('a setup that throws', async () => {
    const error = await loadError({
      'quorum.config.yaml': 'plugins: [./p.mjs]\n',
      'p.mjs': strategyPluginSource('p', 'setup() { throw new Error("no network"); },'),
    });
    expect(error.detail).toBe('plugin "./p.mjs": setup() failed: no network');
  });

  it('a setup that returns an unknown key', async () => {
    const error = await loadError({
      'quorum.config.yaml': 'plugins: [./p.mjs]\n',
      'p.mjs': strategyPluginSource('p', 'setup: async () => ({ storage: [] }),'),
    });
    expect(error.detail).toBe('plugin "./p.mjs": setup() returned an unknown key "storage" (did you mean "storages"?)');
  });
});

/** Source of a plugin module contributing one condition (and whatever `extra` adds). */
function conditionPluginSource(pluginName: string, condition: string, extra = ''): string {
  return `export default {
  specificationVersion: 'v1',
  meta: { name: ${JSON.stringify(pluginName)}, version: '1.0.0' },
  conditions: [${condition}],
  ${extra}
};
`;
}

const QUORUM_OF = `{
    specificationVersion: 'v1',
    name: 'quorum_of',
    description: 'holds when enough participants answered',
    optionsSchema: { type: 'object', properties: { min_voters: { type: 'integer', minimum: 1, default: 2 } } },
    evaluate: (facts, options) => facts.responded.length >= options.min_voters,
  }`;

describe('loadPlugins with conditions and templates', () => {
  it('registers conditions and template directories, merging what setup returns', async () => {
    const { dir, registry } = await load({
      'quorum.config.yaml': 'plugins: [./a.mjs, ./b.mjs]\n',
      'a.mjs': conditionPluginSource(
        'a',
        QUORUM_OF,
        `templates: [new URL('./templates', import.meta.url).pathname],
  setup: () => ({ templates: [new URL('./more-templates', import.meta.url).pathname] }),`,
      ),
      'b.mjs': conditionPluginSource(
        'b',
        "{ specificationVersion: 'v1', name: 'always', description: 'always holds', evaluate: () => true, check: () => undefined }",
        "templates: [new URL('./templates', import.meta.url).pathname],",
      ),
    });
    expect([...registry.conditions.keys()]).toEqual(['quorum_of', 'always']);
    expect(registry.plugins[1]?.contributes).toEqual({
      markerSets: [],
      votingStrategies: [],
      storages: [],
      conditions: ['quorum_of'],
      templates: [join(dir, 'templates'), join(dir, 'more-templates')],
      providers: [],
      personas: [],
      personaSources: [],
    });
    // Two plugins may share a directory; it is searched once.
    expect(registry.templateDirs).toEqual([join(dir, 'templates'), join(dir, 'more-templates')]);
    expect(registry.plugins[2]?.contributes.conditions).toEqual(['always']);
  });

  it.each([
    [
      "{ specificationVersion: 'v1', name: 'x', description: 'd' }",
      'conditions[0].evaluate must be a function',
    ],
    [
      "{ specificationVersion: 'v1', name: 'x', description: 'd', evaluate: () => true, optionsSchema: 'integer' }",
      'conditions[0].optionsSchema must be an object',
    ],
    [
      "{ specificationVersion: 'v1', name: 'x', description: 'd', evaluate: () => true, check: true }",
      'conditions[0].check must be a function',
    ],
    [
      "{ specificationVersion: 'v2', name: 'x', description: 'd', evaluate: () => true }",
      'conditions[0] implements condition specification v2, but this Quorum supports v1',
    ],
    [
      "{ specificationVersion: 'v1', name: 'any', description: 'd', evaluate: () => true }",
      'conditions[0].name "any" is reserved: templates combine conditions with all, any and not',
    ],
    [
      "{ specificationVersion: 'v1', name: 'quorumOf', description: 'd', evaluate: () => true }",
      'conditions[0].name "quorumOf" must be snake_case (a lowercase letter, then lowercase letters, digits or _)',
    ],
  ])('a condition with the wrong shape (%s)', async (condition, detail) => {
    const error = await loadError({
      'quorum.config.yaml': 'plugins: [./p.mjs]\n',
      'p.mjs': conditionPluginSource('p', condition),
    });
    expect(error.detail).toBe(`plugin "./p.mjs": ${detail}`);
  });

  it('a condition name another plugin already provides', async () => {
    const error = await loadError({
      'quorum.config.yaml': 'plugins: [./a.mjs, ./b.mjs]\n',
      'a.mjs': conditionPluginSource('a', QUORUM_OF),
      'b.mjs': conditionPluginSource('b', QUORUM_OF),
    });
    expect(error.message).toBe(
      'quorum.config.yaml:1:20: plugin "./b.mjs": condition "quorum_of" is already provided by plugin "./a.mjs"',
    );
  });

  it('a condition whose options schema is not JSON Schema', async () => {
    const error = await loadError({
      'quorum.config.yaml': 'plugins: [./p.mjs]\n',
      'p.mjs': conditionPluginSource('p', QUORUM_OF.replace("type: 'integer'", "type: 'count'")),
    });
    expect(error.detail).toMatch(
      /^plugin "\.\/p\.mjs": the optionsSchema of condition "quorum_of" is not a valid JSON Schema: /,
    );
  });

  it.each([
    ["templates: 'templates',", 'templates must be an array'],
    ["templates: ['templates'],", 'templates[0] must be an absolute directory path, not "templates" (resolve it from the plugin\'s import.meta.url)'],
    ['templates: [42],', 'templates[0] must be a non-empty string (a directory)'],
    ["setup: () => ({ templates: ['./t'] }),", 'setup().templates[0] must be an absolute directory path, not "./t" (resolve it from the plugin\'s import.meta.url)'],
  ])('template directories that are not absolute paths (%s)', async (extra, detail) => {
    const error = await loadError({
      'quorum.config.yaml': 'plugins: [./p.mjs]\n',
      'p.mjs': strategyPluginSource('p', extra),
    });
    expect(error.detail).toBe(`plugin "./p.mjs": ${detail}`);
  });
});
