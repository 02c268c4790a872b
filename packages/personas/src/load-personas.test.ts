import path from 'node:path';
import { NotFoundError, PluginError, type PersonaSourceV1, type PersonaV1 } from '@quorum/core';
import { describe, expect, it } from 'vitest';
import { loadPersonas } from './load-personas.js';
import { describeOrigin } from './persona-registry.js';
import { personaText, temporaryDir, writeFolder } from './test-helpers/persona-folders.js';

function codePersona(alias: string, fields: Partial<PersonaV1> = {}): PersonaV1 {
  return { name: `AI-${alias}`, alias, role: `Coded ${alias}`, personality: 'p', expertise: [], concerns: [], type: 'voting', ...fields };
}

function sourceOf(name: string, personas: readonly unknown[] | (() => never)): PersonaSourceV1 {
  return { specificationVersion: 'v1', name, load: () => (typeof personas === 'function' ? personas() : (personas as PersonaV1[])) };
}

/** A project, a config folder, a plugin folder, a plugin source and a bundled folder, each defining `shared`. */
async function layeredProject() {
  const root = await temporaryDir();
  const projectDir = path.join(root, 'project');
  await writeFolder(path.join(projectDir, 'personas'), {
    'shared.yaml': personaText('shared', { role: 'From the project' }),
    'mine.yaml': personaText('mine'),
    'README.md': '# not a persona',
  });
  const configDir = await writeFolder(path.join(projectDir, 'team'), {
    'shared.yaml': personaText('shared', { role: 'From config' }),
    'team.yml': personaText('team'),
  });
  const pluginDir = await writeFolder(path.join(root, 'plugin'), {
    'shared.yaml': personaText('shared', { role: 'From the plugin folder' }),
    'packed.yaml': personaText('packed'),
  });
  const bundledDir = await writeFolder(path.join(root, 'bundled'), {
    'shared.yaml': personaText('shared', { role: 'Bundled' }),
    'architect.yaml': personaText('architect', { type: 'voting' }),
    'researcher.yaml': personaText('researcher', { type: 'background' }),
  });
  const source = sourceOf('coded', [codePersona('shared', { role: 'From code' }), codePersona('coded')]);
  return { projectDir, configDir, pluginDir, bundledDir, source };
}

