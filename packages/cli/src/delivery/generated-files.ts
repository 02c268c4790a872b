import path from 'node:path';

/** A file a discussion delivers: its path (relative, `/`-separated) and its content. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
  /** Author of the comment with this version. */
  readonly author: string;
}

/** A file block whose path cannot be written inside the output folder, and why. */
export interface RefusedFile {
  readonly path: string;
  readonly author: string;
  readonly reason: string;
}

/**
 * The line naming a file before its code block, as engineers (and models) write it:
 * `src/api/users.ts`, `` `src/api/users.ts` ``, `**src/api/users.ts**`, `### src/api/users.ts`,
 * `File: src/api/users.ts`, `- src/api/users.ts:`. Captures the path.
 */
const PATH_LINE = /^[ \t>]*(?:[-*+][ \t]+)?(?:#{1,6}[ \t]+)?(?:(?:\*\*|__)?(?:file|path)(?:\*\*|__)?[ \t]*:(?:\*\*|__)?[ \t]*)?(?:\*\*|__|`)?([^\s`*]+?)(?:\*\*|__|`)?[ \t]*:?[ \t]*$/i;
/** The characters of a path worth taking as one (no spaces). */
const PATH_LIKE = /^[\w.@/-]+$/;
const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})(.*)$/;

/**
 * Every file a discussion's comments give as a fenced code block preceded by its path, the
 * latest version of each path winning (a file restated in the file-generation phase replaces
 * the implementation's draft). Paths that would leave the output folder (absolute, `..`,
 * drive letters, `.git`) are refused, never normalised into something else.
 */
export function generatedFiles(comments: readonly { readonly author: string; readonly text: string }[]): { files: GeneratedFile[]; refused: RefusedFile[] } {
  const latest = new Map<string, GeneratedFile>();
  const refused = new Map<string, RefusedFile>();
  for (const { author, text } of comments) {
    for (const block of fileBlocks(text)) {
      const problem = unsafePath(block.path);
      if (problem !== undefined) {
        refused.set(block.path, { path: block.path, author, reason: problem });
        continue;
      }
      const normalised = path.posix.normalize(block.path);
      latest.delete(normalised);
      latest.set(normalised, { path: normalised, content: block.content, author });
    }
  }
  return { files: [...latest.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), refused: [...refused.values()] };
}

/** The code blocks of one comment that follow a line naming a path (blank lines between allowed). */
export function fileBlocks(text: string): { path: string; content: string }[] {
  const lines = text.split(/\r?\n/);
  const blocks: { path: string; content: string }[] = [];
  let named: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = FENCE.exec(line);
    if (fence === null) {
      if (line.trim() === '') continue;
      const candidate = PATH_LINE.exec(line)?.[1];
      named = candidate !== undefined && looksLikePath(candidate) ? candidate : undefined;
      continue;
    }
    // A code block: up to the closing fence of the same kind, at least as long.
    const marker = fence[1]!;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const closing = FENCE.exec(lines[j]!);
      if (closing !== null && closing[1]![0] === marker[0] && closing[1]!.length >= marker.length && closing[2]!.trim() === '') break;
      body.push(lines[j]!);
    }
    if (named !== undefined && j < lines.length) blocks.push({ path: named, content: `${body.join('\n')}\n` });
    named = undefined;
    i = j;
  }
  return blocks;
}

/** Files people name without an extension. */
const BARE_NAMES = new Set(['Dockerfile', 'Makefile', 'Procfile', 'Gemfile', 'Rakefile', 'LICENSE', 'README']);

function looksLikePath(candidate: string): boolean {
  if (!PATH_LIKE.test(candidate) || candidate.includes('//') || candidate.endsWith('.') || candidate.endsWith('/')) return false;
  const base = candidate.slice(candidate.lastIndexOf('/') + 1);
  // A name with an extension (`users.ts`, `.env.example`), a dotfile (`.gitignore`) or a known bare name.
  return /\.[A-Za-z0-9]+$/.test(base) || BARE_NAMES.has(base);
}

/** Why a path cannot be written inside the output folder, or undefined when it can. */
function unsafePath(name: string): string | undefined {
  if (name.includes('\0')) return 'it contains a NUL byte';
  if (name.includes('\\')) return 'it uses backslashes; write paths with /';
  if (path.posix.isAbsolute(name) || /^[A-Za-z]:/.test(name)) return 'it is an absolute path';
  const segments = name.split('/');
  if (segments.includes('..')) return 'it climbs out with ..';
  if (segments.some((segment) => segment.toLowerCase() === '.git')) return 'it writes inside .git';
  return undefined;
}
