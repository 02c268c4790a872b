import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, fsyncSync, openSync, readSync, statSync, writeSync, type BigIntStats } from 'node:fs';
import { link, mkdir, open, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import lockfile from 'proper-lockfile';
import writeFileAtomic from 'write-file-atomic';
import {
  AlreadyExistsError,
  ConflictError,
  DiscussionParseError,
  InvalidInputError,
  LockTimeoutError,
  NotFoundError,
  StorageError,
  type AppendEntry,
  type Discussion,
  type DiscussionStorageV1,
  type DiscussionSummary,
  type LoadedDiscussion,
  type NewComment,
  type NewEvent,
} from '@quorum/core';
import {
  appendEvents,
  findField,
  headerSummary,
  isDelimiterLine,
  isSealed,
  parseDiscussion,
  parseAppended,
  parseExtended,
  parseHeaderBlock,
  renderComment,
  renderEvents,
  sealDiscussionText,
  setHeaders,
} from '@quorum/format';
import { recoverFromJournal, removeJournal, sha256, writeJournal, type Recovery } from './append-journal.js';
import { resolveInside } from './safe-path.js';

export interface FileStorageOptions {
  /** The discussions directory (absolute, or relative to the current directory). */
  readonly dir: string;
  /** fsync the journal and each append before returning (default true). */
  readonly durable?: boolean;
  /** How long to wait for another process's lock before giving up (default 10 s). */
  readonly lockTimeoutMs?: number;
  /** A lock older than this is taken over: its holder died (default 5 s, at least 2 s). */
  readonly staleLockMs?: number;
  /** Told about repairs (an interrupted append removed, a file sealed). */
  readonly onWarning?: (message: string) => void;
}

const HEADER_CHUNK = 4096;
const LIST_CONCURRENCY = 32;

/**
 * Discussions as Markdown files in one directory. Ids are paths relative to it
 * (`add-rate-limiting.md`). Appends write only the comment's bytes, under a cross-process
 * lock, announced by a journal so an interrupted append is rolled back by the next write;
 * header changes and events rewrite the file atomically (temporary file + rename).
 */
export class FileStorage implements DiscussionStorageV1 {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'file';
  readonly dir: string;
  private readonly durable: boolean;
  private readonly lockTimeoutMs: number;
  private readonly staleLockMs: number;
  private readonly warn: (message: string) => void;
  /**
   * What this storage knows of each file: its text when it had `stamp`, and the last parse.
   * A load whose stat gives the same stamp uses the text without reading the file; an append
   * made here to a file it knew extends the text; a parse extends the last one.
   */
  private readonly known = new Map<string, KnownText>();
  /** Discussion ids already checked by {@link resolveInside}, with their paths. */
  private readonly paths = new Map<string, string>();

  constructor(options: FileStorageOptions) {
    this.dir = path.resolve(options.dir);
    this.durable = options.durable ?? true;
    this.lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
    this.staleLockMs = Math.max(2_000, options.staleLockMs ?? 5_000);
    this.warn = options.onWarning ?? (() => {});
  }

  /** The absolute path of a discussion id, refusing ids that leave the directory. */
  async pathOf(id: string): Promise<string> {
    let file = this.paths.get(id);
    if (file === undefined) {
      file = await resolveInside(this.dir, id);
      this.paths.set(id, file);
    }
    return file;
  }

  async create(name: string, markdown: string): Promise<{ id: string; location: string }> {
    const file = await this.pathOf(name);
    parseDiscussion(markdown, { file: name });
    await mkdir(path.dirname(file), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      const reason = error.code === 'EEXIST' || error.code === 'ENOTDIR' ? 'a file is in the way of the directory' : error.message;
      throw new StorageError(`could not create the directory ${this.location(path.dirname(file))}: ${reason}`, { cause: error });
    });
    // Write a temporary file, then hard-link it into place: the discussion appears whole or
    // not at all, and an existing file is never replaced.
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, markdown, { flag: 'wx' });
    try {
      await link(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new AlreadyExistsError(`${this.location(file)} already exists; choose another name`);
      }
      throw new StorageError(`could not create ${this.location(file)}: ${(error as Error).message}`, { cause: error });
    } finally {
      await rm(temporary, { force: true });
    }
    return { id: this.idOf(file), location: this.location(file) };
  }

  async load(id: string): Promise<LoadedDiscussion> {
    const file = await this.pathOf(id);
    // The stat comes before the read: if the file changes in between, the stamp is older
    // than the text, and the next load reads the file again.
    const stamp = this.stampOf(file);
    const known = this.known.get(file);
    const source = known?.stamp === stamp ? known.text : await this.readText(file);
    // A discussion read again after appends (the engine does, every round) is parsed only
    // where it grew; anything else (a rewrite, an edit) is parsed whole.
    const discussion = this.parsedOf(file, source, known?.stamp === stamp ? known : undefined);
    this.known.set(file, { stamp, text: source, parsed: { source, discussion }, added: '' });
    return { id: this.idOf(file), location: this.location(file), discussion, source };
  }

  async appendComment(id: string, comment: NewComment): Promise<void> {
    await this.appendRecord(id, renderComment(comment));
  }

  /** The records one after the other, appended as one record: one lock, one journal, one fsync. */
  async appendBatch(id: string, entries: readonly AppendEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.appendRecord(id, entries.map((entry) => ('comment' in entry ? renderComment(entry.comment) : renderEvents(entry.events))).join(''));
  }

  /** Appends the bytes of one section under the lock, with the journal that repairs a torn write. */
  private async appendRecord(id: string, section: string): Promise<void> {
    const file = await this.pathOf(id);
    const record = Buffer.from(section, 'utf8');
    await this.withLock(file, async () => {
      this.repair(file);
      if (!this.appendSealed(file, record, section)) {
        // The file does not end with a --- line (a seed-style file, or a comment written by
        // hand without its closing line): seal it with one atomic rewrite, then append.
        const { text, changed } = await this.sealedText(file);
        if (changed) await this.replace(file, text);
        if (!this.appendSealed(file, record, section)) {
          throw new StorageError(`${this.location(file)} could not be sealed for appending`);
        }
      }
    });
  }

  /**
   * Appends `record` (the bytes of `text`) if the file ends with a --- line; false otherwise.
   * The calls are synchronous: a dozen small system calls made under the lock, each of which
   * would otherwise be a round trip through libuv's thread pool costing more than the call
   * (see the README; the fsyncs are the only ones that take long, and they block the process
   * only when `durable` asks for them).
   */
  private appendSealed(file: string, record: Buffer, text: string): boolean {
    let fd: number;
    try {
      fd = openSync(file, 'r+');
    } catch (error) {
      throw (error as NodeJS.ErrnoException).code === 'ENOENT' ? new NotFoundError(`${this.location(file)} does not exist; create it with quorum new`) : error;
    }
    try {
      const before = fstatSync(fd, { bigint: true });
      const size = Number(before.size);
      const head = Buffer.alloc(Math.min(size, 64));
      readSync(fd, head, 0, head.length, 0);
      if (!parseHeaderBlock(head.toString('utf8'), head.length === size).discussion) {
        throw new InvalidInputError('this file is not a discussion (its first line is not <!-- DISCUSSION -->); nothing was written', {
          file: this.location(file),
          line: 1,
        });
      }
      const end = lastLine(fd, size);
      if (!isDelimiterLine(end.line)) return false;
      const bytes = end.endsWithNewline ? record : Buffer.concat([Buffer.from('\n'), record]);
      writeJournal(file, { version: 1, offset: size, length: bytes.length, sha256: sha256(bytes) }, this.durable);
      writeAll(fd, bytes, size);
      if (this.durable) fsyncSync(fd);
      removeJournal(file);
      const known = this.known.get(file);
      if (known?.stamp === stampOf(before)) {
        const added = end.endsWithNewline ? text : `\n${text}`;
        known.stamp = stampOf(fstatSync(fd, { bigint: true }));
        known.text += added;
        known.added += added;
      } else {
        this.known.delete(file);
      }
      return true;
    } finally {
      closeSync(fd);
    }
  }

  async appendEvents(
    id: string,
    events: readonly NewEvent[],
    headers: Readonly<Record<string, string>> = {},
    expected: Readonly<Record<string, string>> = {},
  ): Promise<void> {
    // Events without header changes (rounds, no-responses, failures) are plain appends, so
    // they cost their own size like comments do; a phase change rewrites atomically.
    if (Object.keys(headers).length === 0 && Object.keys(expected).length === 0) {
      await this.appendRecord(id, renderEvents(events));
      return;
    }
    await this.rewrite(id, ({ text, discussion }) => {
      for (const [key, value] of Object.entries(expected)) {
        const actual = findField(discussion.header.fields, key)?.value ?? null;
        if (actual !== value) {
          throw new ConflictError(`${id} changed while this command ran: its ${key} is now ${actual ?? '(none)'}, not ${value}; run the command again`);
        }
      }
      const updated = setHeaders(discussion, text, headers);
      const added = appendEvents(updated.discussion, events);
      return { text: updated.source + added.appended, discussion: added.discussion };
    });
  }

  async updateHeaders(id: string, headers: Readonly<Record<string, string>>): Promise<void> {
    await this.rewrite(id, ({ text, discussion }) => {
      const updated = setHeaders(discussion, text, headers);
      return { text: updated.source, discussion: updated.discussion };
    });
  }

  async list(): Promise<DiscussionSummary[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new StorageError(`could not read the discussions directory ${this.dir}: ${(error as Error).message}`);
    }
    const candidates = names.filter((n) => n.endsWith('.md') && !n.startsWith('.') && !n.endsWith('.sum.md')).sort();
    const limit = pLimit(LIST_CONCURRENCY);
    const summaries = await Promise.all(candidates.map((name) => limit(() => this.summarize(name))));
    return summaries.filter((s): s is DiscussionSummary => s !== null);
  }

  /** Header values and modification time of one file, reading only its header block. */
  private async summarize(name: string): Promise<DiscussionSummary | null> {
    const file = path.join(this.dir, name);
    let handle;
    try {
      handle = await open(file, 'r');
    } catch {
      return null;
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) return null;
      const { size, mtime } = info;
      let length = Math.min(size, HEADER_CHUNK);
      for (;;) {
        const buffer = Buffer.alloc(length);
        await handle.read(buffer, 0, length, 0);
        const header = parseHeaderBlock(buffer.toString('utf8'), length === size);
        if (!header.discussion) return null;
        if (header.complete) return { id: name, location: this.location(file), ...headerSummary(header.fields), updated: mtime.toISOString() };
        length = Math.min(size, length * 4);
      }
    } finally {
      await handle.close();
    }
  }

  /**
   * Reads, transforms and atomically replaces a discussion, under the lock. `change` gets the
   * sealed text and its parse and returns the new text and its parse (the format's operations
   * work both out without parsing the text again), which this storage then knows.
   */
  private async rewrite(id: string, change: (current: SealedText) => { text: string; discussion: Discussion }): Promise<void> {
    const file = await this.pathOf(id);
    await this.withLock(file, async () => {
      this.repair(file);
      const next = change(await this.sealedText(file));
      await this.replace(file, next.text);
      this.known.set(file, { stamp: this.stampOf(file), text: next.text, parsed: { source: next.text, discussion: next.discussion }, added: '' });
    });
  }

  /** The file's text and its parse, sealed: a comment written by hand without its closing --- is closed. */
  private async sealedText(file: string): Promise<SealedText> {
    // Text this storage knows (the file has not changed since) is neither read nor parsed again.
    const stamp = this.stampOf(file);
    const known = this.known.get(file);
    const unchanged = known?.stamp === stamp ? known : undefined;
    const source = unchanged?.text ?? (await this.readText(file));
    const discussion = this.parsedOf(file, source, unchanged);
    if (isSealed(discussion)) return { text: source, discussion, changed: false };
    const { text, dropped } = sealDiscussionText(source, 'close');
    if (dropped !== null) this.warn(`${this.location(file)}: removed an unfinished "Name:" line at the end (${JSON.stringify(dropped)})`);
    return { text, discussion: parseDiscussion(text, { file: this.location(file) }), changed: true };
  }

  /** Replaces the file atomically (temporary file + rename), keeping its mode. */
  private async replace(file: string, text: string): Promise<void> {
    this.known.delete(file);
    await writeFileAtomic(file, text, { fsync: this.durable });
  }

  /** The parse of `source`: the last one if the text is the same, extended if it grew, else a new one. */
  private parsedOf(file: string, source: string, unchanged: KnownText | undefined): Discussion {
    const known = unchanged ?? this.known.get(file);
    const parsed = known?.parsed;
    if (parsed === undefined) return parseDiscussion(source, { file: this.location(file) });
    if (parsed.source === source) return parsed.discussion;
    // Text this storage appended itself is parsed as such, without comparing the whole text.
    const extended =
      unchanged !== undefined && unchanged.added !== '' ? parseAppended(parsed.discussion, parsed.source, unchanged.added) : parseExtended(parsed.discussion, parsed.source, source);
    return extended ?? parseDiscussion(source, { file: this.location(file) });
  }

  /** What identifies one state of a file: inode, size and change times (a rewrite is a new inode, an append a new size). */
  private stampOf(file: string): string {
    try {
      return stampOf(statSync(file, { bigint: true }));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`${this.location(file)} does not exist`);
      throw new StorageError(`could not read ${this.location(file)}: ${(error as Error).message}`, { cause: error });
    }
  }

  private repair(file: string): void {
    const recovery: Recovery = recoverFromJournal(file);
    if (recovery.kind === 'rolled-back') {
      this.warn(`${this.location(file)}: removed an interrupted append (${recovery.bytes} bytes) left by a process that stopped mid-write`);
    }
  }

  private async readText(file: string): Promise<string> {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new NotFoundError(`${this.location(file)} does not exist`);
      }
      throw new StorageError(`could not read ${this.location(file)}: ${(error as Error).message}`, { cause: error });
    }
    return decodeUtf8(bytes, this.location(file));
  }

  /** Runs `action` holding the file's lock; the lock is not re-entrant, so actions never nest. */
  private async withLock<T>(file: string, action: () => Promise<T>): Promise<T> {
    let release: () => void | Promise<void>;
    try {
      // A free lock is taken synchronously (a mkdir and a stat, no thread-pool round trips);
      // a held one is waited for, retrying, without blocking the process.
      release = lockfile.lockSync(file, { stale: this.staleLockMs, realpath: false });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw this.lockError(file, error);
      try {
        release = await lockfile.lock(file, {
          stale: this.staleLockMs,
          realpath: false,
          retries: { retries: Math.ceil(this.lockTimeoutMs / 50), minTimeout: 10, maxTimeout: 50, factor: 1.2 },
        });
      } catch (waited) {
        throw this.lockError(file, waited);
      }
    }
    try {
      return await action();
    } finally {
      await release();
    }
  }

  private lockError(file: string, error: unknown): Error {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return new NotFoundError(`${this.location(file)} does not exist`);
    if (code === 'ELOCKED') {
      return new LockTimeoutError(`${this.location(file)} is locked by another process that has held it for more than ${this.lockTimeoutMs} ms; try again`);
    }
    return new StorageError(`could not lock ${this.location(file)}: ${(error as Error).message}`, { cause: error });
  }

  private idOf(file: string): string {
    return path.relative(this.dir, file).split(path.sep).join('/');
  }

  /** A path people can use: relative to the current directory when that is shorter. */
  private location(file: string): string {
    const relative = path.relative(process.cwd(), file);
    return relative.length < file.length && !relative.startsWith('..') ? relative : file;
  }
}

