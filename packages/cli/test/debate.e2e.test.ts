import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDiscussion } from '@quorum/format';
import { describe, expect, it } from 'vitest';
import { dailyTopic, loadTopics } from '../src/debate/topics.js';
import { runQuorum, temporaryProject } from './run-quorum.js';

const SIX_FILES = ['DESIGN.md', 'conversation.md', 'design_document.json', 'diagram.mmd', 'diagram.svg', 'session.json'];

async function json(file: string): Promise<Record<string, any>> {
  return JSON.parse(await readFile(file, 'utf8'));
}

describe('quorum debate, quorum projects and quorum topic', () => {
  it('runs a debate offline into a session folder with its six files and the index, then a second one with other personas that converges in the closing phase', async () => {
    const cwd = await temporaryProject();
    const result = await runQuorum(['debate', 'Design a URL shortener', '--max-turns', '8'], { cwd });
    expect(result.stderr).not.toMatch(/^quorum: /m);
    expect(result.code).toBe(0);
    const folder = path.join(cwd, 'projects', '20261121_090000_design-a-url-shortener');
    const files = (await readdir(folder, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name).sort();
    expect(files).toEqual(SIX_FILES);

    const session = await json(path.join(folder, 'session.json'));
    const conversation = parseDiscussion(await readFile(path.join(folder, 'conversation.md'), 'utf8'));
    const status = conversation.header.fields.find((field) => field.key === 'Status')!.value;
    expect(['ACCEPTED', 'UNRESOLVED']).toContain(status);
    expect(session).toMatchObject({ topic: 'Design a URL shortener', status, accepted: status === 'ACCEPTED', complete: true, created: '2026-11-21T09:00:00.000Z' });
    expect(session.settings).toMatchObject({ maxTurns: 8, intensity: 5, diagramDetail: 7, personas: { dreamer: 'dreamer', costCutter: 'cost-cutter' } });
    expect(session.usage.tokens).toBeGreaterThan(0);
    expect(session.participants.map((p: { name: string; models: string[] }) => [p.name, p.models])).toEqual([
      ['AI-Dreamer', ['mock:simulated']],
      ['AI-Cost-Cutter', ['mock:simulated']],
      ['AI-Visualizer', ['mock:simulated']],
    ]);
    expect(result.stdout).toContain(`projects/20261121_090000_design-a-url-shortener: ${status}; `);

    const document = await json(path.join(folder, 'design_document.json'));
    expect(document).toMatchObject({ topic: 'Design a URL shortener', status, accepted: status === 'ACCEPTED' });
    expect(document.finalDesign.sections.map((s: { key: string }) => s.key)).toEqual(['components', 'data-flows', 'storage', 'trade-offs']);
    expect(document.components.length).toBeGreaterThanOrEqual(2);
    const design = await readFile(path.join(folder, 'DESIGN.md'), 'utf8');
    expect(design).toMatch(/^# Design a URL shortener\n/);
    expect(design).toContain('### Architecture components');
    expect(design).toContain('![Architecture diagram](diagram.svg)');
    expect(await readFile(path.join(folder, 'diagram.mmd'), 'utf8')).toMatch(/^%% .*\nflowchart LR\n/);
    expect(await readFile(path.join(folder, 'diagram.svg'), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(await readFile(path.join(cwd, 'projects', 'PROJECTS_INDEX.md'), 'utf8')).toContain(
      `| 2026-11-21 09:00 UTC | [Design a URL shortener](20261121_090000_design-a-url-shortener/DESIGN.md) | ${status} |`,
    );

    // Two turns are fewer than the four a FINAL DESIGN needs: the closing phase settles it.
    const second = await runQuorum(['debate', '--random', '--seed', 'e2e', '--max-turns', '2', '--personas', 'architect,pragmatist', '--provider', 'architect=mock', '--diagram-detail', '10', '--json'], { cwd });
    expect(second.code).toBe(0);
    const summary = JSON.parse(second.stdout);
    expect(['ACCEPTED', 'UNRESOLVED']).toContain(summary.status);
    expect(second.stderr).toContain(`topic: ${summary.topic}`);
    const secondFolder = path.join(cwd, summary.folder);
    const secondSession = await json(path.join(secondFolder, 'session.json'));
    expect(secondSession.runs.map((run: { stage: string; outcome: string }) => [run.stage, run.outcome])).toEqual([
      ['debate', 'turn-cap'],
      ['closing', 'finished'],
    ]);
    expect(secondSession.settings).toMatchObject({ topicSource: 'random', seed: 'e2e', personaProviders: { architect: 'mock' } });
    expect(secondSession.participants.slice(0, 2).map((p: { name: string; side: string }) => [p.name, p.side])).toEqual([
      ['AI-Architect', 'dreamer'],
      ['AI-Pragmatist', 'cost-cutter'],
    ]);
    expect((await stat(path.join(secondFolder, 'design-debate.yaml'))).isFile()).toBe(true);
    expect(await readFile(path.join(secondFolder, 'diagram.mmd'), 'utf8')).toContain('subgraph ');

    const list = await runQuorum(['projects', 'list', '--json'], { cwd });
    expect(list.code).toBe(0);
    const entries = JSON.parse(list.stdout) as { topic: string; status: string; complete: boolean; path: string; diagram: string }[];
    expect(entries.map((entry) => entry.topic).sort()).toEqual([summary.topic, 'Design a URL shortener'].sort());
    expect(entries.every((entry) => entry.complete && entry.diagram.endsWith('diagram.svg'))).toBe(true);
    expect(entries.find((entry) => entry.topic === 'Design a URL shortener')!.path).toBe('projects/20261121_090000_design-a-url-shortener');
  });

  it('refuses bad options in one sentence with exit code 2, before creating anything', async () => {
    const cwd = await temporaryProject();
    const bad = await runQuorum(['debate', 'Design a URL shortener', '--intensity', '11'], { cwd });
    expect(bad).toMatchObject({ code: 2, stdout: '', stderr: 'quorum: --intensity must be a whole number from 0 to 10, not "11"\n' });
    const unknown = await runQuorum(['debate', 'Design a URL shortener', '--personas', 'dreamer,cost-cuter'], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('quorum: --personas: unknown participant "cost-cuter" (did you mean "cost-cutter"?); see quorum participants list\n');
    const provider = await runQuorum(['debate', 'Design a URL shortener', '--provider', 'dreamer=opnai'], { cwd });
    expect(provider.code).toBe(2);
    expect(provider.stderr).toMatch(/^quorum: --provider dreamer=opnai: no plugin provides "opnai" \(did you mean "openai"\?\)/);
    await expect(stat(path.join(cwd, 'projects'))).rejects.toThrow();
  });

  it('moves a debate whose time is up into the closing phase, and marks a session that fails part-way as incomplete', async () => {
    const cwd = await temporaryProject();
    await writeFile(path.join(cwd, 'quorum.config.yaml'), 'providers:\n  default: mock\n  mock: { latencyMs: 200 }\n');
    const timed = await runQuorum(['debate', 'Design a chat app', '--max-duration', '1s', '--min-turns', '20', '--json'], { cwd });
    expect(timed.code).toBe(0);
    expect(timed.stderr).toContain('the debate reached its time limit; phase ');
    const session = await json(path.join(cwd, JSON.parse(timed.stdout).folder, 'session.json'));
    expect(session.runs.map((run: { stage: string }) => run.stage)).toEqual(['debate', 'closing']);
    expect(session.runs[0].rounds).toBeLessThan(20);
    expect(session.settings).toMatchObject({ maxDurationMs: 1000, minTurns: 20 });

    await writeFile(path.join(cwd, 'quorum.config.yaml'), 'providers:\n  default: mock\n  mock: { faults: { rate: 1, kinds: [server] } }\nengine:\n  retries: 0\n');
    const failed = await runQuorum(['debate', 'Design a cache'], { cwd, env: { QUORUM_NOW: '2026-11-22T09:00:00Z' } });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/\nquorum: every participant of round 1 of dreamer_turn failed/);
    const folder = path.join(cwd, 'projects', '20261122_090000_design-a-cache');
    expect((await readdir(folder)).sort()).toEqual(['conversation.md', 'session.json']);
    expect(await json(path.join(folder, 'session.json'))).toMatchObject({ complete: false, outcome: 'failed', status: null, error: expect.stringContaining('simulated server error') });
    expect(await readFile(path.join(cwd, 'projects', 'PROJECTS_INDEX.md'), 'utf8')).toContain('| 2026-11-22 09:00 UTC | Design a cache | incomplete (failed) |');
    const list = await runQuorum(['projects', 'list'], { cwd });
    expect(list.stdout.split('\n')[1]).toMatch(/^2026-11-22 09:00 UTC {2}incomplete \(failed\) {2}Design a cache +projects\/20261122_090000_design-a-cache$/);
  });

  it('picks the same daily topic for the same date, from the bundled list', async () => {
    const cwd = await temporaryProject();
    const first = await runQuorum(['topic', 'daily', '--date', '2026-01-01'], { cwd });
    const again = await runQuorum(['topic', 'daily', '--date', '2026-01-01'], { cwd });
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(again.stdout);
    expect(first.stdout).toBe(`${dailyTopic(await loadTopics(), [], '2026-01-01').topic.title}\n`);
    const none = await runQuorum(['topic', 'random', '--keywords', 'zzz-nothing', '--seed', '1'], { cwd });
    expect(none.stderr).toMatch(/^note: no topic matches zzz-nothing, so the topic was picked from all \d+ topics\n$/);
  });
});
