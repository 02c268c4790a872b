import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';
import {
  AlreadyExistsError,
  ConflictError,
  InvalidInputError,
  LockTimeoutError,
  NotFoundError,
  StorageError,
  type AppendEntry,
  type DiscussionStorageV1,
  type DiscussionSummary,
  type LoadedDiscussion,
  type NewComment,
  type NewEvent,
} from '@quorum/core';
import { appendEventsText, findField, headerSummary, parseDiscussion, parseHeaderBlock, renderComment, renderEvents, sealDiscussionText, setHeadersText } from '@quorum/format';

export interface SqliteStorageOptions {
  /** The database file (absolute, or relative to the current directory). */
  readonly file: string;
  /** fsync the new database file and its directory before a write returns (default true). */
  readonly durable?: boolean;
  /** How long to wait for another process's write lock (default 10 s). */
  readonly lockTimeoutMs?: number;
  /** Told about repairs (an unclosed comment at the end of a discussion closed or dropped). */
  readonly onWarning?: (message: string) => void;
}

/** The schema version this code writes, in `PRAGMA user_version`. */
export const SCHEMA_VERSION = 1;

let sqlModule: Promise<SqlJsStatic> | undefined;
/** sql.js's WebAssembly module, compiled once per process. */
function sql(): Promise<SqlJsStatic> {
  sqlModule ??= initSqlJs();
  return sqlModule;
}

/**
 * Discussions in one SQLite database file, through sql.js (SQLite compiled to WebAssembly,
 * nothing native to build). Each discussion is a row holding its exact Markdown, so
 * `quorum export` gives back the same bytes a file storage would hold.
 *
 * sql.js works on an in-memory copy of the database, so every write is: take the
 * cross-process lock, read the file, change the copy in one transaction, write the whole
 * database to a temporary file, fsync, rename it over the old one. A crash leaves the old
 * database or the new one, never a torn one; readers never need the lock. The price is that
 * a write costs the size of the database, not of the comment (see the README).
 */
export class SqliteStorage implements DiscussionStorageV1 {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'sqlite';
  readonly file: string;
  private readonly durable: boolean;
  private readonly lockTimeoutMs: number;
  private readonly warn: (message: string) => void;

  constructor(options: SqliteStorageOptions) {
    this.file = path.resolve(options.file);
    this.durable = options.durable ?? true;
    this.lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
    this.warn = options.onWarning ?? (() => {});
  }

  async create(name: string, markdown: string): Promise<{ id: string; location: string }> {
    const id = checkId(name);
    parseDiscussion(markdown, { file: id });
    await this.write((db) => {
      if (textOf(db, id) !== undefined) throw new AlreadyExistsError(`${this.location(id)} already exists; choose another name`);
      const now = new Date().toISOString();
      db.run('INSERT INTO discussions (id, markdown, created, updated) VALUES (?, ?, ?, ?)', [id, markdown, now, now]);
    });
    return { id, location: this.location(id) };
  }

  async load(id: string): Promise<LoadedDiscussion> {
    const db = await this.read();
    try {
      const source = textOf(db, checkId(id));
      if (source === undefined) throw new NotFoundError(`${this.location(id)} does not exist; quorum list shows the discussions`);
      return { id, location: this.location(id), discussion: parseDiscussion(source, { file: this.location(id) }), source };
    } finally {
      db.close();
    }
  }

  async appendComment(id: string, comment: NewComment): Promise<void> {
    await this.appendRecord(id, renderComment(comment));
  }

  /** The records one after the other in one transaction: all of them or none. */
  async appendBatch(id: string, entries: readonly AppendEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.appendRecord(id, entries.map((entry) => ('comment' in entry ? renderComment(entry.comment) : renderEvents(entry.events))).join(''));
  }

  async appendEvents(id: string, events: readonly NewEvent[], headers: Readonly<Record<string, string>> = {}, expected: Readonly<Record<string, string>> = {}): Promise<void> {
    await this.change(id, (text) => {
      const current = parseDiscussion(text);
      for (const [key, value] of Object.entries(expected)) {
        const actual = findField(current.header.fields, key)?.value ?? null;
        if (actual !== value) {
          throw new ConflictError(`${id} changed while this command ran: its ${key} is now ${actual ?? '(none)'}, not ${value}; run the command again`);
        }
      }
      const appended = appendEventsText(this.sealed(id, text), events);
      return Object.keys(headers).length === 0 ? appended : setHeadersText(appended, headers);
    });
  }

  async updateHeaders(id: string, headers: Readonly<Record<string, string>>): Promise<void> {
    await this.change(id, (text) => setHeadersText(text, headers));
  }

  async list(): Promise<DiscussionSummary[]> {
    const db = await this.read();
    try {
      const summaries: DiscussionSummary[] = [];
      const statement = db.prepare('SELECT id, markdown, updated FROM discussions ORDER BY id');
      try {
        while (statement.step()) {
          const [id, markdown, updated] = statement.get() as [string, string, string];
          const header = parseHeaderBlock(markdown, true);
          if (!header.discussion) continue;
          summaries.push({ id, location: this.location(id), ...headerSummary(header.fields), updated });
        }
      } finally {
        statement.free();
      }
      return summaries;
    } finally {
      db.close();
    }
  }

