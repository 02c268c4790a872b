import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, realpath, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fileBlocks, generatedFiles } from '../src/delivery/generated-files.js';
import { writeGeneratedFiles } from '../src/delivery/write-generated-files.js';

const fence = (lang: string, body: string) => `\`\`\`${lang}\n${body}\n\`\`\``;

describe('fileBlocks', () => {
  it('takes the code blocks preceded by a line naming a path, in the forms people write it', () => {
    const text = [
      'Here is the server.',
      '',
      '`src/server.ts`',
      fence('ts', 'export const port = 3000;'),
      '**File:** test/server.test.ts',
      '',
      fence('ts', "import { port } from '../src/server.js';"),
      '### package.json',
      fence('json', '{ "name": "shortener" }'),
      '- Dockerfile:',
      fence('', 'FROM node:20'),
      'A block with no path before it:',
      fence('sh', 'npm test'),
      'e.g.',
      fence('', 'not a file'),
    ].join('\n');
    expect(fileBlocks(text)).toEqual([
      { path: 'src/server.ts', content: 'export const port = 3000;\n' },
      { path: 'test/server.test.ts', content: "import { port } from '../src/server.js';\n" },
      { path: 'package.json', content: '{ "name": "shortener" }\n' },
      { path: 'Dockerfile', content: 'FROM node:20\n' },
    ]);
  });

  it('keeps inner fences of another kind or a shorter length inside the block, and drops a block never closed', () => {
    const text = ['docs/README.md', '````md', '```sh', 'npm test', '```', '````', 'src/a.ts', '```ts', 'unclosed'].join('\n');
    expect(fileBlocks(text)).toEqual([{ path: 'docs/README.md', content: '```sh\nnpm test\n```\n' }]);
  });
});

describe('generatedFiles', () => {
  it('keeps the latest version of each path and refuses paths that leave the folder', () => {
    const { files, refused } = generatedFiles([
      { author: 'AI-Backend-Engineer', text: `src/a.ts\n${fence('ts', 'v1')}\n../etc/cron.d/evil.sh\n${fence('', 'x')}` },
      { author: 'AI-Frontend-Engineer', text: `src/b.ts\n${fence('ts', 'b')}\n.git/hooks/pre-commit.sh\n${fence('', 'x')}` },
      { author: 'AI-Backend-Engineer', text: `./src/a.ts\n${fence('ts', 'v2')}` },
    ]);
    expect(files.map((f) => [f.path, f.content, f.author])).toEqual([
      ['src/a.ts', 'v2\n', 'AI-Backend-Engineer'],
      ['src/b.ts', 'b\n', 'AI-Frontend-Engineer'],
    ]);
    expect(refused.map((r) => [r.path, r.reason])).toEqual([
      ['../etc/cron.d/evil.sh', 'it climbs out with ..'],
      ['.git/hooks/pre-commit.sh', 'it writes inside .git'],
    ]);
  });

  it('never yields a path outside the folder, whatever the comment says', () => {
    const segment = fc.constantFrom('src', '..', '.', '.git', 'a.ts', 'x', '', '/', 'C:', 'b\\c.ts', 'ok.md');
    const pathText = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('/'));
    fc.assert(
      fc.property(fc.array(pathText, { maxLength: 6 }), (paths) => {
        const text = paths.map((p) => `${p}\n${fence('', 'content')}`).join('\n');
        for (const file of generatedFiles([{ author: 'A', text }]).files) {
          const resolved = path.posix.join('/out', file.path);
          expect(resolved.startsWith('/out/')).toBe(true);
          expect(file.path.split('/')).not.toContain('..');
          expect(file.path.split('/').map((s) => s.toLowerCase())).not.toContain('.git');
        }
      }),
    );
  });
});

describe('writeGeneratedFiles', () => {
  it('writes the files, reports unchanged ones, and refuses a symbolic link that leads out of the folder', async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'quorum-files-'));
    const out = path.join(base, 'out');
    const outside = path.join(base, 'outside');
    await mkdir(outside);
    await mkdir(out);
    await symlink(outside, path.join(out, 'escape'));
    const files = [
      { path: 'src/a.ts', content: 'a\n', author: 'A' },
      { path: 'escape/evil.sh', content: 'rm -rf /\n', author: 'A' },
    ];
    const first = await writeGeneratedFiles(out, files);
    expect(first.written).toEqual(['src/a.ts']);
    expect(first.refused.map((r) => r.path)).toEqual(['escape/evil.sh']);
    expect(await readdir(outside)).toEqual([]);
    expect(await readFile(path.join(out, 'src/a.ts'), 'utf8')).toBe('a\n');
    const again = await writeGeneratedFiles(out, files.slice(0, 1));
    expect(again).toMatchObject({ written: [], unchanged: ['src/a.ts'], commit: null });
  });

  it('with git, initialises a repository and commits only the written files', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'quorum-git-'));
    await writeFile(path.join(out, 'notes.txt'), 'mine\n');
    const result = await writeGeneratedFiles(out, [{ path: 'src/a.ts', content: 'a\n', author: 'A' }], { git: { message: 'Add the generated files' } });
    expect(result.commit).toMatch(/^[0-9a-f]{40}$/);
    const tracked = execFileSync('git', ['ls-files'], { cwd: out, encoding: 'utf8' }).trim().split('\n');
    expect(tracked).toEqual(['src/a.ts']);
    expect(execFileSync('git', ['log', '--format=%s'], { cwd: out, encoding: 'utf8' }).trim()).toBe('Add the generated files');
    const unchanged = await writeGeneratedFiles(out, [{ path: 'src/a.ts', content: 'a\n', author: 'A' }], { git: { message: 'again' } });
    expect(unchanged.commit).toBeNull();
  });

  it('with git, gives a folder inside another repository (which may ignore it) a repository of its own, and commits files an earlier run wrote without git', async () => {
    const outer = await mkdtemp(path.join(os.tmpdir(), 'quorum-outer-'));
    execFileSync('git', ['init', '--quiet'], { cwd: outer });
    await writeFile(path.join(outer, '.gitignore'), 'runs/\n');
    const out = path.join(outer, 'runs', 'output');
    const files = [{ path: 'src/a.ts', content: 'a\n', author: 'A' }];
    await writeGeneratedFiles(out, files);
    const result = await writeGeneratedFiles(out, files, { git: { message: 'Add the generated files' } });
    expect(result).toMatchObject({ written: [], unchanged: ['src/a.ts'] });
    expect(result.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(await realpath(execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: out, encoding: 'utf8' }).trim())).toBe(await realpath(out));
    expect(execFileSync('git', ['ls-files'], { cwd: out, encoding: 'utf8' }).trim()).toBe('src/a.ts');
  });
});