/** A discussion's text, sealed, with its parse; `changed` when sealing changed the file's text. */
interface SealedText {
  readonly text: string;
  readonly discussion: Discussion;
  readonly changed: boolean;
}

/** What this storage knows of a file's text (see {@link FileStorage.known}). */
interface KnownText {
  stamp: string;
  text: string;
  /** The last parse, of `text` before `added`. */
  parsed: { source: string; discussion: Discussion } | undefined;
  /** What this storage appended since that parse. */
  added: string;
}

function stampOf(info: BigIntStats): string {
  return `${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
}

/** The last line of the file (without `\n`) and whether the file ends with `\n`. */
function lastLine(fd: number, size: number): { line: string; endsWithNewline: boolean } {
  const length = Math.min(size, 256);
  const buffer = Buffer.alloc(length);
  readSync(fd, buffer, 0, length, size - length);
  const text = buffer.toString('latin1');
  const endsWithNewline = text.endsWith('\n');
  const body = endsWithNewline ? text.slice(0, -1) : text;
  const start = body.lastIndexOf('\n');
  return { line: start === -1 && length < size ? '' : body.slice(start + 1), endsWithNewline };
}

/** Writes all of `bytes` at `position` (a write may take fewer bytes than it was given). */
function writeAll(fd: number, bytes: Buffer, position: number): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
}

function decodeUtf8(bytes: Buffer, location: string): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  let line = 1;
  for (let start = 0; start < bytes.length; line++) {
    const end = bytes.indexOf(10, start);
    const stop = end === -1 ? bytes.length : end;
    if (!isUtf8(bytes.subarray(start, stop))) break;
    start = stop + 1;
  }
  throw new DiscussionParseError('this line is not valid UTF-8; save the file as UTF-8 and try again', { file: location, line });
}
