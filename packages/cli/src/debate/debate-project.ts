import path from 'node:path';
import type { TemplateContext } from '@quorum/compiler';
import type { Project } from '../project.js';

/** What one debate sees differently from its project. */
export interface DebateScope {
  /** A folder searched for templates before the project's (the session folder, holding the debate's own template). */
  readonly templateDir?: string | undefined;
}

/**
 * The project as one debate sees it: the same config, plugins and caches, with the session's
 * own template found first (so `--personas` can put other personas in the debate's seats
 * without touching the project's templates). Every command helper (`createDiscussion`, `runSession`, the
 * advance logic) takes this view in place of the project.
 */
export function debateProject(project: Project, scope: DebateScope): Project {
  const view = Object.create(project) as Project;
  let context: Promise<TemplateContext> | undefined;
  const { templateDir } = scope;
  Object.assign(view, {
    // The project's own loads and caches, shared rather than repeated through the view.
    config: () => project.config(),
    plugins: () => project.plugins(),
    templateContext: () => {
      context ??= project.templateContext().then((own) => (templateDir === undefined ? own : { ...own, dirs: [path.resolve(templateDir), ...own.dirs] }));
      return context;
    },
  });
  return view;
}
