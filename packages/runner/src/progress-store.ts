import { readFile } from 'node:fs/promises';
import { StorageError } from '@quorum/core';
import type { Value } from './expression.js';
import { writeFileAtomic } from './write-file-atomic.js';

/** The file in a run folder that records which steps have finished. */
export const PROGRESS_FILE = 'progress.json';

/** One step's record, by its key (`review`, `topics[2].debate`). */
export type StepRecord =
  | {
      readonly status: 'done';
      readonly kind: string;
      /** What `${{ steps.<id>.… }}` reads. */
      readonly output: { readonly [key: string]: Value };
      /** Where the step sits, for ordering (step indexes and item indexes, outermost first). */
      readonly position: readonly number[];
      /** Discussion files this step created or opened, and those of a called workflow. */
      readonly discussions?: readonly string[];
      /** The model a discussion step asks its run steps to use. */
      readonly provider?: string;
      /** The models per participant a discussion step asks its run steps to use. */
      readonly providers?: Readonly<Record<string, string>>;
    }
  | {
      readonly status: 'started';
      readonly kind: string;
      readonly position: readonly number[];
      /** A run step's rounds so far (so max_turns holds over resumed runs). */
      readonly rounds?: number;
      /** A foreach step's items, fixed when it first started (a glob's matches may change). */
      readonly items?: readonly string[];
      /** A when step's branch. */
      readonly branch?: 'then' | 'else';
      /** A comment step's comment, written before it is appended (so a resumed step can tell whether it was). */
      readonly comment?: { readonly author: string; readonly text: string; readonly vote: string | null };
    };

/** The whole progress file. */
export interface Progress {
  readonly version: 1;
  readonly workflow: string;
  readonly name: string;
  readonly vars: Readonly<Record<string, string | readonly string[]>>;
  /** A hash of the definition, to notice a workflow that changed between runs. */
  readonly fingerprint: string;
  readonly status: 'running' | 'succeeded' | 'failed';
  /** Why it failed, when it did. */
  readonly message?: string;
  readonly steps: Readonly<Record<string, StepRecord>>;
}

/**
 * The progress of one run, kept in memory and written to `<run folder>/progress.json`
 * atomically after every change, one write after the other (steps of a parallel foreach
 * finish at the same time). A run killed at any moment leaves the last complete record.
 */
export class ProgressStore {
  private writes: Promise<void> = Promise.resolve();

  private constructor(
    readonly file: string,
    private progress: Progress,
  ) {}

  /** The run's progress: what the file holds, or a fresh record when there is none yet. */
  static async open(file: string, fresh: Omit<Progress, 'steps' | 'status'>): Promise<{ store: ProgressStore; resumed: Progress | undefined }> {
    const existing = await readProgress(file);
    const progress: Progress = existing === undefined ? { ...fresh, status: 'running', steps: {} } : { ...existing, status: 'running' };
    return { store: new ProgressStore(file, progress), resumed: existing };
  }

  get(key: string): StepRecord | undefined {
    return this.progress.steps[key];
  }

  records(): Readonly<Record<string, StepRecord>> {
    return this.progress.steps;
  }

  set(key: string, record: StepRecord): Promise<void> {
    this.progress = { ...this.progress, steps: { ...this.progress.steps, [key]: record } };
    return this.save();
  }

  finish(status: 'succeeded' | 'failed', message?: string): Promise<void> {
    const { message: _previous, ...rest } = this.progress;
    this.progress = { ...rest, status, ...(message === undefined ? {} : { message }) };
    return this.save();
  }

  private save(): Promise<void> {
    const text = `${JSON.stringify(this.progress, null, 2)}\n`;
    this.writes = this.writes.then(() => writeFileAtomic(this.file, text));
    return this.writes;
  }
}

/** The progress file of a run folder, or undefined when the run has not started. */
export async function readProgress(file: string): Promise<Progress | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StorageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    const progress = JSON.parse(text) as Progress;
    if (progress.version !== 1 || typeof progress.steps !== 'object' || progress.steps === null) throw new Error('not a version 1 progress file');
    return progress;
  } catch (error) {
    throw new StorageError(`${file} is not a progress file Quorum wrote (${(error as Error).message}); delete the run folder to start the workflow over`, {
      cause: error,
    });
  }
}
