import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runQuorum, temporaryProject } from './run-quorum.js';

/**
 * A storage backend that keeps every discussion's Markdown in one JSON file (`store.json`),
 * for `quorum export` through a storage that is not the file storage. Only what these tests
 * use writes; the append methods refuse.
 */
const JSON_STORAGE_PLUGIN = `import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
const refuse = async () => { throw new Error('the json-store test storage does not append'); };
function open(file) {
  const read = () => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {});
  return {
    specificationVersion: 'v1',
    name: 'json-store',
    async create(name, markdown) {
      const all = read();
      if (name in all) throw Object.assign(new Error(name + ' exists'), { code: 'ALREADY_EXISTS' });
      all[name] = markdown;
      writeFileSync(file, JSON.stringify(all));
      return { id: name, location: 'json-store:' + name };
    },
    async load(id) {
      const all = read();
      if (!(id in all)) throw Object.assign(new Error('no discussion ' + id), { code: 'NOT_FOUND', exitCode: 2, detail: 'no discussion ' + id });
      return { id, location: 'json-store:' + id, source: all[id], discussion: {} };
    },
    async list() {
      return Object.keys(read()).sort().map((id) => ({ id, location: 'json-store:' + id, headers: {}, title: null, phase: null, status: null }));
    },
    appendComment: refuse,
    appendEvents: refuse,
    updateHeaders: refuse,
  };
}
export default {
  specificationVersion: 'v1',
  meta: { name: 'json-store', version: '0.3.0' },
  storages: [{
    specificationVersion: 'v1',
    name: 'json-store',
    optionsSchema: { type: 'object', additionalProperties: false, properties: { file: { type: 'string', default: 'store.json' } } },
    create: (options, context) => open(path.resolve(context.projectDir, options.file)),
  }],
};
`;

describe('quorum plugins list', () => {
  it('lists the built-ins and the configured plugins with version, specification, origin and contributions', async () => {
    const cwd = await temporaryProject();
    await writeFile(path.join(cwd, 'json-store.mjs'), JSON_STORAGE_PLUGIN);
    await writeFile(path.join(cwd, 'quorum.config.yaml'), 'plugins:\n  - ./json-store.mjs\n');
    const result = await runQuorum(['plugins', 'list', '--json'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    const plugins = JSON.parse(result.stdout) as { name: string; origin: string; source: string; file: string | null; specificationVersion: string; contributes: Record<string, unknown> }[];
    expect(plugins.map((plugin) => [plugin.name, plugin.origin])).toEqual([
      ['@quorum/markers', 'built-in'],
      ['@quorum/voting', 'built-in'],
      ['@quorum/storage-file', 'built-in'],
      ['@quorum/compiler', 'built-in'],
      ['quorum-provider-openai', 'built-in'],
      ['quorum-provider-anthropic', 'built-in'],
      ['quorum-provider-ollama', 'built-in'],
      ['quorum-provider-command', 'built-in'],
      ['quorum-provider-mock', 'built-in'],
      ['json-store', 'path'],
    ]);
    expect(plugins[0]!.contributes['markerSets']).toEqual([{ name: 'default', types: expect.arrayContaining(['question', 'decision', 'concern']) }]);
    expect(plugins[1]!.contributes['votingStrategies']).toEqual(['threshold', 'majority', 'unanimous', 'veto', 'weighted']);
    expect(plugins[3]!.contributes['conditions']).toContain('all_responded');
    expect(plugins.at(-1)).toEqual({
      name: 'json-store',
      version: '0.3.0',
      specificationVersion: 'v1',
      origin: 'path',
      source: './json-store.mjs',
      file: 'json-store.mjs',
      contributes: { markerSets: [], votingStrategies: [], conditions: [], providers: [], personaFolders: [], personaSources: [], storages: ['json-store'], templateFolders: [] },
    });

    const text = await runQuorum(['plugins', 'list'], { cwd });
    expect(text.stdout).toContain('@quorum/voting 0.1.0 (specification v1, built-in)\n  voting strategies: threshold, majority, unanimous, veto, weighted\n');
    expect(text.stdout.endsWith('json-store 0.3.0 (specification v1, path ./json-store.mjs)\n  storage backends: json-store\n')).toBe(true);
  });
});

describe('quorum export', () => {
  it('writes a discussion file to stdout or --output, byte for byte, by path or by id', async () => {
    const cwd = await temporaryProject();
    await writeFile(path.join(cwd, 'quorum.config.yaml'), 'discussions:\n  dir: discussions\n');
    const created = await runQuorum(['new', 'Add rate limiting', '--context', 'Limit each key.'], { cwd });
    const file = created.stdout.trim();
    await runQuorum(['comment', file, 'Token bucket per key.\nQ: Per key or per IP?', '--author', 'AI-Architect', '--vote', 'CHANGES'], { cwd });
    const original = await readFile(path.join(cwd, file), 'utf8');
    expect(original).toContain('Q: Per key or per IP?');

    const printed = await runQuorum(['export', file], { cwd });
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toBe(original);

    // By id in the configured storage (here the file storage), without .md, into a new folder.
    await mkdir(path.join(cwd, 'elsewhere'));
    const written = await runQuorum(['export', 'add-rate-limiting', '--output', '../out/review.md'], { cwd: path.join(cwd, 'elsewhere') });
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toBe(`${path.join(cwd, 'out/review.md')}\n`);
    expect(await readFile(path.join(cwd, 'out/review.md'), 'utf8')).toBe(original);

    // A folder as --output is refused in one sentence that names a file to write instead.
    const intoFolder = await runQuorum(['export', 'add-rate-limiting', '--output', 'out'], { cwd });
    expect(intoFolder.code).toBe(2);
    expect(intoFolder.stderr).toBe('quorum: --output out is a folder; name the file to write, e.g. --output out/add-rate-limiting.md\n');

    const missing = await runQuorum(['export', 'add-rate-limitng'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      'quorum: no discussion file add-rate-limitng and no discussion "add-rate-limitng" in the file storage (did you mean "add-rate-limiting.md"?); quorum list shows them\n',
    );
  });

  it('exports from a storage plugin the Markdown it holds', async () => {
    const cwd = await temporaryProject();
    await writeFile(path.join(cwd, 'json-store.mjs'), JSON_STORAGE_PLUGIN);
    await writeFile(path.join(cwd, 'quorum.config.yaml'), 'plugins:\n  - ./json-store.mjs\nstorage:\n  backend: json-store\n');
    const created = await runQuorum(['new', 'Add rate limiting', '--context', 'Limit each key.'], { cwd });
    expect(created.code, created.stderr).toBe(0);
    const stored = JSON.parse(await readFile(path.join(cwd, 'store.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(stored)).toEqual(['add-rate-limiting.md']);

    const exported = await runQuorum(['export', 'add-rate-limiting', '-o', 'add-rate-limiting.md'], { cwd });
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toBe('add-rate-limiting.md\n');
    const markdown = await readFile(path.join(cwd, 'add-rate-limiting.md'), 'utf8');
    expect(markdown).toBe(stored['add-rate-limiting.md']);
    expect(markdown).toContain('<!-- Title: Add rate limiting -->');

    const missing = await runQuorum(['export', 'rate-limits'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('quorum: no discussion file rate-limits and no discussion "rate-limits" in the json-store storage; quorum list shows them\n');
  });
});
