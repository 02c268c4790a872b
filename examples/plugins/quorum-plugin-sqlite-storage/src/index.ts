import path from 'node:path';
import { definePlugin, type StorageFactoryV1 } from '@quorum/core';
import { SqliteStorage } from './sqlite-storage.js';

export * from './sqlite-storage.js';

/** `storage: { backend: sqlite, options: { file, durable, lockTimeoutMs } }`. */
export const sqliteStorageFactory: StorageFactoryV1 = {
  specificationVersion: 'v1',
  name: 'sqlite',
  optionsSchema: {
    type: 'object',
    description: 'Options of the sqlite storage.',
    additionalProperties: false,
    properties: {
      file: { type: 'string', minLength: 1, default: 'discussions.sqlite', description: 'The database file, relative to the config file.' },
      durable: { type: 'boolean', default: true, description: 'fsync every write before it returns.' },
      lockTimeoutMs: { type: 'integer', minimum: 100, default: 10_000, description: "How long a write waits for another process's lock." },
    },
  },
  create(options, context) {
    return new SqliteStorage({
      file: path.resolve(context.projectDir, String(options['file'] ?? 'discussions.sqlite')),
      durable: options['durable'] !== false,
      lockTimeoutMs: typeof options['lockTimeoutMs'] === 'number' ? options['lockTimeoutMs'] : 10_000,
    });
  },
};

export const sqliteStoragePlugin = definePlugin({
  specificationVersion: 'v1',
  meta: { name: 'quorum-plugin-sqlite-storage', version: '1.0.0' },
  storages: [sqliteStorageFactory],
});

export default sqliteStoragePlugin;
