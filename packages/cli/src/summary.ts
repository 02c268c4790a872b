import type { VoteValue } from '@quorum/core';
import type { VoteCount } from '@quorum/voting';
import type { ParseOutput } from './discussion-report.js';

/** One participant's part in one phase. */
export interface PhaseParticipant {
  /** The author name as the comments give it (`AI-Architect`, `Rob`). */
  readonly author: string;
  readonly comments: number;
  /** The vote of their latest voting comment in this phase, or null. */
  readonly lastVote: VoteValue | null;
}

/** Who said what in one phase (every visit to it together). */
export interface PhaseActivity {
  readonly phase: string;
  /** The phase's title from the template, when the template could be loaded. */
  readonly title: string | null;
  /** In order of their first comment in the phase. */
  readonly participants: readonly PhaseParticipant[];
}

/**
 * The computed part of `quorum summarize`: everything taken straight from the parser, the
 * markers and the vote count, with no model involved.
 */
export interface SummaryReport {
  readonly title: string | null;
  readonly phase: string | null;
  readonly status: string | null;
  readonly template: string | null;
  readonly participants: readonly string[];
  readonly comments: number;
  /** Votes and consensus of the current phase, counted as `quorum status` counts them. */
  readonly votes: VoteCount;
  readonly questions: { readonly asked: number; readonly open: ParseOutput['questions'] };
  readonly decisions: ParseOutput['decisions'];
  readonly todos: ParseOutput['todos'];
  readonly concerns: ParseOutput['concerns'];
  readonly diagrams: ParseOutput['diagrams'];
  /** Phases in the order the discussion first entered them. */
  readonly phases: readonly PhaseActivity[];
}

/** The phase a discussion without any transition is in when its header names none. */
const FREE_FORM_PHASE = 'discussion';

/**
 * The computed summary of a parsed discussion. Comments belong to the phase the discussion was
 * in when they were written: the phase before its first `PHASE-TRANSITION` (the header's phase
 * when there is none), then each transition's target.
 */
export function buildSummaryReport(parsed: ParseOutput, votes: VoteCount, phaseTitles: ReadonlyMap<string, string> = new Map()): SummaryReport {
  const transitions = parsed.events.filter((event) => event.kind === 'phase-transition');
  let current = transitions[0]?.from ?? parsed.phase ?? FREE_FORM_PHASE;
  const phases = new Map<string, Map<string, { comments: number; lastVote: VoteValue | null }>>([[current, new Map()]]);
  const timeline = [
    ...transitions.map((event) => ({ line: event.line, to: event.to })),
    ...parsed.comments.map((comment) => ({ line: comment.line, comment })),
  ].sort((a, b) => a.line - b.line);
  for (const entry of timeline) {
    if ('to' in entry) {
      current = entry.to;
      if (!phases.has(current)) phases.set(current, new Map());
      continue;
    }
    const authors = phases.get(current)!;
    const seen = authors.get(entry.comment.author) ?? { comments: 0, lastVote: null };
    authors.set(entry.comment.author, { comments: seen.comments + 1, lastVote: entry.comment.vote ?? seen.lastVote });
  }
  return {
    title: parsed.title,
    phase: parsed.phase,
    status: parsed.status,
    template: parsed.template,
    participants: parsed.participants,
    comments: parsed.comments.length,
    votes,
    questions: { asked: parsed.questions.length, open: parsed.questions.filter((question) => question.status === 'open') },
    decisions: parsed.decisions,
    todos: parsed.todos,
    concerns: parsed.concerns,
    diagrams: parsed.diagrams,
    phases: [...phases].map(([phase, authors]) => ({
      phase,
      title: phaseTitles.get(phase) ?? null,
      participants: [...authors].map(([author, part]) => ({ author, ...part })),
    })),
  };
}

/** The prose part: what the summarizer wrote, and who wrote it with which model. */
export interface SummaryProse {
  /** The summary, or null when the summarizer had nothing to summarise (NO_RESPONSE). */
  readonly text: string | null;
  readonly author: string;
  readonly model: string;
  readonly tokens: number;
  readonly cost: number | null;
}

/** Where the summary file links to, relative to the summary file itself. */
export interface SummaryLinks {
  /** The discussion file, as the summary links it. */
  readonly discussion: string;
  /** The discussion file's name, shown in the header comment and the link text. */
  readonly discussionName: string;
  /** A `DIAGRAM:` path (relative to the discussion) as a link from the summary. */
  readonly diagram: (reference: string) => string;
}

/**
 * The summary file (`<discussion>.sum.md`): a header naming the discussion it is derived from,
 * the prose (unless `--no-prose`), then the computed sections in a fixed order, each present
 * even when empty so scripts and diffs find them in the same place. See the CLI README for the
 * layout.
 */
