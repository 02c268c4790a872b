import type { Command } from 'commander';
import type { DiscussionEvent } from '@quorum/core';
import type { UsageReport, UsageTotal } from '@quorum/engine';
import type { VoteCount } from '@quorum/voting';
import { countDiscussionVotes } from '../count-discussion-votes.js';
import { buildParseOutput, type ParseOutput } from '../discussion-report.js';
import { discussionArgument } from '../open-discussion.js';
import type { Project } from '../project.js';

interface StatusOptions {
  json?: boolean;
  verbose?: boolean;
}

/** What `quorum status --json` prints. */
export interface StatusReport {
  readonly file: string | null;
  readonly title: string | null;
  readonly phase: string | null;
  readonly status: string | null;
  readonly template: string | null;
  readonly participants: string[];
  readonly comments: number;
  readonly votes: VoteCount;
  readonly openQuestions: ParseOutput['questions'];
  readonly answeredQuestions: ParseOutput['questions'];
  readonly decisions: ParseOutput['decisions'];
  readonly todos: ParseOutput['todos'];
  readonly concerns: ParseOutput['concerns'];
  /** Marker types other than the default set's, e.g. `risk` from a plugin. */
  readonly otherMarkers: Record<string, ParseOutput['markers'][string]>;
  /** Tokens and estimated cost of the AI comments, in total, per author and per phase. */
  readonly usage: UsageReport;
  readonly warnings: string[];
}

const DEFAULT_TYPES = new Set(['question', 'answer', 'todo', 'decision', 'concern', 'assigned', 'done', 'diagram']);

