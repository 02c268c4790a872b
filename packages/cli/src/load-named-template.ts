import type { ResolvedTemplate } from '@quorum/compiler';
import type { Project } from './project.js';
import { formatDiagnostic } from './template-diagnostics.js';

/**
 * The template named on the command line (an id or a path), loaded through the project's
 * template directories. Warnings go to stderr; errors end the command with exit code 2.
 */
export async function loadNamedTemplate(project: Project, ref: string): Promise<ResolvedTemplate> {
  const [{ loadTemplate }, context] = await Promise.all([import('@quorum/compiler'), project.templateContext()]);
  const { template, warnings } = await loadTemplate(ref, context);
  for (const warning of warnings) project.warn(formatDiagnostic(project, warning));
  return template;
}
