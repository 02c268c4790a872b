import path from 'node:path';
import type { Command } from 'commander';
import { InvalidInputError, StorageError, isQuorumError, type TurnDescriptionV1 } from '@quorum/core';
import type { ResolvedTemplate } from '@quorum/compiler';
import { askPersona } from '../ask-persona.js';
import { countDiscussionVotes } from '../count-discussion-votes.js';
import { resolveDiagramReference } from '../diagram-files.js';
import { buildParseOutput, type ParseOutput } from '../discussion-report.js';
import { fileOf, openDiscussion } from '../open-discussion.js';
import type { Project } from '../project.js';
import { secretRedactor } from '../model-setup.js';
import { buildSummaryReport, renderSummary, type SummaryProse } from '../summary.js';
import { writeFileAtomically } from '../write-file-atomically.js';

interface SummarizeOptions {
  provider?: string;
  /** Commander's `--no-prose`: false when given. */
  prose: boolean;
  output?: string;
}

/** The persona that writes the prose part; a project persona with this alias replaces the bundled one. */
export const SUMMARIZER_ALIAS = 'summarizer';

/** What the summarizer is asked to do, as the phase instructions of its one turn. */
const SUMMARY_INSTRUCTIONS = `Write the summary of this discussion for someone who was not there, as your comment.
- What it is about, which phase it is in and how it got there.
- What was decided (DECISION: lines), by whom; what is still open (questions and todos by id, with their owners); any concern nobody answered.
- How the vote stands, as the transcript shows it, without predicting the outcome; then the next step.
Plain prose in two to four short paragraphs, at most 250 words. No marker lines and no @mentions of your own: Quorum lists the questions, todos and votes beside your summary.`;

export function registerSummarize(program: Command, project: Project): void {
  program
    .command('summarize')
    .description('write FILE.sum.md beside the discussion: votes, open questions, decisions, todos, concerns, who said what, and a prose summary')
    .argument('<file>', 'the discussion file')
    .option('--provider <model>', 'the model that writes the prose: provider:model or a provider name')
    .option('--no-prose', 'only the computed parts; no model is asked')
    .option('--output <file>', 'write the summary here instead of FILE.sum.md ("-" for standard output)')
    .addHelpText(
      'after',
      '\nThe computed parts come straight from the file (markers, votes counted as quorum status\n' +
        'counts them); the prose is written by the summarizer persona through the configured\n' +
        'providers (simulated when none is). The summary is derived: each run replaces it.\n\n' +
        'Examples:\n  quorum summarize discussions/add-rate-limiting.md\n  quorum summarize discussions/add-rate-limiting.md --no-prose --output -',
    )
    .action(async (file: string, options: SummarizeOptions) => {
      if (/\.sum\.md$/i.test(file)) throw new InvalidInputError(`${file} is a summary, not a discussion; summarize the discussion it was made from (${file.replace(/\.sum\.md$/i, '.md')})`);
      const opened = await openDiscussion(project, file);
      const discussionPath = fileOf(opened);
      const registry = await project.plugins();
      const parsed = buildParseOutput(opened.discussion, registry.markerSets, opened.location);
      const template = parsed.template ? await templateQuietly(project, parsed.template) : undefined;
      const votes = await countDiscussionVotes(project, parsed);
      const titles = new Map((template?.phases ?? []).map((phase) => [phase.id, phase.title] as const));
      const report = buildSummaryReport(parsed, votes, titles);

      const toStdout = options.output === '-';
      const target = options.output === undefined || toStdout ? summaryFileOf(discussionPath) : path.resolve(project.io.cwd, options.output);
      if (target === path.resolve(discussionPath)) throw new InvalidInputError(`--output ${options.output} is the discussion itself; name another file`);
      const prose = options.prose ? await writeProse(project, { parsed, template, id: opened.id, context: opened.discussion.preamble.text, provider: options.provider }) : null;
      // Links resolve from where the summary is (printed: from beside the discussion, as FILE.sum.md would be).
      const from = path.dirname(target);
      const link = (absolute: string) => encodeURI(path.relative(from, absolute).split(path.sep).join('/'));
      // Secrets never reach the summary, even when someone pasted one into the discussion.
      const redact = await secretRedactor(project);
      const text = redact(renderSummary(report, prose, {
        discussion: link(discussionPath),
        discussionName: path.basename(discussionPath),
        diagram: (reference) => link(resolveDiagramReference(discussionPath, reference)),
      }));
      if (toStdout) {
        project.io.out(text);
        return;
      }
      try {
        await writeFileAtomically(target, text);
      } catch (error) {
        throw new StorageError(`could not write ${project.display(target)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check that its folder exists and can be written to`);
      }
      const by = prose === null ? '' : ` (prose by ${prose.model}, ${prose.tokens} tokens, ${prose.cost === null ? 'cost unknown' : `$${prose.cost.toFixed(4)}`})`;
      project.io.out(`Wrote ${project.display(target)}${by}\n`);
    });
}

/** `discussions/x.md` → `discussions/x.sum.md`; a file not ending in `.md` gets `.sum.md` added. */
export function summaryFileOf(discussion: string): string {
  return /\.md$/i.test(discussion) ? discussion.replace(/\.md$/i, '.sum.md') : `${discussion}.sum.md`;
}

/** The discussion's template for phase titles and its provider, or undefined when it cannot be loaded (vote counting says why). */
async function templateQuietly(project: Project, id: string): Promise<ResolvedTemplate | undefined> {
  try {
    const [{ loadTemplate }, context] = await Promise.all([import('@quorum/compiler'), project.templateContext()]);
    return (await loadTemplate(id, context)).template;
  } catch (error) {
    if (isQuorumError(error)) return undefined;
    throw error;
  }
}

/** Asks the summarizer persona for the prose, as one turn over the whole transcript. */
async function writeProse(
  project: Project,
  input: { parsed: ParseOutput; template: ResolvedTemplate | undefined; id: string; context: string; provider: string | undefined },
): Promise<SummaryProse> {
  const { parsed, template } = input;
  const persona = (await project.personas()).require(SUMMARIZER_ALIAS).persona;
  const phase = template?.phases.find((p) => p.id === parsed.phase);
  const turn: TurnDescriptionV1 = {
    discussion: input.id,
    title: parsed.title ?? input.id,
    context: input.context,
    persona,
    phase: {
      id: parsed.phase ?? 'discussion',
      title: phase?.title ?? parsed.phase ?? 'Discussion',
      goal: 'Summarise the discussion so far for someone who was not there',
      instructions: SUMMARY_INSTRUCTIONS,
      voting: false,
    },
    round: 1,
    maxRounds: 1,
    participants: [...new Set([...parsed.participants, persona.alias])],
    comments: parsed.comments.map((comment) => ({ author: comment.author, text: comment.body, vote: comment.vote })),
    openQuestions: parsed.questions.filter((q) => q.status === 'open').map((q) => ({ id: q.id, author: q.author, text: q.text })),
    callout: null,
  };
  const answer = await askPersona(project, {
    persona,
    turn,
    provider: input.provider,
    templateModel: template?.provider,
    progress: (line) => project.warn(line),
  });
  return {
    text: answer.reply.kind === 'comment' ? answer.reply.text : null,
    author: persona.name,
    model: answer.model,
    tokens: answer.usage.inputTokens + answer.usage.outputTokens,
    cost: answer.cost,
  };
}
