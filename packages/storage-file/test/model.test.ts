import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { CommentSection, NewComment } from '@quorum/core';
import { discussionView, renderComment } from '@quorum/format';
import { recoverFromJournal, sha256, writeJournal } from '../src/append-journal.js';
import { FileStorage } from '../src/index.js';
import { newDiscussionText, temporaryDirectory } from './helpers.js';

/** What the discussion should read as: its comments, phase and status. */
interface Model {
  comments: Array<[string, string, string | null]>;
  phase: string;
  status: string;
}

interface Real {
  readonly storage: FileStorage;
  /** Another process writing the same file, unknown to `storage`. */
  readonly other: FileStorage;
  readonly id: string;
  readonly file: string;
}

async function check(real: Real, model: Model): Promise<void> {
  const { discussion } = await real.storage.load(real.id);
  const view = discussionView(discussion);
  expect(view.comments.map((c: CommentSection) => [c.author, c.text, c.vote])).toEqual(model.comments);
  expect([view.phase, view.status]).toEqual([model.phase, model.status]);
}

class Append implements fc.AsyncCommand<Model, Real> {
  constructor(readonly comment: NewComment) {}
  check = () => true;
  async run(model: Model, real: Real) {
    await real.storage.appendComment(real.id, this.comment);
    model.comments.push([this.comment.author, this.comment.text, this.comment.vote ?? null]);
    await check(real, model);
  }
  toString = () => `append(${JSON.stringify(this.comment)})`;
}

/** Several comments as one write, by this process or by another one. */
class AppendBatch implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly comments: readonly NewComment[],
    readonly byOther: boolean,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    await (this.byOther ? real.other : real.storage).appendBatch(real.id, this.comments.map((comment) => ({ comment })));
    for (const comment of this.comments) model.comments.push([comment.author, comment.text, comment.vote ?? null]);
    await check(real, model);
  }
  toString = () => `appendBatch(${this.byOther ? 'other, ' : ''}${JSON.stringify(this.comments)})`;
}

class ChangePhase implements fc.AsyncCommand<Model, Real> {
  constructor(readonly to: string) {}
  check = () => true;
  async run(model: Model, real: Real) {
    await real.storage.appendEvents(real.id, [{ kind: 'phase-transition', from: model.phase, to: this.to }, { kind: 'vote-reset', phase: this.to }], { Phase: this.to });
    model.phase = this.to;
    await check(real, model);
  }
  toString = () => `phase(${this.to})`;
}

class SetStatus implements fc.AsyncCommand<Model, Real> {
  constructor(readonly status: string) {}
  check = () => true;
  async run(model: Model, real: Real) {
    await real.storage.updateHeaders(real.id, { Status: this.status });
    model.status = this.status;
    await check(real, model);
  }
  toString = () => `status(${this.status})`;
}

/** A writer that dies after writing `fraction` of its append: the model does not change. */
class CrashedAppend implements fc.AsyncCommand<Model, Real> {
  constructor(readonly comment: NewComment, readonly fraction: number) {}
  check = () => true;
  async run(model: Model, real: Real) {
    // Like every writer, the crashed one first repaired what an earlier crash left.
    recoverFromJournal(real.file);
    const before = await readFile(real.file);
    const bytes = Buffer.from(renderComment(this.comment));
    const cut = Math.min(bytes.length - 2, Math.floor(this.fraction * bytes.length));
    writeJournal(real.file, { version: 1, offset: before.length, length: bytes.length, sha256: sha256(bytes) }, false);
    await appendFile(real.file, bytes.subarray(0, Math.max(0, cut)));
    await check(real, model);
  }
  toString = () => `crashedAppend(${JSON.stringify(this.comment.author)}, ${this.fraction.toFixed(2)})`;
}

const commentArb = fc.record({
  author: fc.constantFrom('AI-Architect', 'Rob', 'AI-Security'),
  text: fc.array(fc.oneof(fc.constantFrom('---', 'Name: Eve', 'VOTE: READY', '', '<!-- Status: HACKED -->'), fc.string({ maxLength: 20 })), { maxLength: 5 }).map((lines) => lines.join('\n')),
  vote: fc.constantFrom(null, 'READY', 'CHANGES', 'REJECT'),
});

it('any sequence of appends, phase changes, status changes and crashed appends reads as the model says', async () => {
  const dir = await temporaryDirectory();
  const commands = [
    commentArb.map((c) => new Append(c)),
    fc.constantFrom('detailed_review', 'consensus_vote', 'initial_feedback').map((to) => new ChangePhase(to)),
    fc.constantFrom('OPEN', 'ACCEPTED', 'CLOSED').map((s) => new SetStatus(s)),
    fc.tuple(commentArb, fc.integer({ min: 0, max: 1000 })).map(([c, f]) => new CrashedAppend(c, f / 1000)),
    fc.tuple(fc.array(commentArb, { maxLength: 3 }), fc.boolean()).map(([c, other]) => new AppendBatch(c, other)),
  ];
  let run = 0;
  await fc.assert(
    fc.asyncProperty(fc.commands(commands, { maxCommands: 25 }), async (cmds) => {
      const storage = new FileStorage({ dir, durable: false });
      const id = `model-${run++}.md`;
      await storage.create(id, newDiscussionText());
      const real = { storage, other: new FileStorage({ dir, durable: false }), id, file: path.join(dir, id) };
      await fc.asyncModelRun(() => ({ model: { comments: [], phase: 'initial_feedback', status: 'OPEN' }, real }), cmds);
    }),
    { numRuns: 60 },
  );
});
