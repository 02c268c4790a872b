import { lstat, mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDiscussion } from '@quorum/format';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureJson } from '../../provider-openai/test/fixtures.js';
import { startOpenAITestServer } from '../../provider-openai/test/openai-test-server.js';
import { runQuorum, temporaryProject } from './run-quorum.js';

const FILE = 'discussions/add-rate-limiting.md';
const CANARY = 'sk-canary-7d3f0a9e1b5c2468';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});
const FOLDER = 'discussions/diagrams/add-rate-limiting';

async function exists(file: string): Promise<boolean> {
  return (await lstat(file).catch(() => undefined)) !== undefined;
}

/** The `DIAGRAM:` markers of a discussion, as `quorum parse` gives them. */
async function diagramMarkers(cwd: string, file = FILE): Promise<{ path: string; line: number; author: string }[]> {
  const parsed = await runQuorum(['parse', file], { cwd });
  expect(parsed.code, parsed.stderr).toBe(0);
  return JSON.parse(parsed.stdout).diagrams;
}

describe('the visualizer diagrams', () => {
  it('are saved as files referenced by DIAGRAM: lines when quorum run asks the visualizer, and quorum diagram draws them', async () => {
    const cwd = await temporaryProject();
    const run = await runQuorum(
      ['run', '--template', 'brainstorm', '--title', 'Add rate limiting', '--participants', 'architect,visualizer', '--context', 'An API gateway in front of a worker and a database.', '--max-turns', '1'],
      { cwd },
    );
    expect(run.code, run.stderr).toBe(0);
    const text = await readFile(path.join(cwd, FILE), 'utf8');
    const comments = parseDiscussion(text).sections.flatMap((s) => (s.kind === 'comment' ? [s] : []));
    expect(comments.map((c) => c.author)).toEqual(['AI-Architect', 'AI-Visualizer']);
    // The block left the comment for a file; the comment's DIAGRAM: line (the second comment's) names it.
    expect(text).not.toContain('```mermaid');
    expect(comments[1]!.text).toMatch(/^DIAGRAM: diagrams\/add-rate-limiting\/2-components\.mmd\nThe components of "Add rate limiting" named so far/m);
    expect(await readdir(path.join(cwd, FOLDER))).toEqual(['2-components.mmd']);
    const mermaid = await readFile(path.join(cwd, FOLDER, '2-components.mmd'), 'utf8');
    expect(mermaid).toMatch(/^flowchart LR\n {2}n0\["User"\]\n/);
    expect(mermaid.match(/-->\|[a-z ]+\|/g)?.length).toBeGreaterThanOrEqual(3);
    expect(await diagramMarkers(cwd)).toMatchObject([{ path: 'diagrams/add-rate-limiting/2-components.mmd', author: 'AI-Visualizer' }]);

    const drawn = await runQuorum(['diagram', FILE], { cwd });
    expect(drawn).toMatchObject({ code: 0, stdout: `Drew ${FOLDER}/2-components.svg\n`, stderr: '' });
    const svg = await readFile(path.join(cwd, FOLDER, '2-components.svg'), 'utf8');
    expect(svg).toMatch(/^<svg[\s\S]*>User<[\s\S]*<\/svg>\n$/);
    expect(svg).not.toContain('@import');
    expect(await runQuorum(['diagram', FILE, '--check'], { cwd })).toMatchObject({ code: 0, stdout: `${FILE}: 1 diagram drawn and up to date\n` });

    // A changed diagram makes its SVG stale: --check says so (exit 1) and writes nothing.
    await writeFile(path.join(cwd, FOLDER, '2-components.mmd'), `${mermaid}  n3 -->|audits| n4["Audit log"]\n`);
    const stale = await runQuorum(['diagram', FILE, '--check'], { cwd });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(`quorum: ${FILE}:`);
    expect(stale.stderr).toContain(`${FOLDER}/2-components.svg is out of date with diagrams/add-rate-limiting/2-components.mmd; run quorum diagram ${FILE}`);
    expect(await readFile(path.join(cwd, FOLDER, '2-components.svg'), 'utf8')).toBe(svg);
  });

  it('reports a missing, a broken and an outside diagram with the discussion line, draws the others, and exits 2', async () => {
    const cwd = await temporaryProject();
    const file = (await runQuorum(['new', 'Add rate limiting'], { cwd })).stdout.trim();
    await mkdir(path.join(cwd, 'discussions/diagrams'), { recursive: true });
    await writeFile(path.join(cwd, 'discussions/diagrams/good.mmd'), 'flowchart LR\n  a["Client"] -->|calls| b["API"]\n');
    await writeFile(path.join(cwd, 'discussions/diagrams/broken.mmd'), 'this is not mermaid\n');
    await writeFile(path.join(cwd, 'discussions/diagrams/flow.puml'), '@startuml\n@enduml\n');
    await writeFile(path.join(cwd, 'outside.mmd'), 'flowchart LR\n  a --> b\n');
    const body = ['The diagrams so far.', 'DIAGRAM: diagrams/missing.mmd', 'DIAGRAM: diagrams/broken.mmd', 'DIAGRAM: ../outside.mmd', 'DIAGRAM: `diagrams/good.mmd`', 'DIAGRAM: diagrams/flow.puml'].join('\n');
    expect((await runQuorum(['comment', file, body, '--author', 'Rob'], { cwd })).code).toBe(0);
    const lines = Object.fromEntries((await diagramMarkers(cwd, file)).map((d) => [d.path, d.line]));

    const result = await runQuorum(['diagram', file], { cwd });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('Drew discussions/diagrams/good.svg\n');
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      `quorum: note: ${file}:${lines['diagrams/flow.puml']}: diagrams/flow.puml is not a Mermaid file (.mmd), so it is left as it is`,
      `quorum: ${file}:${lines['diagrams/missing.mmd']}: DIAGRAM diagrams/missing.mmd does not exist; restore the file or correct the DIAGRAM line`,
      `quorum: ${file}:${lines['diagrams/broken.mmd']}: DIAGRAM diagrams/broken.mmd does not parse as Mermaid (Invalid mermaid header: "this is not mermaid". Expected "graph TD", "flowchart LR", "stateDiagram-v2", etc.); fix the diagram file`,
      `quorum: ${file}:${lines['../outside.mmd']}: DIAGRAM ../outside.mmd points outside the discussion's folder; keep diagrams beside the discussion (diagrams/…)`,
      'quorum: 3 of 5 referenced diagrams could not be drawn (1 drawn)',
    ]);
    expect(await exists(path.join(cwd, 'discussions/diagrams/broken.svg'))).toBe(false);
    expect(await exists(path.join(cwd, 'outside.svg'))).toBe(false);
  });
});

