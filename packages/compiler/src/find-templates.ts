import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { formatLocated, isQuorumError } from '@quorum/core';
import { loadYamlDocument } from '@quorum/config';
import type { TemplateListing } from './resolved-template.js';
import { TEMPLATE_ID_PATTERN } from './template-schema.js';

/** The extensions a template file may have, in the order they are looked for. */
export const TEMPLATE_EXTENSIONS: readonly string[] = ['.yaml', '.yml'];

/** Title of a listed file that cannot be used; its description then says why. */
export const INVALID_TEMPLATE_TITLE = '(invalid)';

/**
 * Whether a template reference is a path (it has a path separator or ends in `.yaml` /
 * `.yml`) rather than an id looked up in the template directories.
 */
export function isTemplatePath(ref: string): boolean {
  return ref.includes('/') || ref.includes('\\') || /\.ya?ml$/i.test(ref);
}

/**
 * The file of template `id` in the first directory that has one (`<id>.yaml`, then
 * `<id>.yml`), skipping `except` (so a template may extend the template it shadows).
 */
export async function findTemplateFile(
  id: string,
  dirs: readonly string[],
  except?: string,
): Promise<string | undefined> {
  for (const dir of dirs) {
    for (const extension of TEMPLATE_EXTENSIONS) {
      const file = resolve(dir, `${id}${extension}`);
      if (file === except) continue;
      if ((await stat(file).catch(() => undefined))?.isFile()) return file;
    }
  }
  return undefined;
}

/** The ids of every template file in `dirs`, sorted. */
export async function templateIds(dirs: readonly string[]): Promise<string[]> {
  const ids = new Set<string>();
  for (const dir of dirs) for (const { id } of await templateFilesIn(dir)) ids.add(id);
  return [...ids].sort();
}

/**
 * Every template file (`*.yaml`, `*.yml`) in the directories, one per id (the first
 * directory wins; in one directory `.yaml` wins over `.yml`), sorted by id. Only the id,
 * title and description are read, so listing stays fast; a file that cannot be read, is
 * not YAML, or whose id does not match its file name (or is not a valid id) is listed with
 * the title `(invalid)` and the first problem, located, as its description — run
 * `validateTemplateFile` for everything. Directories that do not exist are skipped.
 */
export async function findTemplates(dirs: readonly string[]): Promise<TemplateListing[]> {
  const listings = new Map<string, TemplateListing>();
  for (const dir of dirs) {
    for (const { id, file } of await templateFilesIn(dir)) {
      if (!listings.has(id)) listings.set(id, await describeTemplateFile(id, file));
    }
  }
  return [...listings.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

async function templateFilesIn(dir: string): Promise<{ id: string; file: string }[]> {
  const entries = await readdir(resolve(dir), { withFileTypes: true }).catch(() => []);
  const files = entries
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && TEMPLATE_EXTENSIONS.includes(extname(entry.name)))
    .map((entry) => ({ id: basename(entry.name, extname(entry.name)), file: join(resolve(dir), entry.name) }))
    .sort((a, b) => TEMPLATE_EXTENSIONS.indexOf(extname(a.file)) - TEMPLATE_EXTENSIONS.indexOf(extname(b.file)));
  const seen = new Set<string>();
  return files.filter(({ id }) => !seen.has(id) && seen.add(id));
}

async function describeTemplateFile(id: string, file: string): Promise<TemplateListing> {
  const invalid = (description: string): TemplateListing => ({ id, title: INVALID_TEMPLATE_TITLE, description, file });
  if (!TEMPLATE_ID_PATTERN.test(id)) {
    return invalid(`the file name "${basename(file)}" does not make a template id (${String(TEMPLATE_ID_PATTERN)})`);
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return invalid(`cannot read the file: ${(error as Error).message}`);
  }
  let value: unknown;
  let locate: ReturnType<typeof loadYamlDocument>['locate'];
  try {
    ({ value, locate } = loadYamlDocument(text, file, { kind: 'template' }));
  } catch (error) {
    if (!isQuorumError(error)) throw error;
    return invalid(error.message);
  }
  const at = (key: string, message: string) => invalid(formatLocated(message, { file, ...locate([key]) }));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return invalid(formatLocated('the template must be a mapping', { file, line: 1, column: 1 }));
  }
  const { id: written, title, description } = value as Record<string, unknown>;
  if (written !== id) return at('id', `id must equal the file name "${id}", not ${JSON.stringify(written ?? null)}`);
  if (typeof title !== 'string' || title.trim() === '') return at('title', 'title must be a non-empty string');
  if (typeof description !== 'string') return at('description', 'description must be a string');
  return { id, title, description, file };
}