  /** Where a discussion lives, for people: `discussions.sqlite#add-rate-limiting.md`. */
  location(id: string): string {
    const relative = path.relative(process.cwd(), this.file);
    const shown = relative.length < this.file.length && !relative.startsWith('..') ? relative : this.file;
    return `${shown}#${id}`;
  }

  /** Appends one rendered record to a sealed discussion (an unclosed tail is closed first). */
  private async appendRecord(id: string, record: string): Promise<void> {
    await this.change(id, (text) => {
      const sealed = this.sealed(id, text);
      return sealed.endsWith('\n') ? sealed + record : `${sealed}\n${record}`;
    });
  }

  /** The text ending with a --- line: a comment written without its closing line is closed. */
  private sealed(id: string, text: string): string {
    const { text: sealed, dropped } = sealDiscussionText(text, 'close');
    if (dropped !== null) this.warn(`${this.location(id)}: removed an unfinished "Name:" line at the end (${JSON.stringify(dropped)})`);
    return sealed;
  }

  /** Reads, transforms and stores one discussion's Markdown under the lock; the result must parse. */
  private async change(id: string, transform: (text: string) => string): Promise<void> {
    checkId(id);
    await this.write((db) => {
      const text = textOf(db, id);
      if (text === undefined) throw new NotFoundError(`${this.location(id)} does not exist; quorum list shows the discussions`);
      parseDiscussion(text, { file: this.location(id) });
      const next = transform(text);
      parseDiscussion(next, { file: this.location(id) });
      db.run('UPDATE discussions SET markdown = ?, updated = ? WHERE id = ?', [next, new Date().toISOString(), id]);
    });
  }

  /** The database as the file holds it now (an empty one when there is no file yet). */
  private async read(): Promise<Database> {
    const SQL = await sql();
    let bytes: Buffer | undefined;
    try {
      bytes = await readFile(this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new StorageError(`could not read ${this.display()}: ${(error as Error).message}`, { cause: error });
    }
    let db: Database;
    try {
      db = bytes === undefined ? new SQL.Database() : new SQL.Database(bytes);
      const version = Number(db.exec('PRAGMA user_version')[0]?.values[0]?.[0] ?? 0);
      if (version > SCHEMA_VERSION) {
        db.close();
        throw new StorageError(`${this.display()} was written by a newer quorum-plugin-sqlite-storage (schema ${version}, this one knows ${SCHEMA_VERSION}); upgrade the plugin`);
      }
      if (version < SCHEMA_VERSION) {
        db.run(`CREATE TABLE IF NOT EXISTS discussions (id TEXT PRIMARY KEY, markdown TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL); PRAGMA user_version = ${SCHEMA_VERSION};`);
      }
    } catch (error) {
      if (error instanceof StorageError) throw error;
      throw new StorageError(`${this.display()} is not a SQLite database quorum can read (${(error as Error).message}); point storage.options.file at another file`, { cause: error });
    }
    return db;
  }

  /** Runs `change` on the database in one transaction under the lock, then replaces the file atomically. */
  private async write(change: (db: Database) => void): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const release = await this.lock();
    try {
      const db = await this.read();
      try {
        db.run('BEGIN');
        try {
          change(db);
          db.run('COMMIT');
        } catch (error) {
          db.run('ROLLBACK');
          throw error;
        }
        await this.replace(db.export());
      } finally {
        db.close();
      }
    } finally {
      await release();
    }
  }

  /** Temporary file, fsync, rename over the database, fsync the directory. */
  private async replace(bytes: Uint8Array): Promise<void> {
    const temporary = `${this.file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      const handle = await open(temporary, 'wx');
      try {
        await handle.writeFile(bytes);
        if (this.durable) await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, this.file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw new StorageError(`could not write ${this.display()}: ${(error as Error).message}`, { cause: error });
    }
    if (this.durable) {
      const directory = await open(path.dirname(this.file), 'r');
      try {
        await directory.sync();
      } catch {
        // Some file systems cannot fsync a directory; the rename is still atomic.
      } finally {
        await directory.close();
      }
    }
  }

  private async lock(): Promise<() => Promise<void>> {
    try {
      return await lockfile.lock(this.file, {
        realpath: false,
        lockfilePath: `${this.file}.lock`,
        stale: 5_000,
        retries: { retries: Math.ceil(this.lockTimeoutMs / 50), minTimeout: 10, maxTimeout: 50, factor: 1.2 },
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
        throw new LockTimeoutError(`${this.display()} is locked by another process that has held it for more than ${this.lockTimeoutMs} ms; try again`);
      }
      throw new StorageError(`could not lock ${this.display()}: ${(error as Error).message}`, { cause: error });
    }
  }

  private display(): string {
    return this.location('').slice(0, -1);
  }
}

function textOf(db: Database, id: string): string | undefined {
  const statement = db.prepare('SELECT markdown FROM discussions WHERE id = ?', [id]);
  try {
    return statement.step() ? (statement.get()[0] as string) : undefined;
  } finally {
    statement.free();
  }
}

/** A discussion id: a relative name such as `add-rate-limiting.md`, with no `..`, `\` or control characters. */
function checkId(id: string): string {
  if (id === '' || id.startsWith('/') || id.split('/').some((part) => part === '' || part === '.' || part === '..') || /[\\\u0000-\u001f]/.test(id)) {
    throw new InvalidInputError(`"${id}" is not a discussion id the sqlite storage accepts; use a relative name such as add-rate-limiting.md`);
  }
  return id;
}
