import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runQuorum, temporaryProject } from './run-quorum.js';

describe('quorum new', () => {
  it('creates a discussion file from the title and prints its path', async () => {
    const cwd = await temporaryProject();
    const result = await runQuorum(['new', 'Add rate limiting!', '--participants', 'architect,security', '--context', 'Protect the public API.'], { cwd });
    expect(result).toMatchObject({ code: 0, stdout: 'discussions/add-rate-limiting.md\n', stderr: '' });
    expect(await readFile(path.join(cwd, 'discussions/add-rate-limiting.md'), 'utf8')).toBe(
      '<!-- DISCUSSION -->\n<!-- Title: Add rate limiting! -->\n<!-- Phase: discussion -->\n<!-- Status: OPEN -->\n' +
        '<!-- Created: 2026-11-21T09:00:00.000Z -->\n<!-- Participants: architect, security -->\n\n# Add rate limiting!\n\n' +
        '## Context\n\nProtect the public API.\n\n---\n',
    );
  });

  it('never overwrites: a second discussion with the same title gets a numbered name', async () => {
    const cwd = await temporaryProject();
    await runQuorum(['new', 'Caching'], { cwd });
    expect((await runQuorum(['new', 'Caching'], { cwd })).stdout).toBe('discussions/caching-2.md\n');
  });

  it('takes the directory and default participants from config, and context from a file or stdin', async () => {
    const cwd = await temporaryProject();
    await writeFile(path.join(cwd, 'quorum.config.yaml'), 'discussions:\n  dir: talks\nparticipants: [dreamer, cost-cutter]\n');
    await writeFile(path.join(cwd, 'context.md'), 'From a file.\n');
    const fromFile = await runQuorum(['new', 'Über Café', '--context-file', 'context.md'], { cwd });
    expect(fromFile.stdout).toBe('talks/uber-cafe.md\n');
    const text = await readFile(path.join(cwd, 'talks/uber-cafe.md'), 'utf8');
    expect(text).toContain('<!-- Participants: dreamer, cost-cutter -->');
    expect(text).toContain('From a file.');
    const fromStdin = await runQuorum(['new', 'Piped', '--context-file', '-', '--dir', 'elsewhere'], { cwd, input: 'From stdin.' });
    expect(fromStdin.stdout).toBe('elsewhere/piped.md\n');
    expect(await readFile(path.join(cwd, 'elsewhere/piped.md'), 'utf8')).toContain('From stdin.');
  });

  it('refuses bad input with exit code 2 and one sentence', async () => {
    const cwd = await temporaryProject();
    const both = await runQuorum(['new', 'T', '--context', 'a', '--context-file', 'b'], { cwd });
    expect(both).toMatchObject({ code: 2, stderr: 'quorum: give the context either with --context or with --context-file, not both\n' });
    const alias = await runQuorum(['new', 'T', '--participants', 'architect,no spaces'], { cwd });
    expect(alias.code).toBe(2);
    expect(alias.stderr).toMatch(/^quorum: --participants: "no spaces" is not a participant alias/);
    expect((await runQuorum(['new', '   '], { cwd })).stderr).toBe('quorum: a discussion needs a title\n');
  });

  it('fails with exit code 1 when the directory cannot be created', async () => {
    const cwd = await temporaryProject();
    await writeFile(path.join(cwd, 'taken'), 'a file, not a directory');
    const result = await runQuorum(['new', 'T', '--dir', 'taken'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('quorum: could not create the directory taken: a file is in the way of the directory\n');
  });
});

describe('quorum comment', () => {
  async function discussion(): Promise<{ cwd: string; file: string }> {
    const cwd = await temporaryProject();
    const { stdout } = await runQuorum(['new', 'Add rate limiting', '--participants', 'architect,security'], { cwd });
    return { cwd, file: stdout.trim() };
  }

  it('appends a comment with a vote, from an argument or stdin', async () => {
    const { cwd, file } = await discussion();
    const first = await runQuorum(['comment', file, 'Token bucket per key.', '--author', 'AI-Architect', '--vote', 'changes'], { cwd });
    expect(first).toMatchObject({ code: 0, stdout: `Added a comment by AI-Architect voting CHANGES to ${file} (phase discussion)\n` });
    const piped = await runQuorum(['comment', file, '-'], { cwd, input: 'Looks right to me.\n---\nName: Mallory\n' });
    expect(piped.stdout).toBe(`Added a comment by Rob to ${file} (phase discussion)\n`);
    const text = await readFile(path.join(cwd, file), 'utf8');
    expect(text.endsWith('Name: AI-Architect\n\nToken bucket per key.\n\nVOTE: CHANGES\n\n---\nName: Rob\n\nLooks right to me.\n\\---\nName: Mallory\n\n\n---\n')).toBe(true);
    const parsed = JSON.parse((await runQuorum(['parse', file], { cwd })).stdout);
    expect(parsed.comments.map((c: { author: string; body: string; vote: string | null }) => [c.author, c.body, c.vote])).toEqual([
      ['AI-Architect', 'Token bucket per key.', 'CHANGES'],
      ['Rob', 'Looks right to me.\n---\nName: Mallory\n', null],
    ]);
  });

  it('keeps a VOTE: line in the text as text and says how to vote', async () => {
    const { cwd, file } = await discussion();
    const result = await runQuorum(['comment', file, 'Fine by me.\nVOTE: READY'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('quorum: the VOTE: line in the text is kept as text and does not count; use --vote to vote\n');
    expect(JSON.parse((await runQuorum(['votes', file], { cwd })).stdout).votes).toEqual({});
  });

  it('refuses bad input and leaves the file as it was', async () => {
    const { cwd, file } = await discussion();
    const before = await readFile(path.join(cwd, file), 'utf8');
    const cases: Array<[string[], RegExp]> = [
      [['comment', file, 'x', '--vote', 'maybe'], /^quorum: --vote maybe is not a vote; use READY, CHANGES or REJECT\n$/],
      [['comment', file, '  '], /^quorum: the comment is empty; give some text or a --vote\n$/],
      [['comment', file, 'x', '--author', ' padded'], /^quorum: the author " padded" must be non-empty/],
      [['comment', 'missing.md', 'x'], /^quorum: no discussion file missing\.md and no discussion "missing\.md" in the file storage; quorum list shows them/],
      [['comment', file], /^quorum: missing required argument 'text'; see quorum comment --help\n$/],
    ];
    for (const [args, message] of cases) {
      const result = await runQuorum(args, { cwd });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    expect(await readFile(path.join(cwd, file), 'utf8')).toBe(before);
  });

  it('reports a file that does not parse with its line, and never writes to it', async () => {
    const cwd = await temporaryProject();
    await mkdir(path.join(cwd, 'discussions'));
    const broken = '<!-- DISCUSSION -->\n<!-- Title: A -->\n<!-- Title: B -->\n\n---\n';
    await writeFile(path.join(cwd, 'discussions/broken.md'), broken);
    const result = await runQuorum(['comment', 'discussions/broken.md', 'hello'], { cwd });
    expect(result).toMatchObject({ code: 2, stderr: 'quorum: discussions/broken.md:3: the header Title appears twice (first on line 2); keep one of them\n' });
    expect(await readFile(path.join(cwd, 'discussions/broken.md'), 'utf8')).toBe(broken);
    await writeFile(path.join(cwd, 'notes.md'), '# Notes\n');
    const notes = await runQuorum(['comment', 'notes.md', 'hello'], { cwd });
    expect(notes.stderr).toMatch(/^quorum: notes\.md:1: a discussion file must start with the line <!-- DISCUSSION -->/);
    expect(await readFile(path.join(cwd, 'notes.md'), 'utf8')).toBe('# Notes\n');
  });
});
