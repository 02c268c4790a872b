import { readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's templates/ folder: the templates bundled with Quorum. */
export const BUNDLED = fileURLToPath(new URL('../../../templates/', import.meta.url));

/** Ids of the bundled templates, from their file names. */
export const BUNDLED_IDS = readdirSync(BUNDLED)
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => name.slice(0, -'.yaml'.length))
  .sort();

/** A small valid template: a report phase, a vote, two final phases. */
export const TRIAGE = `id: triage
title: Bug triage
description: Decide whether a reported bug gets fixed.
participants: [architect, pragmatist]
voting: { strategy: threshold, options: { threshold_ready: 0.67 } }
initial: report
phases:
  report:
    title: Report
    goal: Understand the bug
    instructions: |
      Say what you see and how to reproduce it.
    max_rounds: 2
    transitions:
      - to: decide
        when: all_responded
    on_max_rounds: decide
  decide:
    title: Decide
    goal: Fix it or not
    instructions: |
      Vote READY to fix it, REJECT to close it.
    voting: true
    transitions:
      - to: fixed
        when: { consensus: READY }
      - to: wontfix
        when: { consensus: REJECT }
    on_max_rounds: wontfix
  fixed:
    title: Fixed
    final: FIXED
  wontfix:
    title: Will not fix
    final: WONTFIX
`;

/** TRIAGE with a transition to a phase that does not exist, on line {@link BROKEN_LINE}. */
export const BROKEN = TRIAGE.replace('      - to: fixed\n', '      - to: fixd\n');
export const BROKEN_LINE = BROKEN.split('\n').findIndex((line) => line.includes('to: fixd')) + 1;

/** Writes `templates/<name>` (or `name` when it has a folder) into a project directory. */
export async function writeTemplate(cwd: string, name: string, text: string): Promise<string> {
  const relative = name.includes('/') ? name : `templates/${name}`;
  await mkdir(path.dirname(path.join(cwd, relative)), { recursive: true });
  await writeFile(path.join(cwd, relative), text);
  return relative;
}
