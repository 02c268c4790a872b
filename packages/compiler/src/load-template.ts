import { resolve } from 'node:path';
import { checkTemplate } from './check-template.js';
import { sortDiagnostics, TemplateError, type Diagnostic } from './diagnostic.js';
import { findTemplateFile, isTemplatePath } from './find-templates.js';
import { mergeTemplateChain } from './merge-template.js';
import type { ResolvedTemplate, TemplateContext } from './resolved-template.js';
import { readTemplateChain, unknownTemplateHint } from './template-chain.js';

/**
 * Loads a template by id (the first `<id>.yaml` / `<id>.yml` in `context.dirs`) or by path
 * (relative to `context.cwd`; see `isTemplatePath`), resolves `extends`, validates every
 * file against the template schema and runs the static checks. Throws a
 * {@link TemplateError} holding every error (and the warnings) when there is any error;
 * otherwise returns the template and the warnings.
 */
export async function loadTemplate(
  ref: string,
  context: TemplateContext,
): Promise<{ template: ResolvedTemplate; warnings: Diagnostic[] }> {
  const file = await locateTemplate(ref, context);
  if (typeof file !== 'string') throw new TemplateError([file]);
  const { template, diagnostics } = await analyseTemplate(file, context);
  if (template === undefined) throw new TemplateError(diagnostics);
  return { template, warnings: diagnostics };
}

/**
 * Every problem with a template file, errors and warnings (errors first, each group in
 * file order), for `quorum template validate`. Never throws for problems with the
 * template; an empty list means it is fine.
 */
export async function validateTemplateFile(file: string, context: TemplateContext): Promise<Diagnostic[]> {
  return (await analyseTemplate(resolve(context.cwd, file), context)).diagnostics;
}

async function analyseTemplate(
  file: string,
  context: TemplateContext,
): Promise<{ template?: ResolvedTemplate; diagnostics: Diagnostic[] }> {
  const { chain, diagnostics } = await readTemplateChain(file, context);
  if (chain === undefined) return { diagnostics: sortDiagnostics(diagnostics) };
  const merged = mergeTemplateChain(chain);
  const checked = checkTemplate(merged.draft, context);
  // The template's own file first, then its parent, and so on.
  const files = [...chain].reverse().map((member) => member.display);
  const all = sortDiagnostics([...diagnostics, ...merged.diagnostics, ...checked.diagnostics], files);
  const failed = all.some((diagnostic) => diagnostic.severity === 'error');
  return failed || checked.template === undefined ? { diagnostics: all } : { template: checked.template, diagnostics: all };
}

/** The file a template reference names, or the diagnostic saying it names none. */
async function locateTemplate(ref: string, context: TemplateContext): Promise<string | Diagnostic> {
  if (isTemplatePath(ref)) return resolve(context.cwd, ref);
  const dirs = context.dirs.map((dir) => resolve(context.cwd, dir));
  const file = await findTemplateFile(ref, dirs);
  if (file !== undefined) return file;
  return {
    severity: 'error',
    code: 'unknown-template',
    message: `unknown template "${ref}"${await unknownTemplateHint(ref, dirs)}`,
  };
}
