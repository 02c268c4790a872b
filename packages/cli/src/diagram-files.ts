import { lstat, mkdir, readFile, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { StorageError } from '@quorum/core';
import { defaultMarkerSet, extractMarkers, summarizeMarkers } from '@quorum/markers';
import { createFileExclusively } from './write-file-atomically.js';

/**
 * Diagram files: where a discussion's diagrams live, how the Mermaid blocks of a reply
 * become files referenced by `DIAGRAM:` lines, and how references are resolved.
 *
 * Layout: beside the discussions, `diagrams/<discussion name>/<n>-<name>.mmd`, where
 * `<discussion name>` is the discussion's file name without `.md`, `<n>` the number the comment
 * gets in the discussion (1 for the first comment) and `<name>` the file name the reply proposed
 * on its `DIAGRAM:` line (made safe), else the participant's alias. A `DIAGRAM:` path is
 * relative to the discussion file, as the seed's `DIAGRAM: diagrams/flow.puml` is.
 */

/** The folder, beside the discussion files, that holds every discussion's diagrams. */
export const DIAGRAMS_DIR = 'diagrams';

/** Where one discussion's diagrams are. */
export interface DiagramFolder {
  /** `<discussions>/diagrams`, absolute. */
  readonly root: string;
  /** `<discussions>/diagrams/<discussion name>`, absolute. */
  readonly folder: string;
  /** The folder as a `DIAGRAM:` line names it: relative to the discussion file, with `/`. */
  readonly reference: string;
}

/** The diagrams folder of the discussion file `discussion` (an absolute path). */
export function diagramFolderOf(discussion: string): DiagramFolder {
  const root = path.join(path.dirname(discussion), DIAGRAMS_DIR);
  const name = discussionName(discussion);
  return { root, folder: path.join(root, name), reference: `${DIAGRAMS_DIR}/${name}` };
}

/** `add-rate-limiting.md` → `add-rate-limiting`: one safe path segment (no separators, no leading dot). */
function discussionName(discussion: string): string {
  const name = path
    .basename(discussion)
    .replace(/\.md$/i, '')
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '-')
    .replace(/^[.\s]+/, '')
    .trim();
  return name === '' ? 'discussion' : name;
}

/** A fenced Mermaid block in a reply. Line numbers are 0-based indexes into the reply's lines. */
export interface MermaidBlock {
  /** The opening fence's line. */
  readonly start: number;
  /** The line after the closing fence (the number of lines when the block is never closed). */
  readonly end: number;
  /** The diagram: the lines between the fences, without the fences' indentation. */
  readonly body: string;
  /** The reply's own `DIAGRAM:` line for this block (just above it, or above its caption), or null. */
  readonly claim: { readonly line: number; readonly path: string } | null;
}

/** Indentation, blockquote marks and list bullets before a fence (the markers package's rule). */
const CONTAINER_PREFIX = /^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))*[ \t]*/;
const OPENING_FENCE = /^(`{3,}|~{3,})(.*)$/;
const CLOSING_FENCE = /^(`{3,}|~{3,})[ \t]*$/;
/** A Mermaid block is a fence at the top level of the reply (at most three spaces in). */
const TOP_LEVEL = /^ {0,3}$/;

/**
 * The Mermaid blocks of `text` (lines split on `\n`): fenced code blocks whose info string's
 * first word is `mermaid` (any case), opened at the top level of the reply. Fences follow the
 * rule the markers package reads them by (so a block inside another fenced block, say a
 * Markdown example, is not one); a block left open runs to the end of the text. Each block is
 * paired with the reply's own `DIAGRAM:` line when one stands right above it, or above a
 * one-line caption right above it, as the bundled visualizer is told to write them.
 */
export function findMermaidBlocks(text: string): MermaidBlock[] {
  const lines = text.split('\n');
  const code: boolean[] = [];
  const found: { start: number; end: number; indent: number; closed: boolean }[] = [];
  let fence: { marker: string; mermaid: boolean; start: number; indent: number } | null = null;
  for (const [index, line] of lines.entries()) {
    const prefix = CONTAINER_PREFIX.exec(line)?.[0] ?? '';
    const body = line.slice(prefix.length);
    if (fence !== null) {
      code.push(true);
      const closing = CLOSING_FENCE.exec(body);
      if (closing?.[1] !== undefined && closing[1][0] === fence.marker[0] && closing[1].length >= fence.marker.length) {
        if (fence.mermaid) found.push({ start: fence.start, end: index + 1, indent: fence.indent, closed: true });
        fence = null;
      }
      continue;
    }
    const opening = OPENING_FENCE.exec(body);
    if (opening?.[1] !== undefined && !(opening[1][0] === '`' && opening[2]?.includes('`'))) {
      const info = opening[2]?.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
      fence = { marker: opening[1], mermaid: info === 'mermaid' && TOP_LEVEL.test(prefix), start: index, indent: prefix.length };
      code.push(true);
      continue;
    }
    code.push(false);
  }
  if (fence !== null && fence.mermaid) found.push({ start: fence.start, end: lines.length, indent: fence.indent, closed: false });

  const markers = extractMarkers([{ author: '', text, textLine: 0 }], [defaultMarkerSet]);
  const markerLines = new Set(markers.map((marker) => marker.line));
  const diagramLines = new Map<number, string>();
  for (const diagram of summarizeMarkers(markers).diagrams) diagramLines.set(diagram.line, diagram.path);

  const claimed = new Set<number>();
  let previousEnd = 0;
  return found.map(({ start, end, indent, closed }) => {
    const body = lines
      .slice(start + 1, closed ? end - 1 : end)
      .map((line) => stripIndent(line, indent))
      .join('\n');
    const claim = claimAbove({ lines, code, markerLines, diagramLines, claimed }, start, previousEnd);
    if (claim !== null) claimed.add(claim.line);
    previousEnd = end;
    return { start, end, body, claim };
  });
}

