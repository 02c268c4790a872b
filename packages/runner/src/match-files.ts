import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * The files a glob matches under `dir`, as paths relative to it with `/` separators, sorted.
 * `*` matches within one path segment, `**` any number of segments, `?` one character,
 * `{a,b}` either alternative; a name starting with `.` is matched only by a pattern that
 * starts that segment with `.`. Folders named `node_modules` and `.git` are not entered.
 */
export async function matchFiles(dir: string, glob: string): Promise<string[]> {
  const pattern = globToRegExp(glob.replace(/\\/g, '/').replace(/^\.\//, ''));
  const matches: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(path.join(dir, relative), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== '.git') await walk(child);
      } else if (entry.isFile() && pattern.test(child)) {
        matches.push(child);
      }
    }
  };
  await walk(fixedPrefix(glob));
  return matches.sort();
}

/** The folder a glob starts in (its segments before the first wildcard), so a walk need not start at the root. */
function fixedPrefix(glob: string): string {
  const segments = glob.replace(/\\/g, '/').replace(/^\.\//, '').split('/');
  const fixed: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (/[*?{[]/.test(segment)) break;
    fixed.push(segment);
  }
  return fixed.join('/');
}

/** A glob as a regular expression over `/`-separated relative paths. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  let i = 0;
  let braces = 0;
  let segmentStart = true;
  while (i < glob.length) {
    const char = glob[i]!;
    if (char === '*' && glob[i + 1] === '*') {
      const slashAfter = glob[i + 2] === '/';
      // `**/` matches zero or more whole segments; a trailing `**` matches the rest.
      source += slashAfter ? '(?:(?!\\.)[^/]+/)*' : '(?:(?!\\.)[^/]+(?:/(?!\\.)[^/]+)*)?';
      i += slashAfter ? 3 : 2;
      segmentStart = slashAfter;
      continue;
    }
    if (char === '*') {
      source += segmentStart ? '(?!\\.)[^/]*' : '[^/]*';
    } else if (char === '?') {
      source += segmentStart ? '(?!\\.)[^/]' : '[^/]';
    } else if (char === '{') {
      source += '(?:';
      braces++;
    } else if (char === '}' && braces > 0) {
      source += ')';
      braces--;
    } else if (char === ',' && braces > 0) {
      source += '|';
    } else {
      source += char.replace(/[.+^$()|[\]\\]/g, '\\$&');
    }
    segmentStart = char === '/';
    i++;
  }
  return new RegExp(`^${source}$`);
}
