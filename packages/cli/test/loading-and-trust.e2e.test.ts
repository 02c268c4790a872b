import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runQuorum, temporaryProject } from './run-quorum.js';

// What the config/load-plugins unit tests check of loadPlugins, checked here through the real
// binary and several commands: nothing is imported unless the config names it, and a broken
// plugin stops the command with one sentence naming it.

/** A module that leaves a file beside itself when imported, and is otherwise a valid plugin. */
function markOnImport(name: string): string {
  return `import { writeFileSync } from 'node:fs';
writeFileSync(new URL('./IMPORTED-${name}', import.meta.url), 'imported');
export default {
  specificationVersion: 'v1',
  meta: { name: '${name}', version: '6.6.6' },
  markerSets: [{ specificationVersion: 'v1', name: '${name}', markers: [{ type: '${name}', keywords: ['EVIL'], label: 'Evil' }] }],
};
`;
}

const TRAPS = {
  'node_modules/quorum-plugin-evil/package.json': '{ "name": "quorum-plugin-evil", "version": "6.6.6", "type": "module", "exports": "./index.js" }\n',
  'node_modules/quorum-plugin-evil/index.js': markOnImport('evil'),
  'node_modules/@quorum/plugin-evil/package.json': '{ "name": "@quorum/plugin-evil", "type": "module", "main": "index.js" }\n',
  'node_modules/@quorum/plugin-evil/index.js': markOnImport('scoped-evil'),
  'discussions/plugin.mjs': markOnImport('in-discussions'),
  'discussions/quorum.config.mjs': markOnImport('config-in-discussions'),
  'discussions/index.js': markOnImport('index-in-discussions'),
  'plugins/evil.mjs': markOnImport('in-plugins-folder'),
  'templates/evil.mjs': markOnImport('in-templates'),
  'personas/evil.mjs': markOnImport('in-personas'),
} as const;

const MARKERS = [
  'node_modules/quorum-plugin-evil/IMPORTED-evil',
  'node_modules/@quorum/plugin-evil/IMPORTED-scoped-evil',
  'discussions/IMPORTED-in-discussions',
  'discussions/IMPORTED-config-in-discussions',
  'discussions/IMPORTED-index-in-discussions',
  'plugins/IMPORTED-in-plugins-folder',
  'templates/IMPORTED-in-templates',
  'personas/IMPORTED-in-personas',
];

async function projectWith(files: Readonly<Record<string, string>>): Promise<string> {
  const cwd = await temporaryProject();
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(cwd, file)), { recursive: true });
    await writeFile(path.join(cwd, file), text);
  }
  return cwd;
}

function quorum(cwd: string, ...args: string[]) {
  return runQuorum(args, { cwd });
}

