import { createHash } from 'node:crypto';
import { open, readFile, rm, truncate } from 'node:fs/promises';
import path from 'node:path';

/*
 * Before appending, the storage writes a small journal next to the discussion: where the
 * append starts, how long it is and its hash. If the process dies mid-append, the journal
 * is still there on the next write, which then knows the bytes after `offset` are an
 * interrupted append (not a comment someone typed by hand) and removes them. The journal is
 * removed once the append is complete.
 */
export interface AppendJournal {
  readonly version: 1;
  readonly offset: number;
  readonly length: number;
  readonly sha256: string;
}

const NEWLINE = Buffer.from('\n');

export function journalPath(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.journal`);
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function writeJournal(file: string, journal: AppendJournal, durable: boolean): Promise<void> {
  const handle = await open(journalPath(file), 'w');
  try {
    await handle.writeFile(JSON.stringify(journal));
    if (durable) await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function removeJournal(file: string): Promise<void> {
  await rm(journalPath(file), { force: true });
}

/** What recovery did, for a warning to the user. */
export type Recovery = { readonly kind: 'none' } | { readonly kind: 'rolled-back'; readonly bytes: number } | { readonly kind: 'completed' };

/**
 * Repairs an interrupted append, if the journal says there was one. Call with the lock held.
 * The repair agrees with what a reader saw in the meantime: bytes that parse as nothing are
 * removed; an append cut only before its final newline already reads as a complete comment
 * (its closing `---` is there), so that newline is written instead.
 */
export async function recoverFromJournal(file: string): Promise<Recovery> {
  let journal: AppendJournal;
  try {
    journal = JSON.parse(await readFile(journalPath(file), 'utf8')) as AppendJournal;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    // A journal cut short: the append it announces had not started (the journal is written first).
    await removeJournal(file);
    return { kind: 'none' };
  }
  if (journal.version !== 1 || !Number.isSafeInteger(journal.offset) || !Number.isSafeInteger(journal.length)) {
    await removeJournal(file);
    return { kind: 'none' };
  }
  const handle = await open(file, 'r+');
  let recovery: Recovery = { kind: 'none' };
  try {
    const { size } = await handle.stat();
    const end = journal.offset + journal.length;
    const written = Buffer.alloc(Math.max(0, Math.min(size, end) - journal.offset));
    await handle.read(written, 0, written.length, journal.offset);
    if (size === end - 1 && sha256(Buffer.concat([written, NEWLINE])) === journal.sha256) {
      await handle.write(NEWLINE, 0, 1, size);
      recovery = { kind: 'completed' };
    } else if (size > journal.offset && size < end) {
      recovery = { kind: 'rolled-back', bytes: size - journal.offset };
    }
  } finally {
    await handle.close();
  }
  if (recovery.kind === 'rolled-back') await truncate(file, journal.offset);
  await removeJournal(file);
  return recovery;
}

