import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { StorageError } from '@quorum/core';
import type { Project } from '../project.js';
import { loadNamedTemplate } from '../load-named-template.js';
import { renderMermaidSvg } from '../render-mermaid-svg.js';

interface TemplateGraphOptions {
  format: 'mermaid' | 'svg';
  output?: string;
}

export function registerTemplateGraph(parent: Command, project: Project): void {
  parent
    .command('graph')
    .description("draw a template's phases and transitions as a Mermaid state diagram or an SVG image")
    .argument('<template>', 'a template id (quorum template list) or a path to a .yaml file')
    .addOption(new Option('--format <format>', 'mermaid (the diagram text) or svg (a rendered image)').choices(['mermaid', 'svg']).default('mermaid'))
    .option('--output <file>', 'write the diagram to this file instead of standard output')
    .addHelpText(
      'after',
      '\nThe SVG is drawn without a browser and makes no network request when opened.\n\n' +
        'Examples:\n  quorum template graph feature\n  quorum template graph feature --format svg --output feature.svg',
    )
    .action(async (ref: string, options: TemplateGraphOptions) => {
      const template = await loadNamedTemplate(project, ref);
      const { toMermaid } = await import('@quorum/compiler');
      const mermaid = toMermaid(template);
      const text = withNewline(options.format === 'svg' ? await renderMermaidSvg(mermaid) : mermaid);
      if (options.output === undefined) {
        project.io.out(text);
        return;
      }
      const target = path.resolve(project.io.cwd, options.output);
      try {
        await writeFile(target, text);
      } catch (error) {
        throw new StorageError(`could not write ${options.output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      project.io.out(`Wrote ${project.display(target)}\n`);
    });
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