describe('loadPersonas', () => {
  it('takes each alias from the highest source: project, config, plugin folder, plugin source, bundled', async () => {
    const { projectDir, configDir, pluginDir, bundledDir, source } = await layeredProject();
    const registry = await loadPersonas({
      projectDir,
      dirs: [configDir],
      pluginDirs: [{ dir: pluginDir, plugin: 'quorum-plugin-pack' }],
      pluginSources: [{ source, plugin: 'quorum-plugin-code' }],
      bundledDir,
    });
    expect(registry.list().map((r) => r.persona.alias)).toEqual(['architect', 'coded', 'mine', 'packed', 'researcher', 'shared', 'team']);
    expect([...registry.aliases()]).toEqual(['architect', 'coded', 'mine', 'packed', 'researcher', 'shared', 'team']);
    expect(registry.get('shared')).toMatchObject({
      persona: { role: 'From the project' },
      kind: 'project',
      origin: { source: 'project', file: path.join(projectDir, 'personas', 'shared.yaml') },
    });
    expect(registry.shadowed('shared').map((r) => [r.kind, r.persona.role])).toEqual([
      ['config', 'From config'],
      ['plugin', 'From the plugin folder'],
      ['plugin', 'From code'],
      ['bundled', 'Bundled'],
    ]);
    const origins = Object.fromEntries(registry.list().map((r) => [r.persona.alias, describeOrigin(r, (dir) => path.relative(projectDir, dir))]));
    expect(origins).toEqual({
      architect: 'bundled',
      coded: 'plugin quorum-plugin-code',
      mine: 'project',
      packed: 'plugin quorum-plugin-pack',
      researcher: 'bundled',
      shared: 'project',
      team: 'config team',
    });
    expect(registry.get('coded')?.origin.file).toBeUndefined();
  });

  it('skips a project without a personas/ folder, and takes plain folders and sources from plugins', async () => {
    const { configDir, pluginDir, bundledDir, source } = await layeredProject();
    const projectDir = await temporaryDir();
    const registry = await loadPersonas({ projectDir, dirs: [configDir], pluginDirs: [pluginDir], pluginSources: [source], bundledDir });
    expect(registry.get('shared')?.persona.role).toBe('From config');
    expect(describeOrigin(registry.get('packed')!)).toBe('plugin plugin');
    expect(describeOrigin(registry.get('coded')!)).toBe('plugin coded');
  });

  it('reads a folder once, at its highest place, when it is named twice', async () => {
    const { projectDir, bundledDir } = await layeredProject();
    const registry = await loadPersonas({ projectDir, dirs: [path.join(projectDir, 'personas')], bundledDir: path.join(projectDir, 'personas') });
    expect(registry.get('mine')?.kind).toBe('project');
    expect(registry.shadowed('mine')).toEqual([]);
    expect(registry.get('architect')).toBeUndefined();
    expect((await loadPersonas({ projectDir, bundledDir })).get('architect')?.kind).toBe('bundled');
  });

  it('uses the bundled personas by default, and none with bundledDir null', async () => {
    const projectDir = await temporaryDir();
    expect((await loadPersonas({ projectDir })).get('architect')?.kind).toBe('bundled');
    expect((await loadPersonas({ projectDir, bundledDir: null })).list()).toEqual([]);
  });

  it('refuses two files with the same alias in one folder, naming both', async () => {
    const projectDir = await temporaryDir();
    await writeFolder(path.join(projectDir, 'personas'), { 'critic.yaml': personaText('critic'), 'critic.yml': personaText('critic') });
    await expect(loadPersonas({ projectDir, bundledDir: null })).rejects.toThrow(
      'personas/critic.yml: persona "critic" is defined twice in personas: critic.yaml and critic.yml; remove one',
    );
  });

  it('reports a broken file at its line and column, relative to the working directory', async () => {
    const projectDir = await temporaryDir();
    await writeFolder(path.join(projectDir, 'personas'), {
      'good.yaml': personaText('good'),
      'critic.yaml': personaText('critic', { expertise: 'reviews' }),
    });
    await expect(loadPersonas({ projectDir, bundledDir: null })).rejects.toThrow(/^personas\/critic\.yaml:7:12: expertise must be an array$/);
    await expect(loadPersonas({ projectDir, bundledDir: null, cwd: path.join(projectDir, 'personas') })).rejects.toThrow(/^critic\.yaml:7:12: /);
    await writeFolder(path.join(projectDir, 'personas'), { 'critic.yaml': personaText('critik') });
    await expect(loadPersonas({ projectDir, bundledDir: null })).rejects.toThrow(
      'personas/critic.yaml:2:8: the alias "critik" differs from the file name "critic.yaml"; rename the file to critik.yaml or set alias: critic',
    );
  });

  it('refuses folders named in config or by a plugin that do not exist', async () => {
    const projectDir = await temporaryDir();
    const missing = path.join(projectDir, 'team-personas');
    const fromConfig = loadPersonas({ projectDir, dirs: [missing], bundledDir: null });
    await expect(fromConfig).rejects.toThrow(NotFoundError);
    await expect(fromConfig).rejects.toThrow('the persona folder team-personas named in config (personas.dirs) does not exist');
    const fromPlugin = loadPersonas({ projectDir, pluginDirs: [{ dir: missing, plugin: 'quorum-plugin-pack' }], bundledDir: null });
    await expect(fromPlugin).rejects.toThrow(PluginError);
    await expect(fromPlugin).rejects.toThrow('plugin "quorum-plugin-pack": its persona folder team-personas does not exist');
  });

  it('names the plugin and source when a persona source fails or returns something wrong', async () => {
    const projectDir = await temporaryDir();
    const load = (source: PersonaSourceV1) => loadPersonas({ projectDir, pluginSources: [{ source, plugin: 'quorum-plugin-code' }], bundledDir: null });
    await expect(load(sourceOf('db', () => { throw new Error('connection refused'); }))).rejects.toThrow(
      'plugin "quorum-plugin-code": persona source "db" failed to load: connection refused',
    );
    await expect(load(sourceOf('db', [codePersona('ok'), { ...codePersona('bad'), expertise: 'x' }]))).rejects.toThrow(
      'plugin "quorum-plugin-code": persona source "db" returned an invalid persona at index 1: expertise must be an array',
    );
    await expect(load(sourceOf('db', [codePersona('twice'), codePersona('twice')]))).rejects.toThrow(
      'plugin "quorum-plugin-code": persona source "db" returned persona "twice" twice',
    );
    await expect(load({ specificationVersion: 'v1', name: 'db', load: () => 'nope' as never })).rejects.toThrow(
      'persona source "db" must return a list of personas from load()',
    );
  });
});

describe('PersonaRegistry', () => {
  it('requires an alias, suggesting the closest one or listing them all', async () => {
    const { projectDir, bundledDir } = await layeredProject();
    const registry = await loadPersonas({ projectDir, bundledDir });
    expect(registry.require('architect').persona.alias).toBe('architect');
    expect(() => registry.require('archtect')).toThrow(
      new NotFoundError('unknown participant "archtect" (did you mean "architect"?); see quorum participants list'),
    );
    expect(() => registry.require('zzz', '--participants')).toThrow(
      '--participants: unknown participant "zzz" (known: architect, mine, researcher, shared); see quorum participants list',
    );
    expect(registry.get('ARCHITECT')?.persona.alias).toBe('architect');
  });

  it('finds the persona a comment author stands for', async () => {
    const { projectDir, bundledDir } = await layeredProject();
    const registry = await loadPersonas({ projectDir, bundledDir });
    expect(registry.byAuthor('AI-Architect')?.persona.alias).toBe('architect');
    expect(registry.byAuthor('architect')?.persona.alias).toBe('architect');
    expect(registry.byAuthor('bot_researcher')?.persona.alias).toBe('researcher');
    expect(registry.byAuthor('Rob')).toBeUndefined();
  });
});
