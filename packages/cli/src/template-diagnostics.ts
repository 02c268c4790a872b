import path from 'node:path';
import { formatLocated } from '@quorum/core';
import type { Diagnostic } from '@quorum/compiler';
import type { Project } from './project.js';

/** `templates/x.yaml:3:5: error: message`, the file shown relative to the working directory. */
export function formatDiagnostic(project: Project, diagnostic: Diagnostic, fallbackFile?: string): string {
  const file = diagnostic.file === undefined ? fallbackFile : project.display(path.resolve(project.io.cwd, diagnostic.file));
  return formatLocated(`${diagnostic.severity}: ${diagnostic.message}`, { file, line: diagnostic.line, column: diagnostic.column });
}
