import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { storageConformance } from '@quorum/conformance';
import { renderComment } from '@quorum/format';
import { sha256, writeJournal } from '../src/append-journal.js';
import { FileStorage } from '../src/index.js';

storageConformance('FileStorage', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'quorum-conformance-'));
  const storage = new FileStorage({ dir, durable: false });
  return {
    storage,
    cleanup: () => rm(dir, { recursive: true, force: true }),
    // Exactly what appendComment leaves when its process dies after writing part of the
    // comment: the journal announcing the append, then the first bytes.
    async simulateTornAppend(id, comment, fraction) {
      const file = await storage.pathOf(id);
      const offset = Buffer.byteLength((await storage.load(id)).source);
      const bytes = Buffer.from(renderComment(comment), 'utf8');
      writeJournal(file, { version: 1, offset, length: bytes.length, sha256: sha256(bytes) }, false);
      await appendFile(file, bytes.subarray(0, Math.floor(fraction * bytes.length)));
    },
  };
});
