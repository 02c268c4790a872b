import { stat } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { didYouMean } from '@quorum/core';
import type { Diagnostic } from './diagnostic.js';
import { findTemplateFile, isTemplatePath, templateIds } from './find-templates.js';
import type { TemplateContext } from './resolved-template.js';
import { TEMPLATE_ID_PATTERN } from './template-schema.js';
import { displayPath, locationOf, readTemplateFile, type TemplateFile } from './template-file.js';

/**
 * Reads a template file and the templates it extends, following `extends` (an id looked up
 * in `context.dirs`, skipping the file itself, or a path relative to the file). Returns
 * the files from the most distant ancestor to `path`, or nothing when one cannot be read,
 * does not pass the schema, or the chain has a cycle; every problem is in `diagnostics`.
 */
export async function readTemplateChain(
  path: string,
  context: Pick<TemplateContext, 'dirs' | 'cwd'>,
): Promise<{ chain?: TemplateFile[]; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const chain: TemplateFile[] = [];
  const searchDirs = context.dirs.map((dir) => resolve(context.cwd, dir));
  let next: string | undefined = path;
  let usable = true;
  while (next !== undefined) {
    const { file, diagnostics: found } = await readTemplateFile(next, context.cwd);
    diagnostics.push(...found);
    if (file === undefined) return { diagnostics };
    usable &&= file.valid;
    diagnostics.push(...fileNameProblems(file, searchDirs));
    chain.unshift(file);
    const ref = file.value['extends'];
    if (typeof ref !== 'string' || ref === '') break;
    const origin = { file, path: ['extends'] };
    const parent = isTemplatePath(ref)
      ? await existingFile(resolve(dirname(file.path), ref))
      : await findTemplateFile(ref, searchDirs, file.path);
    if (parent === undefined) {
      const message = isTemplatePath(ref)
        ? `extends names a file that does not exist: ${displayPath(resolve(dirname(file.path), ref), context.cwd)}`
        : `extends names an unknown template "${ref}"${await unknownTemplateHint(ref, searchDirs)}`;
      diagnostics.push({ severity: 'error', code: 'unknown-template', message, ...locationOf(origin) });
      return { diagnostics };
    }
    const repeated = chain.find((member) => member.path === parent);
    if (repeated !== undefined) {
      const names = [...chain].reverse().concat(repeated).map(templateName);
      diagnostics.push({
        severity: 'error',
        code: 'extends-cycle',
        message: `extends forms a cycle: ${names.join(' -> ')}`,
        ...locationOf(origin),
      });
      return { diagnostics };
    }
    next = parent;
  }
  return usable ? { chain, diagnostics } : { diagnostics };
}

/** A file inside a template directory is found by its name, so its id must be that name. */
function fileNameProblems(file: TemplateFile, searchDirs: readonly string[]): Diagnostic[] {
  const id = file.value['id'];
  const expected = basename(file.path, extname(file.path));
  if (typeof id !== 'string' || !TEMPLATE_ID_PATTERN.test(id) || id === expected) return [];
  if (!searchDirs.includes(dirname(file.path))) return [];
  return [
    {
      severity: 'error',
      code: 'id-mismatch',
      message: `id "${id}" must equal the file name "${expected}": templates in a template directory are found by file name`,
      ...locationOf({ file, path: ['id'] }),
    },
  ];
}

function templateName(file: TemplateFile): string {
  const id = file.value['id'];
  return typeof id === 'string' ? id : file.display;
}

async function existingFile(path: string): Promise<string | undefined> {
  return (await stat(path).catch(() => undefined))?.isFile() ? path : undefined;
}

/** ` (did you mean "base"?)`, else the known ids, else that there are none. */
export async function unknownTemplateHint(ref: string, dirs: readonly string[]): Promise<string> {
  const ids = await templateIds(dirs);
  const hint = didYouMean(ref, ids);
  if (hint !== '') return hint;
  return ids.length === 0 ? ' (no template directory holds any template)' : ` (known: ${ids.join(', ')})`;
}
