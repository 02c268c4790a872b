import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AlreadyExistsError, NotFoundError, type VoteValue } from '@quorum/core';
import type { CommentRequest, CreateDiscussionRequest, DiscussionState, RunDiscussionOptions, RunReport, TemplateFacts, WorkflowHost } from '../workflow-host.js';

/** One round's effect on a fake discussion: where it moves and what it adds. */
export interface FakeRound {
  readonly phase: string;
  readonly status?: string;
  readonly final?: boolean;
  readonly votes?: Partial<Record<VoteValue, number>>;
  readonly consensus?: VoteValue | null;
  readonly markers?: Record<string, number>;
  readonly decisions?: readonly string[];
  readonly finalDesign?: string | null;
}

/** A fake template: its phases, and the rounds a discussion made from it goes through. */
export interface FakeTemplate {
  readonly initial: string;
  readonly rounds: readonly FakeRound[];
}

/** What the fake keeps in a discussion file (as JSON), so a new host (a rerun) finds it as it was. */
interface StoredDiscussion {
  readonly fake: 1;
  readonly title: string;
  readonly template: string | null;
  readonly context: string | null;
  readonly participants: readonly string[];
  readonly round: number;
  readonly comments: readonly CommentRequest[];
}

export const TEMPLATES: Readonly<Record<string, FakeTemplate>> = {
  review: {
    initial: 'review',
    rounds: [
      { phase: 'verdict', markers: { concern: 1 } },
      { phase: 'approved', status: 'APPROVED', final: true, votes: { READY: 3 }, consensus: 'READY', markers: { concern: 1, decision: 1 }, decisions: ['Ship it behind a flag.'] },
    ],
  },
  strict: {
    initial: 'review',
    rounds: [
      { phase: 'verdict' },
      { phase: 'rejected', status: 'REJECTED', final: true, votes: { REJECT: 2, READY: 1 }, consensus: 'REJECT' },
    ],
  },
  debate: {
    initial: 'opening',
    rounds: [
      { phase: 'rebuttal' },
      { phase: 'final_review', votes: { READY: 1, CHANGES: 1 }, markers: { final_design: 1 }, finalDesign: 'FINAL DESIGN:\nOne service, one database.' },
      { phase: 'final_review', votes: { READY: 2 }, consensus: 'READY', markers: { final_design: 2 }, finalDesign: 'FINAL DESIGN:\nOne service, one database.' },
      { phase: 'accepted', status: 'ACCEPTED', final: true, markers: { final_design: 2 }, finalDesign: 'FINAL DESIGN:\nOne service, one database.' },
    ],
  },
};

/**
 * A host that runs no engine: each discussion follows its fake template one state per
 * round, and keeps its state in its file as JSON. Counts every call, tracks how many runs are
 * in flight at once, and lets a test fail a given call (a crash half-way through).
 */
export class FakeHost implements WorkflowHost {
  readonly calls = { create: [] as string[], run: [] as string[], comment: [] as string[], read: 0 };
  running = 0;
  maxRunning = 0;
  /** Called before each round; throw to simulate a crash. */
  beforeRound: ((file: string, round: number) => void | Promise<void>) | undefined;
  /** Called after a comment is written; throw to simulate a crash right after the write. */
  afterComment: ((file: string) => void) | undefined;
  /** How long a run takes, so parallel runs overlap. */
  runDelayMs = 0;
  stdin = '';
  /** Set by tests of `export: files`; undefined like a host that cannot write files. */
  writeFiles: WorkflowHost['writeFiles'];

  constructor(private readonly templates: Readonly<Record<string, FakeTemplate>> = TEMPLATES) {}