export function registerStatus(program: Command, project: Project): void {
  program
    .command('status')
    .description('show a discussion: phase, status, participants, votes and consensus, open questions, decisions, todos, concerns')
    .argument('<file>', 'the discussion file, or "-" to read it from standard input')
    .option('--json', 'print the status as JSON')
    .option('-v, --verbose', 'also list every comment, answered questions and events')
    .action(async (file: string, options: StatusOptions) => {
      const { discussion, location } = await discussionArgument(project, file);
      const registry = await project.plugins();
      const parsed = buildParseOutput(discussion, registry.markerSets, location);
      const votes = await countDiscussionVotes(project, parsed);
      const { usageReport } = await import('@quorum/engine');
      const report: StatusReport = {
        file: location,
        title: parsed.title,
        phase: parsed.phase,
        status: parsed.status,
        template: parsed.template,
        participants: parsed.participants,
        comments: parsed.comments.length,
        votes,
        openQuestions: parsed.questions.filter((q) => q.status === 'open'),
        answeredQuestions: parsed.questions.filter((q) => q.status === 'answered'),
        decisions: parsed.decisions,
        todos: parsed.todos,
        concerns: parsed.concerns,
        otherMarkers: Object.fromEntries(Object.entries(parsed.markers).filter(([type]) => !DEFAULT_TYPES.has(type))),
        usage: usageReport(discussion, parsed.phase),
        warnings: parsed.warnings,
      };
      if (options.json) {
        project.io.out(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const labels = new Map(registry.markerSets.flatMap((set) => set.markers.map((m) => [m.type, m.label] as const)));
      project.io.out(renderStatus(report, parsed, options.verbose === true, labels));
    });
}

function renderStatus(report: StatusReport, parsed: ParseOutput, verbose: boolean, labels: ReadonlyMap<string, string>): string {
  const lines: string[] = [];
  const at = (author: string, line: number) => `(${author}, line ${line})`;
  lines.push(`Discussion: ${report.title ?? '(untitled)'}${report.file ? `  [${report.file}]` : ''}`);
  lines.push(`Phase: ${report.phase ?? '-'}   Status: ${report.status ?? '-'}${report.template ? `   Template: ${report.template}` : ''}`);
  lines.push(`Participants: ${report.participants.join(', ') || '-'}   Comments: ${report.comments}`);

  const { votes } = report;
  lines.push('', `Votes (${votes.strategy}${votes.phase ? `, phase ${votes.phase}` : ''}): READY ${votes.counts.READY}, CHANGES ${votes.counts.CHANGES}, REJECT ${votes.counts.REJECT}`);
  for (const [voter, vote] of Object.entries(votes.votes)) lines.push(`  ${voter}: ${vote}`);
  if (votes.missing.length > 0) lines.push(`  not voted: ${votes.missing.join(', ')}`);
  lines.push(`Consensus: ${votes.reached ? `${votes.outcome} reached` : 'not reached'} — ${votes.reason}`);
  if (votes.choice !== undefined) lines.push(`Choice: ${votes.choice ?? 'none yet'}`);
  if (votes.blockedBy.length > 0) lines.push(`  blocked by: ${votes.blockedBy.join(', ')}`);

  const section = (title: string, items: readonly string[]) => {
    if (items.length === 0) return;
    lines.push('', `${title} (${items.length}):`, ...items.map((item) => `  ${item}`));
  };
  section('Open questions', report.openQuestions.map((q) => `${q.id}: ${q.text} ${at(q.author, q.line)}${q.mentions.length ? ` → @${q.mentions.join(' @')}` : ''}`));
  if (verbose) section('Answered questions', report.answeredQuestions.map((q) => `${q.id}: ${q.text} — answered by ${q.answeredBy} on line ${q.answerLine}`));
  section('Decisions', report.decisions.map((d) => `${d.text} ${at(d.author, d.line)}`));
  section('Todos', report.todos.map((t) => `[${t.status === 'done' ? 'x' : ' '}] ${t.id}: ${t.text} ${at(t.author, t.line)}${t.assignees.length ? ` → @${t.assignees.join(' @')}` : ''}`));
  section('Concerns', report.concerns.map((c) => `${c.text} ${at(c.author, c.line)}`));
  for (const [type, markers] of Object.entries(report.otherMarkers)) {
    section(labels.get(type) ?? type, markers.map((m) => `${m.argument ? `(${m.argument}) ` : ''}${m.text} ${at(m.author, m.line)}`));
  }
  if (verbose) {
    section('Comments', parsed.comments.map((c) => `line ${c.line}: ${c.author}${c.vote ? ` [${c.vote}]` : ''} — ${firstLine(c.body)}`));
    section('Events', parsed.events.map((e) => `line ${e.line}: ${describeEvent(e)}`));
  }
  const { usage } = report;
  if (usage.total.comments > 0) {
    const describeTotal = (t: UsageTotal) =>
      `${t.inputTokens} in (${t.cachedInputTokens} cached) + ${t.outputTokens} out tokens, $${t.cost.toFixed(4)}${t.unpriced > 0 ? ` + ${t.unpriced} comment${t.unpriced === 1 ? '' : 's'} at unknown prices` : ''}`;
    lines.push('', `Usage: ${describeTotal(usage.total)} over ${usage.total.comments} AI comments`);
    for (const [author, total] of Object.entries(usage.byAuthor)) lines.push(`  ${author}: ${describeTotal(total)}`);
    if (verbose) for (const [phase, total] of Object.entries(usage.byPhase)) lines.push(`  phase ${phase}: ${describeTotal(total)}`);
  }
  section('Warnings', report.warnings);
  return `${lines.join('\n')}\n`;
}

function describeEvent(event: DiscussionEvent): string {
  switch (event.kind) {
    case 'phase-transition':
      return `phase ${event.from} -> ${event.to}`;
    case 'vote-reset':
      return `votes reset for ${event.phase}`;
    case 'round':
      return `round ${event.round} of ${event.phase}: ${event.responders.join(', ')}`;
    case 'no-response':
      return `${event.participant} had nothing to add`;
    case 'participant-failed':
      return `${event.participant} failed: ${event.reason}`;
    case 'note':
      return event.text;
  }
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
