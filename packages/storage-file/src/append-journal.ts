import { createHash } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, readSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

/*
 * Before appending, the storage writes a small journal next to the discussion: where the
 * append starts, how long it is and its hash. If the process dies mid-append, the journal
 * is still there on the next write, which then knows the bytes after `offset` are an
 * interrupted append (not a comment someone typed by hand) and removes them. The journal is
 * removed once the append is complete.
 *
 * These calls are synchronous, as are the append's own (see FileStorage): each is a small
 * system call made under the discussion's lock, and an asynchronous one costs a round trip
 * through libuv's thread pool (30–50 µs measured here) that is longer than the call itself.
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

export function writeJournal(file: string, journal: AppendJournal, durable: boolean): void {
  const fd = openSync(journalPath(file), 'w');
  try {
    writeSync(fd, JSON.stringify(journal));
    if (durable) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function removeJournal(file: string): void {
  try {
    unlinkSync(journalPath(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** What recovery did, for a warning to the user. */
export type Recovery = { readonly kind: 'none' } | { readonly kind: 'rolled-back'; readonly bytes: number } | { readonly kind: 'completed' };

/**
 * Repairs an interrupted append, if the journal says there was one. Call with the lock held.
 * The repair agrees with what a reader saw in the meantime: bytes that parse as nothing are
 * removed; an append cut only before its final newline already reads as a complete comment
 * (its closing `---` is there), so that newline is written instead.
 */
export function recoverFromJournal(file: string): Recovery {
  let journal: AppendJournal;
  try {
    journal = JSON.parse(readFileSync(journalPath(file), 'utf8')) as AppendJournal;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    // A journal cut short: the append it announces had not started (the journal is written first).
    removeJournal(file);
    return { kind: 'none' };
  }
  if (journal.version !== 1 || !Number.isSafeInteger(journal.offset) || !Number.isSafeInteger(journal.length)) {
    removeJournal(file);
    return { kind: 'none' };
  }
  const fd = openSync(file, 'r+');
  let recovery: Recovery = { kind: 'none' };
  try {
    const { size } = fstatSync(fd);
    const end = journal.offset + journal.length;
    const written = Buffer.alloc(Math.max(0, Math.min(size, end) - journal.offset));
    readSync(fd, written, 0, written.length, journal.offset);
    if (size === end - 1 && sha256(Buffer.concat([written, NEWLINE])) === journal.sha256) {
      writeSync(fd, NEWLINE, 0, 1, size);
      recovery = { kind: 'completed' };
    } else if (size > journal.offset && size < end) {
      recovery = { kind: 'rolled-back', bytes: size - journal.offset };
      ftruncateSync(fd, journal.offset);
    }
  } finally {
    closeSync(fd);
  }
  removeJournal(file);
  return recovery;
}

