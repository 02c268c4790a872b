import path from 'node:path';
import type { DiscussionState } from './workflow-host.js';

/** One discussion's outcome as the summary export writes it. */
export interface OutcomeEntry {
  /** The discussion file, relative to the summary's folder (`/` separators). */
  readonly file: string;
  readonly title: string | null;
  readonly template: string | null;
  readonly phase: string | null;
  readonly status: string | null;
  readonly final: boolean;
  readonly votes: DiscussionState['votes'];
  readonly consensus: string | null;
  readonly open_questions: number;
  readonly decisions: readonly string[];
  readonly final_design: string | null;
}

/** What `export: summary` writes as JSON. */
export interface OutcomeSummary {
  readonly workflow: string;
  readonly vars: Readonly<Record<string, string | readonly string[]>>;
  readonly discussions: readonly OutcomeEntry[];
}

/** The summary of a run's discussions, with file paths relative to where the summary is written. */
export function outcomeSummary(workflow: string, vars: OutcomeSummary['vars'], states: readonly DiscussionState[], summaryFile: string): OutcomeSummary {
  const folder = path.dirname(summaryFile);
  return {
    workflow,
    vars,
    discussions: states.map((state) => ({
      file: path.relative(folder, state.file).split(path.sep).join('/'),
      title: state.title,
      template: state.template,
      phase: state.phase,
      status: state.status,
      final: state.final,
      votes: state.votes,
      consensus: state.consensus,
      open_questions: state.openQuestions,
      decisions: state.decisions,
      final_design: state.finalDesign,
    })),
  };
}

/**
 * The summary as Markdown: a table of every discussion (linked) with its status, phase and
 * votes, then per discussion its decisions and its final design when there is one.
 */
export function renderOutcomeMarkdown(summary: OutcomeSummary): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const lines: string[] = [`# ${summary.workflow}: outcomes`, ''];
  const vars = Object.entries(summary.vars);
  if (vars.length > 0) {
    lines.push(...vars.map(([name, value]) => `- ${name}: ${Array.isArray(value) ? value.join(', ') : value}`), '');
  }
  if (summary.discussions.length === 0) {
    lines.push('No discussions were run.');
    return `${lines.join('\n')}\n`;
  }
  lines.push('| Discussion | Template | Status | Phase | READY | CHANGES | REJECT | Decisions |', '| --- | --- | --- | --- | ---: | ---: | ---: | ---: |');
  for (const entry of summary.discussions) {
    const title = cell(entry.title ?? entry.file);
    lines.push(
      `| [${title}](${encodeURI(entry.file)}) | ${cell(entry.template ?? '-')} | ${cell(entry.status ?? '-')} | ${cell(entry.phase ?? '-')} | ${entry.votes.READY} | ${entry.votes.CHANGES} | ${entry.votes.REJECT} | ${entry.decisions.length} |`,
    );
  }
  for (const entry of summary.discussions) {
    lines.push('', `## ${entry.title ?? entry.file}`, '');
    lines.push(`${entry.status ?? 'OPEN'} in phase ${entry.phase ?? '-'}${entry.consensus === null ? '' : `; consensus ${entry.consensus}`}${entry.open_questions > 0 ? `; ${entry.open_questions} open question${entry.open_questions === 1 ? '' : 's'}` : ''}.`);
    if (entry.decisions.length > 0) lines.push('', 'Decisions:', '', ...entry.decisions.map((decision) => `- ${decision}`));
    if (entry.final_design !== null) lines.push('', 'Final design:', '', ...entry.final_design.split('\n').map((line) => (line === '' ? '>' : `> ${line}`)));
  }
  return `${lines.join('\n')}\n`;
}
