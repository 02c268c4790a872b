import { ConfigError, definePlugin, PluginError, type DiscussionStorageV1, type StorageFactoryV1 } from '@quorum/core';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';
import { loadPlugins } from './load-plugins.js';
import { resolveStorage } from './resolve-storage.js';
import { removeTempProjects, tempProject } from './test-helpers/temp-project.js';

afterEach(removeTempProjects);

function memoryStorage(options: Record<string, unknown>, projectDir: string): DiscussionStorageV1 & { made: unknown } {
  const fail = () => Promise.reject(new Error('not needed here'));
  return {
    specificationVersion: 'v1',
    name: 'memory',
    made: { options, projectDir },
    create: fail,
    load: fail,
    appendComment: fail,
    appendEvents: fail,
    updateHeaders: fail,
    list: fail,
  };
}

function storagePlugin(create: StorageFactoryV1['create']) {
  return definePlugin({
    specificationVersion: 'v1',
    meta: { name: 'storage-memory', version: '0.1.0' },
    storages: [
      {
        specificationVersion: 'v1',
        name: 'memory',
        optionsSchema: { type: 'object', properties: { capacity: { type: 'integer', default: 10 } } },
        create,
      },
    ],
  });
}

async function resolveFromConfig(
  yaml: string,
  create: StorageFactoryV1['create'] = (options, context) => memoryStorage(options, context.projectDir),
) {
  const dir = await tempProject({ 'quorum.config.yaml': yaml });
  const { config, projectDir, source } = await loadConfig({ cwd: dir });
  const registry = await loadPlugins(config, { projectDir, builtins: [storagePlugin(create)] });
  return { dir, storage: resolveStorage(registry, config, projectDir, source) };
}

describe('resolveStorage', () => {
  it('creates the storage with validated options and the project directory', async () => {
    const { dir, storage } = await resolveFromConfig('storage:\n  backend: memory\n');
    expect((storage as ReturnType<typeof memoryStorage>).made).toEqual({ options: { capacity: 10 }, projectDir: dir });
  });

  it('names an unknown backend at its place', async () => {
    await expect(resolveFromConfig('author: Rob\n')).rejects.toBeInstanceOf(ConfigError);
    await expect(resolveFromConfig('author: Rob\n')).rejects.toMatchObject({
      detail: 'unknown storage "file" (known: memory)',
    });
    await expect(resolveFromConfig('storage: { backend: memroy }\n')).rejects.toThrow(
      'quorum.config.yaml:1:21: unknown storage "memroy" (did you mean "memory"?)',
    );
  });

  it('reports bad options at their place', async () => {
    await expect(resolveFromConfig('storage:\n  backend: memory\n  options:\n    capacity: 1.5\n')).rejects.toThrow(
      'quorum.config.yaml:4:15: storage.options.capacity must be an integer',
    );
  });

  it('blames the plugin for a factory that fails or makes no storage', async () => {
    const config = 'storage: { backend: memory }\n';
    await expect(
      resolveFromConfig(config, () => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow(new PluginError('storage-memory', 'storage "memory" could not be created: disk full'));
    await expect(
      resolveFromConfig(config, () => ({ specificationVersion: 'v1' }) as unknown as DiscussionStorageV1),
    ).rejects.toThrow('plugin "storage-memory": storage "memory" created a storage without a create() method');
  });
});