describe('loading and trust', () => {
  it('imports no module the config does not name, whatever the commands do', async () => {
    const cwd = await projectWith({ ...TRAPS, 'quorum.config.yaml': 'participants: [architect, pragmatist]\n' });
    const created = await quorum(cwd, 'new', 'Add rate limiting', '--template', 'feature');
    expect(created.code, created.stderr).toBe(0);
    const file = created.stdout.trim();
    const commands: string[][] = [
      ['comment', file, 'EVIL: nothing happens. Token bucket per key.', '--author', 'AI-Architect', '--vote', 'READY'],
      ['run', file, '--max-turns', '1'],
      ['status', file],
      ['parse', file],
      ['list'],
      ['export', file],
      ['template', 'list'],
      ['participants', 'list'],
      ['plugins', 'list', '--json'],
      ['doctor'],
    ];
    for (const args of commands) {
      const result = await quorum(cwd, ...args);
      expect(result.code, `quorum ${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
    const listed = JSON.parse((await quorum(cwd, 'plugins', 'list', '--json')).stdout) as { origin: string }[];
    expect(listed.every((plugin) => plugin.origin === 'built-in')).toBe(true);
    expect(MARKERS.filter((marker) => existsSync(path.join(cwd, marker)))).toEqual([]);

    // Named in config, the same modules are imported: the markers would have shown an import above.
    await writeFile(path.join(cwd, 'quorum.config.yaml'), 'participants: [architect, pragmatist]\nplugins:\n  - quorum-plugin-evil\n  - ./discussions/plugin.mjs\n');
    const plugins = await quorum(cwd, 'plugins', 'list');
    expect(plugins.code, plugins.stderr).toBe(0);
    expect(plugins.stdout).toContain('evil 6.6.6 (specification v1, package quorum-plugin-evil from node_modules/quorum-plugin-evil/index.js)\n  marker types: evil\n');
    expect(plugins.stdout).toContain('in-discussions 6.6.6 (specification v1, path ./discussions/plugin.mjs)\n');
    expect(MARKERS.filter((marker) => existsSync(path.join(cwd, marker)))).toEqual([
      'node_modules/quorum-plugin-evil/IMPORTED-evil',
      'discussions/IMPORTED-in-discussions',
    ]);
  });

  describe('a broken plugin fails the command with one sentence naming it', () => {
    const cases: { name: string; plugin: string; config: string; message: RegExp }[] = [
      {
        name: 'an unsupported specification version',
        plugin: markOnImport('future').replace("specificationVersion: 'v1',\n  meta", "specificationVersion: 'v7',\n  meta"),
        config: 'plugins:\n  - ./plugin.mjs\n',
        message: /^quorum: quorum\.config\.yaml:2:5: plugin "\.\/plugin\.mjs": implements plugin specification v7, but this Quorum supports v1\n$/,
      },
      {
        name: 'a default export of the wrong shape',
        plugin: "export default function plugin() { return {}; }\n",
        config: 'plugins:\n  - ./plugin.mjs\n',
        message: /^quorum: quorum\.config\.yaml:2:5: plugin "\.\/plugin\.mjs": does not export a plugin object \(its export is a function\)\n$/,
      },
      {
        name: 'a module that throws when imported',
        plugin: "throw new Error('the database is not reachable');\n",
        config: 'plugins:\n  - ./plugin.mjs\n',
        message: /^quorum: quorum\.config\.yaml:2:5: plugin "\.\/plugin\.mjs": importing \/.*\/plugin\.mjs failed: the database is not reachable\n$/,
      },
      {
        name: 'a misspelt contribution key',
        plugin: markOnImport('typo').replace('markerSets:', 'markerSet:'),
        config: 'plugins:\n  - ./plugin.mjs\n',
        message: /^quorum: quorum\.config\.yaml:2:5: plugin "\.\/plugin\.mjs": has an unknown key "markerSet" \(did you mean "markerSets"\?\)\n$/,
      },
      {
        name: 'options that fail its schema',
        plugin: `export default {
  specificationVersion: 'v1',
  meta: { name: 'strict', version: '1.0.0' },
  optionsSchema: { type: 'object', additionalProperties: false, properties: { severity: { enum: ['low', 'high'] } } },
  setup: () => ({}),
};
`,
        config: 'plugins:\n  - - ./plugin.mjs\n    - { severity: extreme }\n',
        message: /^quorum: quorum\.config\.yaml:3:19: plugin "\.\/plugin\.mjs": .*severity.*(low|high).*\n$/,
      },
      {
        name: 'a misspelt package name',
        plugin: markOnImport('unused'),
        config: 'plugins:\n  - quorum-plugin-evl\n',
        message: /^quorum: quorum\.config\.yaml:2:5: plugin "quorum-plugin-evl": cannot find package "quorum-plugin-evl" from \/.* \(did you mean "quorum-plugin-evil"\?\)\n$/,
      },
      {
        name: 'a misspelt module path',
        plugin: markOnImport('unused'),
        config: 'plugins:\n  - ./plugn.mjs\n',
        message: /^quorum: quorum\.config\.yaml:2:5: plugin "\.\/plugn\.mjs": cannot find \/.*\/plugn\.mjs \(resolved from \/.*\) \(did you mean "\.\/plugin\.mjs"\?\)\n$/,
      },
    ];
    for (const { name, plugin, config, message } of cases) {
      it(name, async () => {
        const cwd = await projectWith({ ...TRAPS, 'plugin.mjs': plugin, 'quorum.config.yaml': config });
        const listed = await quorum(cwd, 'plugins', 'list');
        expect(listed.code).toBe(2);
        expect(listed.stdout).toBe('');
        expect(listed.stderr).toMatch(message);
        const doctor = await quorum(cwd, 'doctor');
        expect(doctor.code).toBe(1);
        expect(doctor.stdout).toMatch(/^ok {6}config: quorum\.config\.yaml parses and is valid\nproblem plugins: quorum\.config\.yaml:\d+:\d+: plugin "/);
      });
    }
  });
});
