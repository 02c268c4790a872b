import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { InvalidInputError, NotFoundError, type DiscussionStorageV1 } from '@quorum/core';
import type { ResolvedTemplate } from '@quorum/compiler';
import { readStandardInput } from '../open-discussion.js';
import type { Project } from '../project.js';
import { now } from '../clock.js';
import { splitCommaList } from '../options.js';
import { loadNamedTemplate } from '../load-named-template.js';
import { checkParticipantAliases } from './participants-check.js';

/** Phase of a discussion created without a template: one free-form phase. */
export const FREE_FORM_PHASE = 'discussion';

export interface NewOptions {
  template?: string;
  participants?: string;
  context?: string;
  contextFile?: string;
  dir?: string;
  /** Create exactly this file name in the directory (failing when it exists) instead of one made from the title. */
  fileName?: string;
}

export function registerNew(program: Command, project: Project): void {
  program
    .command('new')
    .description('create a discussion file and print its path')
    .argument('<title>', 'the discussion title')
    .option('--template <name>', 'phase template: an id (quorum template list) or a path to a .yaml file')
    .option('--participants <aliases>', "comma-separated participant aliases (default: the template's, else participants from config)")
    .option('--context <text>', 'Markdown for the Context section')
    .option('--context-file <file>', 'read the context from a file ("-" for standard input)')
    .option('--dir <dir>', 'directory to create it in (default: discussions.dir from config)')
    .addHelpText(
      'after',
      '\nWithout --template a discussion has one free-form phase, "discussion".\n\nExamples:\n' +
        '  quorum new "Add rate limiting" --participants architect,security --context "Protect the public API."\n' +
        '  quorum new "Session store refactor" --template code-review --context-file changes.md',
    )
    .action(async (title: string, options: NewOptions) => {
      const { location } = await createDiscussion(project, title, options);
      project.io.out(`${location}\n`);
    });
}

/** Creates a discussion file as `quorum new` does (also used by `quorum run --template`); returns where it is. */
export async function createDiscussion(project: Project, title: string, options: NewOptions): Promise<{ location: string; file: string }> {
  if (options.context !== undefined && options.contextFile !== undefined) {
    throw new InvalidInputError('give the context either with --context or with --context-file, not both');
  }
  const context = options.contextFile === undefined ? options.context : await readContext(project, options.contextFile);
  const loaded = await project.config();
  const chosen = options.participants === undefined ? undefined : splitCommaList(options.participants, '--participants');
  const template = options.template === undefined ? undefined : await loadTemplateFor(project, options.template);
  // Unknown aliases fail with "did you mean"; a template's own participants were checked when it loaded.
  if (chosen !== undefined) await checkParticipantAliases(project, chosen, { kind: 'option', option: '--participants' });
  else if (template === undefined || template.participants.length === 0) await checkParticipantAliases(project, loaded.config.participants, { kind: 'config' });
  const { renderNewDiscussion } = await import('@quorum/format');
  const markdown = renderNewDiscussion({
    title: title.trim(),
    phase: template?.initial ?? FREE_FORM_PHASE,
    template: template?.id,
    created: now(project.io.env),
    // A template without participants leaves them to the discussion (the config's default).
    participants: chosen ?? (template !== undefined && template.participants.length > 0 ? template.participants : loaded.config.participants),
    context,
  });
  const storage = await storageFor(project, options.dir);
  const { id, location } = options.fileName === undefined ? await createUnique(storage, slugOf(title), markdown) : await storage.create(options.fileName, markdown);
  const dir = options.dir !== undefined ? path.resolve(project.io.cwd, options.dir) : await project.discussionsDir();
  return { location, file: path.join(dir, id) };
}

/** The template named by --template, warning when later verbs would not find it by its id. */
async function loadTemplateFor(project: Project, ref: string): Promise<ResolvedTemplate> {
  const template = await loadNamedTemplate(project, ref);
  const [{ isTemplatePath, findTemplates }, context] = await Promise.all([import('@quorum/compiler'), project.templateContext()]);
  if (isTemplatePath(ref)) {
    // The discussion records the template's id; later verbs find it by id in the search directories.
    const found = (await findTemplates(context.dirs)).find((listing) => listing.id === template.id);
    if (found === undefined) {
      project.warn(
        `the discussion records template "${template.id}", which no template directory has; ` +
          `move ${project.display(template.file)} into templates/ (or a folder in templates.dirs) so quorum advance finds it`,
      );
    } else if (path.resolve(found.file) !== path.resolve(template.file)) {
      project.warn(
        `the discussion records template "${template.id}", which quorum advance will find at ${project.display(found.file)}, not at ${project.display(template.file)}`,
      );
    }
  }
  return template;
}

async function readContext(project: Project, file: string): Promise<string> {
  if (file === '-') return readStandardInput(project);
  try {
    return await readFile(path.resolve(project.io.cwd, file), 'utf8');
  } catch {
    throw new NotFoundError(`the context file ${file} cannot be read`);
  }
}

async function storageFor(project: Project, dir: string | undefined): Promise<DiscussionStorageV1> {
  const { FileStorage } = await import('@quorum/storage-file');
  if (dir !== undefined) return new FileStorage({ dir: path.resolve(project.io.cwd, dir) });
  const loaded = await project.config();
  if (loaded.config.storage.backend === 'file') return new FileStorage({ dir: await project.discussionsDir() });
  const { resolveStorage } = await import('@quorum/config');
  return resolveStorage(await project.plugins(), loaded.config, loaded.projectDir, loaded.source);
}

/** Creates `<slug>.md`, or `<slug>-2.md`, `<slug>-3.md`… when the name is taken. */
async function createUnique(storage: DiscussionStorageV1, slug: string, markdown: string): Promise<{ id: string; location: string }> {
  for (let n = 1; ; n++) {
    try {
      return await storage.create(n === 1 ? `${slug}.md` : `${slug}-${n}.md`, markdown);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ALREADY_EXISTS' || n >= 1000) throw error;
    }
  }
}

/** `Add Rate-Limiting (v2)!` → `add-rate-limiting-v2`; letters of any script are kept. */
export function slugOf(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug === '' ? 'discussion' : slug;
}
