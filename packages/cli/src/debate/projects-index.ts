import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../write-file-atomically.js';
import { parseSessionRecord, SESSION_FILES } from './session-record.js';

/** The index file at the projects root. */
export const PROJECTS_INDEX = 'PROJECTS_INDEX.md';

/** A session folder's name: `<YYYYMMDD>_<HHMMSS>_<slug>`. */
const SESSION_FOLDER = /^(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})_(.+)$/;

/** One session as the index and `quorum projects list` show it. */
export interface ProjectEntry {
  /** The folder's name. */
  readonly folder: string;
  /** The folder, absolute. */
  readonly path: string;
  readonly topic: string;
  /** When the session was created, ISO 8601 (from session.json, else the folder's name). */
  readonly created: string;
  /** `ACCEPTED`, `UNRESOLVED`, `OPEN`, or null when unknown. */
  readonly status: string | null;
  /** How the last run ended (`finished`, `turn-cap`, `failed`, `running`…), or null when unknown. */
  readonly outcome: string | null;
  /** False for a session that failed, was stopped, or is still running (or has no session.json). */
  readonly complete: boolean;
  readonly accepted: boolean;
  /** The diagram to link: `diagram.svg`, else `diagram.mmd`, else null. */
  readonly diagram: string | null;
  readonly design: boolean;
}

/** Every session folder under `root`, newest first; an absent root has none. */
export async function listProjects(root: string): Promise<ProjectEntry[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const folders = entries.filter((entry) => entry.isDirectory() && SESSION_FOLDER.test(entry.name)).map((entry) => entry.name);
  const projects = await Promise.all(folders.map((folder) => readProject(root, folder)));
  return projects.sort((a, b) => (a.created === b.created ? (a.folder < b.folder ? 1 : -1) : a.created < b.created ? 1 : -1));
}

async function readProject(root: string, folder: string): Promise<ProjectEntry> {
  const dir = path.join(root, folder);
  const exists = async (name: string) => (await stat(path.join(dir, name)).catch(() => undefined))?.isFile() === true;
  const [record, svg, mmd, design] = await Promise.all([
    readFile(path.join(dir, SESSION_FILES.session), 'utf8').then(parseSessionRecord, () => undefined),
    exists(SESSION_FILES.svg),
    exists(SESSION_FILES.diagram),
    exists(SESSION_FILES.design),
  ]);
  const match = SESSION_FOLDER.exec(folder)!;
  const fromName = `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}.000Z`;
  const topic = record?.topic ?? (await titleOf(path.join(dir, SESSION_FILES.conversation))) ?? match[7]!.replace(/[-_]+/g, ' ');
  return {
    folder,
    path: dir,
    topic,
    created: record?.created ?? fromName,
    status: record?.status ?? null,
    outcome: record?.outcome ?? null,
    complete: record?.complete === true,
    accepted: record?.accepted === true,
    diagram: svg ? SESSION_FILES.svg : mmd ? SESSION_FILES.diagram : null,
    design,
  };
}

/** The Title header of a conversation, without parsing all of it. */
async function titleOf(file: string): Promise<string | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : /^<!--\s*Title:\s*(.*?)\s*-->\s*$/m.exec(text.slice(0, 4096))?.[1];
}

/** `PROJECTS_INDEX.md`: every session, newest first, with its topic, date, outcome, folder and diagram. */
export function renderProjectsIndex(entries: readonly ProjectEntry[]): string {
  const out = [
    '# Design sessions',
    '',
    'Every `quorum debate` session in this folder, newest first. Quorum writes this file again from the',
    'session folders after each session, so it never drifts from them; edits to it are overwritten.',
    '',
  ];
  const latest = entries.find((entry) => entry.complete && entry.diagram === SESSION_FILES.svg);
  if (latest !== undefined) {
    out.push(`## Latest: ${oneLine(latest.topic)}`, '', `${describe(latest)} · [${latest.folder}](${link(latest.folder)}/)`, '', `![Diagram](${link(latest.folder)}/${SESSION_FILES.svg})`, '');
  }
  out.push('## All sessions', '');
  if (entries.length === 0) {
    out.push('No sessions yet. Start one with `quorum debate "Design a URL shortener"`.', '');
    return out.join('\n');
  }
  out.push('| Date | Topic | Outcome | Session | Diagram |', '| --- | --- | --- | --- | --- |');
  for (const entry of entries) {
    const topic = entry.design ? `[${cell(entry.topic)}](${link(entry.folder)}/${SESSION_FILES.design})` : cell(entry.topic);
    const diagram = entry.diagram === null ? '—' : `[${entry.diagram === SESSION_FILES.svg ? 'diagram' : 'diagram (Mermaid)'}](${link(entry.folder)}/${entry.diagram})`;
    out.push(`| ${displayDate(entry.created)} | ${topic} | ${cell(describe(entry))} | [${entry.folder}](${link(entry.folder)}/) | ${diagram} |`);
  }
  out.push('');
  return out.join('\n');
}

/** `ACCEPTED`, `UNRESOLVED`, or `incomplete (failed)` for a session that did not finish. */
export function describe(entry: Pick<ProjectEntry, 'complete' | 'status' | 'outcome'>): string {
  if (entry.complete) return entry.status === null ? 'complete' : entry.outcome === 'finished' || entry.outcome === null ? entry.status : `${entry.status} (${entry.outcome})`;
  return `incomplete${entry.outcome === null ? '' : ` (${entry.outcome})`}`;
}

/** Writes the index at `root` from its folders and returns what it lists. */
export async function writeProjectsIndex(root: string): Promise<ProjectEntry[]> {
  const entries = await listProjects(root);
  await writeFileAtomically(path.join(root, PROJECTS_INDEX), renderProjectsIndex(entries));
  return entries;
}

/** `2026-11-21T09:00:00.000Z` → `2026-11-21 09:00 UTC`. */
export function displayDate(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function link(folder: string): string {
  return encodeURI(folder).replace(/[()]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Text for a table cell or a link's text: pipes and brackets escaped. */
function cell(text: string): string {
  return oneLine(text).replace(/[|[\]]/g, (char) => `\\${char}`);
}