function stripIndent(line: string, indent: number): string {
  let removed = 0;
  while (removed < indent && line[removed] === ' ') removed++;
  return line.slice(removed);
}

/**
 * The `DIAGRAM:` line that names the file for the block opening at `start`: the first
 * non-blank line above it, or the one above that when the first is a caption (prose, not
 * code, not a marker of another kind). Never above `limit` (the previous block's end), never
 * a line another block already claimed.
 */
function claimAbove(
  reply: {
    readonly lines: readonly string[];
    readonly code: readonly boolean[];
    readonly markerLines: ReadonlySet<number>;
    readonly diagramLines: ReadonlyMap<number, string>;
    readonly claimed: ReadonlySet<number>;
  },
  start: number,
  limit: number,
): MermaidBlock['claim'] {
  let index = start - 1;
  for (let step = 0; step < 2; step++) {
    while (index >= limit && reply.lines[index]!.trim() === '') index--;
    if (index < limit || reply.code[index]) return null;
    const claimedPath = reply.diagramLines.get(index);
    if (claimedPath !== undefined) return reply.claimed.has(index) ? null : { line: index, path: claimedPath };
    // A line with another marker is not a caption: the block has no DIAGRAM: line of its own.
    if (reply.markerLines.has(index)) return null;
    index--;
  }
  return null;
}

/** A diagram file a reply's block went to. */
export interface SavedDiagram {
  /** Absolute path of the `.mmd` file. */
  readonly file: string;
  /** The path as the `DIAGRAM:` line gives it, relative to the discussion file. */
  readonly reference: string;
  /** False when an identical file was already there (a reply written again after a crash). */
  readonly created: boolean;
}

/** Where a reply's diagrams go and what they are named after. */
export interface ReplyDiagramTarget {
  readonly folder: DiagramFolder;
  /** The number the reply's comment gets in the discussion (1 for the first comment). */
  readonly number: number;
  /** The participant's alias: the file name when the reply proposes none. */
  readonly alias: string;
}

/** Names tried for one block before giving up (`5-flow.mmd`, `5-flow-2.mmd`…). */
const MAXIMUM_NAME_ATTEMPTS = 1000;

/**
 * Saves each Mermaid block of `text` as a `.mmd` file in the discussion's diagrams folder and
 * returns the text with each block replaced by a `DIAGRAM:` line naming its file (a block the
 * reply already introduced with a `DIAGRAM:` line has that line rewritten instead, and its
 * caption kept). A file is never overwritten: a taken name gets `-2`, `-3`…, except that a
 * file already holding exactly this diagram is used again, so a reply written a second time
 * after a crash refers to the same file. Text without Mermaid blocks comes back unchanged.
 */
export async function saveReplyDiagrams(text: string, target: ReplyDiagramTarget): Promise<{ text: string; saved: SavedDiagram[] }> {
  if (!MERMAID_FENCE.test(text)) return { text, saved: [] };
  const normalized = text.replace(/\r\n/g, '\n');
  const blocks = findMermaidBlocks(normalized);
  if (blocks.length === 0) return { text, saved: [] };
  await mkdir(target.folder.folder, { recursive: true });
  const used = new Set<string>();
  const saved: SavedDiagram[] = [];
  for (const block of blocks) {
    const base = `${target.number}-${fileStem(block.claim?.path) || fileStem(target.alias) || 'diagram'}`;
    saved.push(await saveBlock(target.folder, base, `${block.body}\n`, used));
  }
  const lines = normalized.split('\n');
  const replacement = new Map<number, string>();
  const removed = new Set<number>();
  blocks.forEach((block, index) => {
    const line = `DIAGRAM: ${saved[index]!.reference}`;
    for (let i = block.start; i < block.end; i++) removed.add(i);
    replacement.set(block.claim?.line ?? block.start, line);
  });
  const out: string[] = [];
  lines.forEach((line, index) => {
    const replaced = replacement.get(index);
    if (replaced !== undefined) out.push(replaced);
    else if (!removed.has(index)) out.push(line);
  });
  return { text: out.join('\n').replace(/\s+$/, ''), saved };
}