describe('quorum summarize', () => {
  async function discussion(cwd: string): Promise<string> {
    const file = (await runQuorum(['new', 'Add rate limiting', '--template', 'feature', '--participants', 'architect,security', '--context', 'Our public API has no limits.'], { cwd })).stdout.trim();
    const comments: [string, string, string?][] = [
      ['AI-Architect', 'Token bucket per API key.\nQ: Per key or per IP? @security\nQ: Do we need a global ceiling?\nCONCERN: A shared Redis is a single point of failure.\nTODO: write the limits down @architect'],
      ['AI-Security', 'A(Q1): Per key.\nDECISION: Limits are per API key, 100 requests a minute.\nTODO: add an alert and rotate sk-canary-0123456789abcdef', 'READY'],
      ['Rob', 'DONE(T1): written down.\nI want the alert first.', 'CHANGES'],
    ];
    for (const [author, text, vote] of comments) {
      const result = await runQuorum(['comment', file, text, '--author', author, ...(vote ? ['--vote', vote] : [])], { cwd });
      expect(result.code, result.stderr).toBe(0);
    }
    return file;
  }

  it('writes FILE.sum.md beside the discussion: the prose from the summarizer, then the computed parts; running again replaces it', async () => {
    const cwd = await temporaryProject();
    const file = await discussion(cwd);
    const env = { STAGING_API_KEY: 'sk-canary-0123456789abcdef' };
    const result = await runQuorum(['summarize', file], { cwd, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Wrote discussions\/add-rate-limiting\.sum\.md \(prose by mock:simulated, \d+ tokens, \$0\.0000\)\n$/);
    expect(result.stderr).toContain('no LLM provider is configured');
    const summary = await readFile(path.join(cwd, 'discussions/add-rate-limiting.sum.md'), 'utf8');

    // The prose: the simulated summarizer's account of the discussion.
    const prose = /## In brief\n\n([\s\S]*?)\n\n\*Written by AI-Summarizer with mock:simulated/.exec(summary)?.[1] ?? '';
    expect(prose).toContain('"Add rate limiting"');
    expect(prose).toContain('the latest, from AI-Security, is "Limits are per API key, 100 requests a minute"');
    expect(prose).toContain('starting with Q2 from AI-Architect: "Do we need a global ceiling?"');
    expect(prose).toMatch(/\n\nNext step: Q2 needs an answer/);
    // The computed parts, straight from the file.
    expect(summary).toContain('Consensus: not reached');
    expect(summary).toContain('| AI-Security | READY |\n| Rob | CHANGES |');
    expect(summary).toContain('## Open questions (1 of 2)\n\n- **Q2** Do we need a global ceiling? — AI-Architect, line');
    expect(summary).toContain('## Decisions (1)\n\n- Limits are per API key, 100 requests a minute. — AI-Security, line');
    expect(summary).toMatch(/## Todos \(1 open, 1 done\)\n\n- \[x\] \*\*T1\*\* write the limits down @architect — AI-Architect, line \d+ → @architect; done by Rob, line \d+\n- \[ \] \*\*T2\*\* add an alert and rotate \*\*\* — AI-Security, line \d+\n/);
    expect(summary).toContain('## Concerns (1)\n\n- A shared Redis is a single point of failure. — AI-Architect, line');
    expect(summary).toContain('### Initial feedback (`initial_feedback`)\n\n| participant | comments | last vote |\n| --- | ---: | --- |\n| AI-Architect | 1 | — |\n| AI-Security | 1 | READY |\n| Rob | 1 | CHANGES |');
    // A key pasted into a comment is not copied into the summary.
    expect(summary).not.toContain('sk-canary-0123456789abcdef');

    const again = await runQuorum(['summarize', file], { cwd, env });
    expect(again.code).toBe(0);
    expect(await readFile(path.join(cwd, 'discussions/add-rate-limiting.sum.md'), 'utf8')).toBe(summary);
    // The summary is not a discussion: quorum list leaves it out.
    expect((await runQuorum(['list', '--json'], { cwd })).stdout).not.toContain('.sum.md');
  });

  it('asks the model --provider names, through the real SDK, and keeps its key out of the summary and the errors', async () => {
    const cwd = await temporaryProject();
    const file = await discussion(cwd);
    const server = await startOpenAITestServer({ apiKey: CANARY });
    closers.push(() => server.close());
    const completion = fixtureJson('chat-completion') as { choices: { message: { content: string } }[] };
    completion.choices[0]!.message.content = JSON.stringify({ comment: `Per-key limits are agreed; Q2 is open. (The key ${CANARY} was seen.)`, vote: null });
    server.reply({ json: completion });
    const env = { OPENAI_API_KEY: CANARY, OPENAI_BASE_URL: server.baseURL };
    const result = await runQuorum(['summarize', file, '--provider', 'openai'], { cwd, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Wrote discussions\/add-rate-limiting\.sum\.md \(prose by openai:gpt-4o-mini-2024-07-18, 2370 tokens, \$0\.\d{4}\)\n$/);
    const summary = await readFile(path.join(cwd, 'discussions/add-rate-limiting.sum.md'), 'utf8');
    expect(summary).toContain('## In brief\n\nPer-key limits are agreed; Q2 is open. (The key *** was seen.)\n\n*Written by AI-Summarizer with openai:gpt-4o-mini-2024-07-18');
    // The engine's prompt: the summarizer persona as the system prompt, the transcript in the message.
    const request = server.requests[0]!.body as { messages: { role: string; content: unknown }[] };
    expect(JSON.stringify(request.messages[0])).toContain('You are AI-Summarizer (@summarizer), Discussion Summarizer.');
    expect(JSON.stringify(request.messages.slice(1))).toContain('Limits are per API key, 100 requests a minute.');

    // A rejected key: exit 1, one sentence without the key, and no summary written over the old one.
    const rejecting = await startOpenAITestServer({ apiKey: 'sk-the-right-one-000000' });
    closers.push(() => rejecting.close());
    const failed = await runQuorum(['summarize', file, '--provider', 'openai'], { cwd, env: { ...env, OPENAI_BASE_URL: rejecting.baseURL } });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^quorum: AI-Summarizer could not answer \(openai: authentication failed \(HTTP 401\)[^\n]*\); fix the provider setup and run again\n$/m);
    expect(failed.stdout + failed.stderr).not.toContain(CANARY);
    expect(await readFile(path.join(cwd, 'discussions/add-rate-limiting.sum.md'), 'utf8')).toBe(summary);
  });

  it('asks no model with --no-prose, prints with --output -, and refuses a summary as its input', async () => {
    const cwd = await temporaryProject();
    const file = await discussion(cwd);
    const computed = await runQuorum(['summarize', file, '--no-prose', '--output', '-'], { cwd });
    expect(computed).toMatchObject({ code: 0, stderr: '' });
    expect(computed.stdout).toMatch(/^<!-- quorum summarize: derived from add-rate-limiting\.md;/);
    expect(computed.stdout).not.toContain('## In brief');
    expect(computed.stdout).toContain('## Who said what');
    expect(await exists(path.join(cwd, 'discussions/add-rate-limiting.sum.md'))).toBe(false);

    const written = await runQuorum(['summarize', file, '--no-prose'], { cwd });
    expect(written).toMatchObject({ code: 0, stdout: 'Wrote discussions/add-rate-limiting.sum.md\n' });
    const refused = await runQuorum(['summarize', 'discussions/add-rate-limiting.sum.md'], { cwd });
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(refused.stderr).toBe('quorum: discussions/add-rate-limiting.sum.md is a summary, not a discussion; summarize the discussion it was made from (discussions/add-rate-limiting.md)\n');
  });
});

describe('quorum cleanup', () => {
  it('lists and deletes only the diagram files no discussion references, never following links', async () => {
    const cwd = await temporaryProject();
    const first = (await runQuorum(['new', 'Add rate limiting'], { cwd })).stdout.trim();
    const second = (await runQuorum(['new', 'Cache the catalogue'], { cwd })).stdout.trim();
    expect((await runQuorum(['comment', first, 'DIAGRAM: diagrams/a/1-flow.mmd', '--author', 'Rob'], { cwd })).code).toBe(0);
    // Naming the drawing keeps its source too.
    expect((await runQuorum(['comment', second, 'DIAGRAM: diagrams/c/3-cache.svg', '--author', 'Rob'], { cwd })).code).toBe(0);
    const files = {
      'a/1-flow.mmd': 'flowchart LR\n',
      'a/1-flow.svg': '<svg/>\n',
      'a/2-old.mmd': 'flowchart LR\n',
      'a/2-old.svg': '<svg/>\n',
      'a/notes.txt': 'not a diagram\n',
      'b/9-gone.svg': '<svg/>\n',
      'c/3-cache.mmd': 'flowchart LR\n',
      'c/3-cache.svg': '<svg/>\n',
    };
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(cwd, 'discussions/diagrams', name)), { recursive: true });
      await writeFile(path.join(cwd, 'discussions/diagrams', name), text);
    }
    await writeFile(path.join(cwd, 'precious.mmd'), 'flowchart LR\n');
    await mkdir(path.join(cwd, 'elsewhere'));
    await writeFile(path.join(cwd, 'elsewhere/9-other.mmd'), 'flowchart LR\n');
    await symlink(path.join(cwd, 'precious.mmd'), path.join(cwd, 'discussions/diagrams/link.mmd'));
    await symlink(path.join(cwd, 'elsewhere'), path.join(cwd, 'discussions/diagrams/linked-folder'));
    const orphans = ['discussions/diagrams/a/2-old.mmd', 'discussions/diagrams/a/2-old.svg', 'discussions/diagrams/b/9-gone.svg'];

    const listed = await runQuorum(['cleanup'], { cwd });
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(listed.stdout).toBe(`Unreferenced diagram files in discussions/diagrams (3):\n${orphans.map((f) => `  ${f}\n`).join('')}`);
    expect(JSON.parse((await runQuorum(['cleanup', 'discussions', '--json'], { cwd })).stdout)).toEqual({
      dir: 'discussions',
      diagrams: 'discussions/diagrams',
      unreferenced: orphans,
      deleted: [],
    });

    // Without a terminal to confirm on, --delete needs --yes, and nothing is deleted.
    const refused = await runQuorum(['cleanup', '--delete'], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('quorum: cleanup --delete asks before deleting, but there is no terminal to ask on; pass --yes to delete the 3 files listed\n');
    for (const orphan of orphans) expect(await exists(path.join(cwd, orphan))).toBe(true);

    const deleted = await runQuorum(['cleanup', '--delete', '--yes'], { cwd });
    expect(deleted).toMatchObject({ code: 0, stderr: '' });
    expect(deleted.stdout).toContain('Deleted 3 files\n');
    for (const orphan of orphans) expect(await exists(path.join(cwd, orphan))).toBe(false);
    expect(await exists(path.join(cwd, 'discussions/diagrams/b'))).toBe(false);
    for (const kept of ['a/1-flow.mmd', 'a/1-flow.svg', 'a/notes.txt', 'c/3-cache.mmd', 'c/3-cache.svg', 'link.mmd', 'linked-folder']) {
      expect(await exists(path.join(cwd, 'discussions/diagrams', kept)), kept).toBe(true);
    }
    expect(await readFile(path.join(cwd, 'precious.mmd'), 'utf8')).toBe('flowchart LR\n');
    expect(await exists(path.join(cwd, 'elsewhere/9-other.mmd'))).toBe(true);
    expect((await runQuorum(['cleanup'], { cwd })).stdout).toBe('No unreferenced diagram files in discussions/diagrams\n');
  });
});
