import { afterEach, describe, expect, it } from 'vitest';
import { globToRegExp, matchFiles } from './match-files.js';
import { removeTemporaryFolders, temporaryFolder } from './test-helpers/fake-host.js';

afterEach(removeTemporaryFolders);

describe('file globs', () => {
  it('match *, ** and ? within and across folders, {a,b} alternatives, and never hidden names by accident', () => {
    const matches = (glob: string, file: string) => globToRegExp(glob).test(file);
    expect(matches('*.md', 'a.md')).toBe(true);
    expect(matches('*.md', 'dir/a.md')).toBe(false);
    expect(matches('*.md', '.hidden.md')).toBe(false);
    expect(matches('.*.md', '.hidden.md')).toBe(true);
    expect(matches('**/*.md', 'a.md')).toBe(true);
    expect(matches('**/*.md', 'x/y/a.md')).toBe(true);
    expect(matches('**/*.md', 'x/.git/a.md')).toBe(false);
    expect(matches('topics/?.{md,txt}', 'topics/a.txt')).toBe(true);
    expect(matches('topics/?.{md,txt}', 'topics/ab.txt')).toBe(false);
    expect(matches('a+b (1).md', 'a+b (1).md')).toBe(true);
    expect(matches('docs/**', 'docs/x/y.md')).toBe(true);
  });

  it('list the files a glob matches under a folder, sorted, with / separators', async () => {
    const dir = await temporaryFolder({ 'topics/b.md': '', 'topics/a.md': '', 'topics/deep/c.md': '', 'topics/c.txt': '', 'node_modules/x.md': '', 'other.md': '' });
    expect(await matchFiles(dir, 'topics/**/*.md')).toEqual(['topics/a.md', 'topics/b.md', 'topics/deep/c.md']);
    expect(await matchFiles(dir, './**/*.md')).toEqual(['other.md', 'topics/a.md', 'topics/b.md', 'topics/deep/c.md']);
    expect(await matchFiles(dir, 'missing/*.md')).toEqual([]);
  });
});
