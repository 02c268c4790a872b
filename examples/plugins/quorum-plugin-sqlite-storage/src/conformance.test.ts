import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { storageConformance } from '@quorum/conformance';
import { SqliteStorage } from './index.js';

// No simulateTornAppend: a write replaces the whole database file by rename, so there is no
// moment at which part of an append is on disk (the unit tests check a failed write and a
// leftover temporary file instead). openAnother is a second instance on the same file, as a
// second quorum process would open it: only the lock file serialises the two.
storageConformance('SqliteStorage', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'quorum-sqlite-conformance-'));
  const file = path.join(dir, 'discussions.sqlite');
  return {
    storage: new SqliteStorage({ file, durable: false }),
    openAnother: async () => new SqliteStorage({ file, durable: false }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});
