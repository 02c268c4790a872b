import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listProjects, PROJECTS_INDEX, renderProjectsIndex, writeProjectsIndex } from '../src/debate/projects-index.js';
import type { SessionRecord } from '../src/debate/session-record.js';

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function projectsRoot(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'quorum-projects-'));
  made.push(dir);
  return dir;
}

function record(fields: Partial<SessionRecord>): string {
  return JSON.stringify({ format: 'quorum-debate-session', version: 1, topic: 'T', created: '2026-01-01T09:00:00.000Z', complete: true, status: 'ACCEPTED', accepted: true, outcome: 'finished', ...fields });
}

async function session(root: string, folder: string, files: Record<string, string>): Promise<void> {
  await mkdir(path.join(root, folder), { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(root, folder, name), text);
}

describe('the projects index', () => {
  it('lists every session folder newest first, with incomplete ones marked, from the folders alone', async () => {
    const root = await projectsRoot();
    await session(root, '20260101_090000_url-shortener', {
      'session.json': record({ topic: 'Design a URL shortener', created: '2026-01-01T09:00:00.000Z' }),
      'DESIGN.md': '# x\n',
      'diagram.mmd': 'flowchart LR\n',
      'diagram.svg': '<svg></svg>\n',
    });
    await session(root, '20260102_090000_rate-limiter', {
      'session.json': record({ topic: 'Design a rate | limiter', created: '2026-01-02T09:00:00.000Z', complete: true, status: 'UNRESOLVED', accepted: false, outcome: 'finished' }),
      'diagram.mmd': 'flowchart LR\n',
    });
    await session(root, '20260103_090000_ledger', {
      'session.json': record({ topic: 'Design a ledger', created: '2026-01-03T09:00:00.000Z', complete: false, status: null, accepted: false, outcome: 'failed' }),
      'conversation.md': '<!-- DISCUSSION -->\n<!-- Title: Design a ledger -->\n',
    });
    // Killed before session.json was written: the conversation's title and the folder's date stand in.
    await session(root, '20260104_101500_chat', { 'conversation.md': '<!-- DISCUSSION -->\n<!-- Title: Design a chat app -->\n' });
    await mkdir(path.join(root, 'notes'));
    await writeFile(path.join(root, 'README.md'), 'not a session\n');

    const entries = await writeProjectsIndex(root);
    expect(entries.map((entry) => [entry.folder, entry.topic, entry.complete, entry.status, entry.outcome, entry.diagram])).toEqual([
      ['20260104_101500_chat', 'Design a chat app', false, null, null, null],
      ['20260103_090000_ledger', 'Design a ledger', false, null, 'failed', null],
      ['20260102_090000_rate-limiter', 'Design a rate | limiter', true, 'UNRESOLVED', 'finished', 'diagram.mmd'],
      ['20260101_090000_url-shortener', 'Design a URL shortener', true, 'ACCEPTED', 'finished', 'diagram.svg'],
    ]);
    expect(entries[0]!.created).toBe('2026-01-04T10:15:00.000Z');

    const index = await readFile(path.join(root, PROJECTS_INDEX), 'utf8');
    expect(index).toContain('## Latest: Design a URL shortener');
    expect(index).toContain('![Diagram](20260101_090000_url-shortener/diagram.svg)');
    expect(index).toContain('| 2026-01-04 10:15 UTC | Design a chat app | incomplete | [20260104_101500_chat](20260104_101500_chat/) | — |');
    expect(index).toContain('| 2026-01-03 09:00 UTC | Design a ledger | incomplete (failed) |');
    expect(index).toContain('| 2026-01-02 09:00 UTC | Design a rate \\| limiter | UNRESOLVED | [20260102_090000_rate-limiter](20260102_090000_rate-limiter/) | [diagram (Mermaid)](20260102_090000_rate-limiter/diagram.mmd) |');
    expect(index).toContain('| 2026-01-01 09:00 UTC | [Design a URL shortener](20260101_090000_url-shortener/DESIGN.md) | ACCEPTED |');
    expect(index).not.toContain('notes');

    // Written again from the folders: a removed session disappears, nothing else changes.
    await rm(path.join(root, '20260104_101500_chat'), { recursive: true });
    await writeProjectsIndex(root);
    const again = await readFile(path.join(root, PROJECTS_INDEX), 'utf8');
    expect(again).toBe(renderProjectsIndex(await listProjects(root)));
    expect(again).not.toContain('chat');
  });

  it('says how to start when there are no sessions, and an absent root has none', async () => {
    const root = await projectsRoot();
    expect(await listProjects(path.join(root, 'missing'))).toEqual([]);
    expect(renderProjectsIndex([])).toContain('No sessions yet. Start one with `quorum debate "Design a URL shortener"`.');
  });

  it('keeps a topic with Markdown in it from breaking the table or its link', async () => {
    const root = await projectsRoot();
    await session(root, '20260101_090000_odd', { 'session.json': record({ topic: 'Design [x](y) | z' }), 'DESIGN.md': '# x\n' });
    const index = renderProjectsIndex(await listProjects(root));
    expect(index).toContain('[Design \\[x\\](y) \\| z](20260101_090000_odd/DESIGN.md)');
  });
});
