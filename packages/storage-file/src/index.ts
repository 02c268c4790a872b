import path from 'node:path';
import { definePlugin, type StorageFactoryV1 } from '@quorum/core';
import { FileStorage } from './file-storage.js';

export { FileStorage, type FileStorageOptions } from './file-storage.js';
export { resolveInside } from './safe-path.js';

/** The `file` storage backend as a plugin contribution: `storage: { backend: file, options: { dir } }`. */
export const fileStorageFactory: StorageFactoryV1 = {
  specificationVersion: 'v1',
  name: 'file',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      dir: { type: 'string', description: 'Discussions directory, relative to the project; defaults to discussions.dir from the config.' },
      durable: { type: 'boolean', default: true, description: 'fsync every append before returning.' },
      lockTimeoutMs: { type: 'integer', minimum: 0, default: 10000, description: 'How long to wait for another process holding the lock.' },
    },
  },
  create(options, context) {
    const dir = typeof options.dir === 'string' ? options.dir : 'discussions';
    return new FileStorage({
      dir: path.resolve(context.projectDir, dir),
      durable: options.durable !== false,
      lockTimeoutMs: typeof options.lockTimeoutMs === 'number' ? options.lockTimeoutMs : 10_000,
    });
  },
};

export const fileStoragePlugin = definePlugin({
  specificationVersion: 'v1',
  meta: { name: '@quorum/storage-file', version: '0.1.0' },
  storages: [fileStorageFactory],
});