/** A cheap test before the line-by-line scan: most replies hold no Mermaid at all. */
const MERMAID_FENCE = /(?:`{3,}|~{3,})[ \t]*mermaid/i;

async function saveBlock(folder: DiagramFolder, base: string, content: string, used: Set<string>): Promise<SavedDiagram> {
  for (let attempt = 1; attempt <= MAXIMUM_NAME_ATTEMPTS; attempt++) {
    const name = attempt === 1 ? `${base}.mmd` : `${base}-${attempt}.mmd`;
    if (used.has(name)) continue;
    const file = path.join(folder.folder, name);
    const created = await createFileExclusively(file, content);
    if (!created && !(await holds(file, content))) continue;
    used.add(name);
    return { file, reference: `${folder.reference}/${name}`, created };
  }
  throw new StorageError(`${folder.reference}/ already holds ${MAXIMUM_NAME_ATTEMPTS} diagrams named ${base}; remove unused ones with quorum cleanup --delete`);
}

/** Whether `file` is a regular file (not a link) holding exactly `content`. */
async function holds(file: string, content: string): Promise<boolean> {
  const info = await lstat(file).catch(() => undefined);
  if (info === undefined || !info.isFile()) return false;
  return (await readFile(file, 'utf8').catch(() => undefined)) === content;
}

/**
 * A file name stem from what a reply proposed (`diagrams/Checkout Flow.mmd` → `checkout-flow`)
 * or an alias: lower-case letters, digits, `-` and `_`, at most 40 characters; '' when nothing
 * is left.
 */
export function fileStem(proposed: string | undefined): string {
  if (proposed === undefined) return '';
  const base = proposed.replace(/\\/g, '/').split('/').pop() ?? '';
  return base
    .replace(/(?<=[^.])\.[^.]*$/, '')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 40)
    .replace(/[-_]+$/, '');
}

/**
 * The engine's `rewriteReply` hook for a discussion file: every reply's Mermaid blocks
 * become diagram files (see {@link saveReplyDiagrams}), named after the number the reply's
 * comment gets. The engine calls the hook for each comment in the order they are appended,
 * one after the other, whether it appends each at once or a round's comments in one write:
 * the number is the comments in the file plus the replies rewritten since that are not in
 * it yet. The file is read only for a reply that has a block. A file that cannot be written
 * fails the run with one sentence; running again continues where it stopped.
 */
export function diagramRewriter(options: {
  readonly discussion: string;
  /** Comments in the discussion file when the run starts. */
  readonly comments: number;
  /** Comments in the discussion file now. */
  readonly countComments: () => Promise<number>;
}): (reply: { readonly alias: string; readonly author: string; readonly text: string }) => Promise<string> {
  const folder = diagramFolderOf(options.discussion);
  let known = options.comments;
  let rewritten = 0;
  return async ({ alias, author, text }) => {
    const earlier = rewritten++;
    if (!MERMAID_FENCE.test(text)) return text;
    const count = await options.countComments();
    // Replies rewritten since the last look that the file does not hold yet (a round written in one go).
    const unwritten = Math.max(0, earlier - (count - known));
    known = count;
    rewritten = unwritten + 1;
    try {
      return (await saveReplyDiagrams(text, { folder, number: count + unwritten + 1, alias })).text;
    } catch (error) {
      if (error instanceof StorageError) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new StorageError(`could not save the diagram in ${author}'s reply to ${folder.reference}/ (${code}); make that folder writable, then run again to continue`, { cause: error });
    }
  };
}

/** The absolute file a `DIAGRAM:` path refers to: relative to the discussion file's folder. */
export function resolveDiagramReference(discussion: string, reference: string): string {
  return path.resolve(path.dirname(discussion), reference.replace(/\\/g, '/'));
}

/** Whether `child` is `parent` or inside it (both absolute, already resolved). */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The real path of `file`'s folder joined with its name: where a write to `file` really lands. */
export async function realLocation(file: string): Promise<string | undefined> {
  const folder = await realpath(path.dirname(file)).catch(() => undefined);
  return folder === undefined ? undefined : path.join(folder, path.basename(file));
}

/** The diagram files (`.mmd` and `.svg`) under `root`, sorted; symbolic links are neither followed nor listed. */
export async function listDiagramFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && DIAGRAM_FILE.test(entry.name) && !entry.name.startsWith('.')) files.push(full);
    }
  };
  await walk(root);
  return files.sort();
}

/** A diagram file cleanup considers: Mermaid sources and the SVGs drawn from them. */
const DIAGRAM_FILE = /\.(?:mmd|svg)$/i;

/** `a/b/flow.mmd` and `a/b/flow.svg` → `a/b/flow`: a diagram and its drawing are kept or removed together. */
export function diagramStem(file: string): string {
  return file.replace(/\.(?:mmd|mermaid|svg)$/i, '');
}