export function renderSummary(report: SummaryReport, prose: SummaryProse | null, links: SummaryLinks): string {
  const out: string[] = [];
  const at = (author: string, line: number) => `${author}, line ${line}`;
  const section = (title: string, items: readonly string[], none: string) => {
    out.push('', `## ${title}`, '');
    if (items.length === 0) out.push(none);
    else out.push(...items);
  };

  out.push(`<!-- quorum summarize: derived from ${comment(links.discussionName)}; written again on every run, so edits here are lost -->`);
  out.push(`# Summary: ${inline(report.title ?? links.discussionName)}`);
  out.push('');
  const facts = [`[${escapeLinkText(links.discussionName)}](${links.discussion})`, `phase \`${report.phase ?? '-'}\``, `status ${report.status ?? '-'}`];
  if (report.template) facts.push(`template \`${report.template}\``);
  out.push(`${facts.join(' · ')}  `);
  out.push(`Participants: ${report.participants.length > 0 ? report.participants.join(', ') : '-'} · ${report.comments} comment${report.comments === 1 ? '' : 's'}`);

  if (prose !== null) {
    out.push('', '## In brief', '');
    out.push(prose.text === null ? `${prose.author} had nothing to summarise yet.` : prose.text.trim());
    const cost = prose.cost === null ? 'cost unknown' : `$${prose.cost.toFixed(4)}`;
    out.push('', `*Written by ${prose.author} with ${prose.model} (${prose.tokens} tokens, ${cost}); the sections below are computed from the discussion file.*`);
  }

  const { votes } = report;
  out.push('', '## Votes and consensus', '');
  out.push(
    `Phase \`${votes.phase ?? '-'}\`, ${votes.strategy} strategy: READY ${votes.counts.READY}, CHANGES ${votes.counts.CHANGES}, REJECT ${votes.counts.REJECT}.  `,
    `Consensus: ${votes.reached ? `${votes.outcome} reached` : 'not reached'} — ${inline(votes.reason).replace(/\.+$/, '')}.${votes.choice === undefined ? '' : '  '}`,
  );
  // A strategy that chooses among options (a ranked vote) names its choice on a line of its own.
  if (votes.choice !== undefined) out.push(`Choice: ${votes.choice === null ? 'none yet' : inline(votes.choice)}.`);
  const cast = Object.entries(votes.votes);
  if (cast.length > 0) out.push('', '| voter | vote |', '| --- | --- |', ...cast.map(([voter, vote]) => `| ${cell(voter)} | ${vote} |`));
  const pending: string[] = [];
  if (votes.missing.length > 0) pending.push(`Not voted yet: ${votes.missing.join(', ')}.`);
  if (votes.blockedBy.length > 0) pending.push(`Blocked by: ${votes.blockedBy.join(', ')}.`);
  if (pending.length > 0) out.push('', pending.join(' '));

  const { questions } = report;
  section(
    `Open questions (${questions.open.length} of ${questions.asked})`,
    questions.open.map((q) => `- **${q.id}** ${inline(q.text)} — ${at(q.author, q.line)}${q.mentions.length > 0 ? ` → ${q.mentions.map((m) => `@${m}`).join(' ')}` : ''}`),
    questions.asked === 0 ? 'No questions were asked.' : 'Every question has an answer.',
  );
  section(`Decisions (${report.decisions.length})`, report.decisions.map((d) => `- ${inline(d.text)} — ${at(d.author, d.line)}`), 'No decisions recorded.');
  const openTodos = report.todos.filter((t) => t.status === 'open').length;
  section(
    `Todos (${openTodos} open, ${report.todos.length - openTodos} done)`,
    report.todos.map((t) => {
      const owners = t.assignees.length > 0 ? ` → ${t.assignees.map((a) => `@${a}`).join(' ')}` : '';
      const done = t.status === 'done' ? `; done by ${t.doneBy ?? '?'}, line ${t.doneLine ?? '?'}` : '';
      return `- [${t.status === 'done' ? 'x' : ' '}] **${t.id}** ${inline(t.text)} — ${at(t.author, t.line)}${owners}${done}`;
    }),
    'No todos.',
  );
  section(`Concerns (${report.concerns.length})`, report.concerns.map((c) => `- ${inline(c.text)} — ${at(c.author, c.line)}`), 'No concerns raised.');
  section(
    `Diagrams (${report.diagrams.length})`,
    report.diagrams.map((d) => `- [${escapeLinkText(d.path)}](${links.diagram(d.path)}) — ${at(d.author, d.line)}`),
    'No diagrams referenced.',
  );

  out.push('', '## Who said what');
  for (const phase of report.phases) {
    out.push('', `### ${phase.title === null ? `\`${phase.phase}\`` : `${inline(phase.title)} (\`${phase.phase}\`)`}`, '');
    if (phase.participants.length === 0) {
      out.push('No comments in this phase.');
      continue;
    }
    out.push('| participant | comments | last vote |', '| --- | ---: | --- |');
    for (const p of phase.participants) out.push(`| ${cell(p.author)} | ${p.comments} | ${p.lastVote ?? '—'} |`);
  }
  return `${out.join('\n')}\n`;
}

/** Text on one line (marker texts already are; reasons and titles might not be). */
function inline(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A table cell: one line, with `|` escaped. */
function cell(text: string): string {
  return inline(text).replace(/\|/g, '\\|');
}

function escapeLinkText(text: string): string {
  return inline(text).replace(/([[\]\\])/g, '\\$1');
}

/** Text inside an HTML comment: never closes it early. */
function comment(text: string): string {
  return inline(text).replace(/--/g, '-\u200b-');
}
