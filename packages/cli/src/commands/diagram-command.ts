import { lstat, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { InvalidInputError, StorageError } from '@quorum/core';
import { extractMarkers, summarizeMarkers } from '@quorum/markers';
import { isInside, realLocation, resolveDiagramReference } from '../diagram-files.js';
import { fileOf, openDiscussion } from '../open-discussion.js';
import type { Project } from '../project.js';
import { renderMermaidSvg } from '../render-mermaid-svg.js';
import { writeFileAtomically } from '../write-file-atomically.js';

interface DiagramOptions {
  check?: boolean;
}

/** Files `quorum diagram` draws; other references (`.svg`, `.png`, `.puml`) are only checked to exist. */
const MERMAID_FILE = /\.(?:mmd|mermaid)$/i;

/** Why a referenced diagram was not drawn, as the sentence after `file:line:`. */
interface Problem {
  readonly line: number;
  readonly message: string;
  /** `input`: the diagram is missing or broken (exit 2); `runtime`: the SVG could not be written, or is stale under --check (exit 1). */
  readonly kind: 'input' | 'runtime';
}

export function registerDiagram(program: Command, project: Project): void {
  program
    .command('diagram')
    .description('draw every Mermaid diagram a discussion references (DIAGRAM: lines) as an SVG beside its .mmd file')
    .argument('<file>', 'the discussion file')
    .option('--check', 'write nothing; fail when a diagram is missing or broken, or its SVG is missing or out of date')
    .addHelpText(
      'after',
      '\nDIAGRAM: paths are relative to the discussion file and must stay inside its folder. Each\n' +
        '.mmd file is drawn without a browser (beautiful-mermaid) to the .svg of the same name.\n' +
        'A missing or broken diagram is reported with its line; the others are still drawn.\n\n' +
        'Examples:\n  quorum diagram discussions/add-rate-limiting.md\n  quorum diagram discussions/add-rate-limiting.md --check',
    )
    .action(async (file: string, options: DiagramOptions) => {
      const opened = await openDiscussion(project, file);
      const discussion = fileOf(opened);
      const registry = await project.plugins();
      const comments = opened.discussion.sections.flatMap((section) => (section.kind === 'comment' ? [section] : []));
      const references = summarizeMarkers(extractMarkers(comments, registry.markerSets)).diagrams;
      if (references.length === 0) {
        project.io.out(`${opened.location} references no diagrams\n`);
        return;
      }
      const home = await realpath(path.dirname(discussion));
      const problems: Problem[] = [];
      const seen = new Set<string>();
      let drawn = 0;
      let current = 0;
      for (const reference of references) {
        const target = resolveDiagramReference(discussion, reference.path);
        if (seen.has(target)) continue;
        seen.add(target);
        const shown = reference.path === '' ? '(an empty path)' : reference.path;
        const problem = (message: string, kind: Problem['kind'] = 'input') => problems.push({ line: reference.line, message, kind });
        // Inside the discussion's folder as written, and once symbolic links are resolved: the SVG is written beside it.
        const real = await realLocation(target);
        if (!isInside(path.dirname(discussion), target) || (real !== undefined && !isInside(home, real))) {
          problem(`DIAGRAM ${shown} points outside the discussion's folder; keep diagrams beside the discussion (diagrams/…)`);
          continue;
        }
        const info = await lstat(target).catch(() => undefined);
        if (info === undefined) {
          problem(`DIAGRAM ${shown} does not exist; restore the file or correct the DIAGRAM line`);
          continue;
        }
        if (info.isSymbolicLink() || !info.isFile()) {
          problem(`DIAGRAM ${shown} is not a regular file (${info.isSymbolicLink() ? 'a symbolic link' : 'a folder'}); point it at a .mmd file`);
          continue;
        }
        if (!MERMAID_FILE.test(target)) {
          project.warn(`note: ${opened.location}:${reference.line}: ${shown} is not a Mermaid file (.mmd), so it is left as it is`);
          continue;
        }
        let svg: string;
        try {
          svg = withNewline(await renderMermaidSvg(await readFile(target, 'utf8')));
        } catch (error) {
          problem(`DIAGRAM ${shown} does not parse as Mermaid (${oneLine((error as Error).message)}); fix the diagram file`);
          continue;
        }
        const output = target.replace(MERMAID_FILE, '.svg');
        const shownOutput = project.display(output);
        if (options.check) {
          const existing = await readFile(output, 'utf8').catch(() => undefined);
          if (existing === undefined) problem(`${shownOutput} has not been drawn yet; run quorum diagram ${file}`, 'runtime');
          else if (existing !== svg) problem(`${shownOutput} is out of date with ${shown}; run quorum diagram ${file}`, 'runtime');
          else current++;
          continue;
        }
        try {
          await writeFileAtomically(output, svg);
        } catch (error) {
          problem(`could not write ${shownOutput} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check that its folder can be written to`, 'runtime');
          continue;
        }
        drawn++;
        project.io.out(`Drew ${shownOutput}\n`);
      }
      for (const { line, message } of problems) project.warn(`${opened.location}:${line}: ${message}`);
      if (options.check && problems.length === 0) project.io.out(`${opened.location}: ${current} diagram${current === 1 ? '' : 's'} drawn and up to date\n`);
      if (problems.length > 0) {
        const count = `${problems.length} of ${seen.size} referenced diagram${seen.size === 1 ? '' : 's'}`;
        const summary = options.check ? `${count} failed the check` : `${count} could not be drawn${drawn > 0 ? ` (${drawn} drawn)` : ''}`;
        if (problems.some((p) => p.kind === 'input')) throw new InvalidInputError(summary);
        throw new StorageError(summary);
      }
    });
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim().replace(/;+$/, '');
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}
