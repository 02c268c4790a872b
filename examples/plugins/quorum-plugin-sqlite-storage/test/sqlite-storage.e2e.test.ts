import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStorage } from '../src/index.js';
import { exampleProject, packageDirOf, runQuorum, runQuorumOk } from '../../shared-test/example-project.js';

const PACKAGE = packageDirOf(import.meta.url);
const CONFIG = 'plugins:\n  - quorum-plugin-sqlite-storage\nstorage:\n  backend: sqlite\n  options: { file: data/quorum.sqlite }\n';

describe('quorum-plugin-sqlite-storage through the quorum binary', () => {
  it('quorum new writes into the database and quorum export ID writes its Markdown back out', async () => {
    const cwd = await exampleProject({ config: CONFIG, packages: [PACKAGE] });
    const created = await runQuorum(['new', 'Add rate limiting', '--template', 'feature'], { cwd });
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toBe('data/quorum.sqlite#add-rate-limiting.md\n');
    expect((await runQuorum(['new', 'Add rate limiting', '--template', 'feature'], { cwd })).stdout).toBe('data/quorum.sqlite#add-rate-limiting-2.md\n');
    expect(existsSync(path.join(cwd, 'discussions'))).toBe(false);

    // Every verb takes the id in the configured storage: a person comments, the engine runs a round.
    await runQuorumOk(['comment', 'add-rate-limiting', 'Token bucket per API key.', '--author', 'AI-Architect', '--vote', 'READY'], { cwd });
    await runQuorumOk(['turn', 'add-rate-limiting'], { cwd });
    const listed = await runQuorumOk(['list'], { cwd });
    expect(listed.stdout).toMatch(/add-rate-limiting\.md\s+OPEN/);
    const statusById = await runQuorumOk(['status', 'add-rate-limiting'], { cwd });
    expect(statusById.stdout).toContain('AI-Architect: READY');
    expect(existsSync(path.join(cwd, 'discussions', 'add-rate-limiting.md'))).toBe(false);
    const storage = new SqliteStorage({ file: path.join(cwd, 'data/quorum.sqlite') });
    const held = (await storage.load('add-rate-limiting.md')).source;
    expect(held).toMatch(/<!-- ROUND: initial_feedback 1: /);

    const exported = await runQuorum(['export', 'add-rate-limiting', '--output', 'exports/add-rate-limiting.md'], { cwd });
    expect(exported).toMatchObject({ code: 0, stdout: 'exports/add-rate-limiting.md\n', stderr: '' });
    expect(await readFile(path.join(cwd, 'exports/add-rate-limiting.md'), 'utf8')).toBe(held);
    expect(held).toContain('<!-- Template: feature -->');
    expect(held).toContain('Name: AI-Architect\n\nToken bucket per API key.\n\nVOTE: READY\n');

    const toStdout = await runQuorumOk(['export', 'add-rate-limiting-2.md'], { cwd });
    expect(toStdout.stdout).toContain('<!-- Title: Add rate limiting -->');

    // The exported file is an ordinary discussion file: the file-based verbs read it.
    const status = await runQuorumOk(['status', 'exports/add-rate-limiting.md'], { cwd });
    expect(status.stdout).toContain('AI-Architect: READY');
    // Commands that write beside a discussion file say how to get one.
    const diagram = await runQuorum(['diagram', 'add-rate-limiting'], { cwd });
    expect(diagram.code).toBe(2);
    expect(diagram.stderr).toContain('quorum export add-rate-limiting.md --output add-rate-limiting.md');
  });

  it('names the discussions it has when export is given an unknown id', async () => {
    const cwd = await exampleProject({ config: CONFIG, packages: [PACKAGE] });
    await runQuorumOk(['new', 'Add rate limiting'], { cwd });
    const result = await runQuorum(['export', 'add-rate-limitin'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'quorum: no discussion file add-rate-limitin and no discussion "add-rate-limitin" in the sqlite storage (did you mean "add-rate-limiting.md"?); quorum list shows them\n',
    );
  });

  it('checks its options against its schema, with did-you-mean', async () => {
    const cwd = await exampleProject({ config: CONFIG.replace('{ file:', '{ fil:'), packages: [PACKAGE] });
    const result = await runQuorum(['new', 'Add rate limiting'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('quorum: quorum.config.yaml:5:14: storage.options.fil is not a known key (did you mean "file"?)\n');
  });

  it('is an unknown storage when config does not name the plugin', async () => {
    const cwd = await exampleProject({ config: 'storage:\n  backend: sqlite\n', packages: [PACKAGE] });
    const result = await runQuorum(['new', 'Add rate limiting'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('quorum: quorum.config.yaml:2:12: unknown storage "sqlite" (known: file)\n');
  });
});