  async createDiscussion(request: CreateDiscussionRequest): Promise<DiscussionState> {
    this.calls.create.push(request.file);
    if (request.template !== undefined && this.templates[request.template] === undefined) throw new NotFoundError(`unknown template "${request.template}"`);
    if (await readFile(request.file).then(() => true, () => false)) throw new AlreadyExistsError(`${request.file} already exists`);
    await mkdir(path.dirname(request.file), { recursive: true });
    await this.write(request.file, {
      fake: 1,
      title: request.title,
      template: request.template ?? null,
      context: request.context ?? null,
      participants: request.participants ?? [],
      round: 0,
      comments: [],
    });
    return this.readDiscussion(request.file);
  }

  async readDiscussion(file: string): Promise<DiscussionState> {
    this.calls.read++;
    const stored = await this.load(file);
    const template = stored.template === null ? undefined : this.templates[stored.template];
    const round: FakeRound = stored.round === 0 || template === undefined ? { phase: template?.initial ?? 'discussion' } : template.rounds[stored.round - 1]!;
    return {
      file,
      title: stored.title,
      template: stored.template,
      phase: round.phase,
      status: round.status ?? 'OPEN',
      final: round.final ?? false,
      votes: { READY: round.votes?.READY ?? 0, CHANGES: round.votes?.CHANGES ?? 0, REJECT: round.votes?.REJECT ?? 0 },
      consensus: round.consensus ?? null,
      markers: round.markers ?? {},
      openQuestions: 0,
      decisions: round.decisions ?? [],
      finalDesign: round.finalDesign ?? null,
      comments: stored.comments.length + stored.round,
    };
  }

  async runDiscussion(file: string, options: RunDiscussionOptions): Promise<RunReport> {
    this.calls.run.push(file);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      let rounds = 0;
      for (;;) {
        const stored = await this.load(file);
        const template = this.templates[stored.template ?? ''];
        if (template === undefined) throw new NotFoundError(`${file} has no template`);
        if (stored.round > 0 && template.rounds[stored.round - 1]!.final) return { outcome: 'finished', rounds, message: 'the discussion reached its end' };
        if (options.maxTurns !== undefined && rounds >= options.maxTurns) return { outcome: 'turn-cap', rounds, message: `${rounds} rounds` };
        if (options.signal?.aborted) return { outcome: 'cancelled', rounds, message: 'stopped' };
        await this.beforeRound?.(file, stored.round + 1);
        if (this.runDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.runDelayMs));
        await this.write(file, { ...stored, round: stored.round + 1 });
        rounds++;
      }
    } finally {
      this.running--;
    }
  }

  async addComment(file: string, comment: CommentRequest): Promise<void> {
    this.calls.comment.push(file);
    const stored = await this.load(file);
    await this.write(file, { ...stored, comments: [...stored.comments, comment] });
    this.afterComment?.(file);
  }

  async hasComment(file: string, comment: CommentRequest): Promise<boolean> {
    const stored = await this.load(file);
    return stored.comments.some((c) => c.author === comment.author && c.text === comment.text && c.vote === comment.vote);
  }

  async defaultAuthor(): Promise<string> {
    return 'Rob';
  }

  async readStdin(): Promise<string> {
    return this.stdin;
  }

  async describeTemplate(name: string): Promise<TemplateFacts> {
    const template = this.templates[name];
    if (template === undefined) throw new NotFoundError(`unknown template "${name}"`);
    return { id: name, phases: [...new Set([template.initial, ...template.rounds.map((round) => round.phase)])] };
  }

  /** The comments of a discussion, as written. */
  async comments(file: string): Promise<readonly CommentRequest[]> {
    return (await this.load(file)).comments;
  }

  private async load(file: string): Promise<StoredDiscussion> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      throw new NotFoundError(`${file} does not exist`);
    }
    return JSON.parse(text) as StoredDiscussion;
  }

  private async write(file: string, stored: StoredDiscussion): Promise<void> {
    await writeFile(file, `${JSON.stringify(stored)}\n`);
  }
}

const made: string[] = [];

/** A fresh temporary folder holding `files`; removed by {@link removeTemporaryFolders}. */
export async function temporaryFolder(files: Readonly<Record<string, string>> = {}): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(tmpdir(), 'quorum-runner-')));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

export async function removeTemporaryFolders(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}
