import path from 'node:path';
import { isQuorumError, type VoteValue } from '@quorum/core';
import type { EngineEvent } from '@quorum/engine';
import type { CommentRequest, CreateDiscussionRequest, DiscussionState, FilesReport, RunDiscussionOptions, RunReport, TemplateFacts, WorkflowHost } from '@quorum/runner';
import { countDiscussionVotes } from './count-discussion-votes.js';
import { buildParseOutput } from './discussion-report.js';
import { runSession } from './engine-session.js';
import { loadNamedTemplate } from './load-named-template.js';
import { openDiscussion, readStandardInput } from './open-discussion.js';
import type { Project } from './project.js';
import { RunProgress } from './run-progress.js';

export interface CliWorkflowHostOptions {
  /** `--provider`: one model for every run of the workflow, over what its steps say. */
  readonly provider?: string | undefined;
  /** `--verbose`: every discussion's progress (rounds, replies, votes, phases), one line each, prefixed with its file. */
  readonly verbose?: boolean | undefined;
}

/** A line that starts a FINAL DESIGN block, as the markers package reads the keyword. */
const FINAL_DESIGN_LINE = /^[ \t>]*(?:[-*+][ \t]+)?(?:\*\*|__)?FINAL[ _-]DESIGN\b/;

/**
 * The workflow runner's host in the CLI: discussions are created as `quorum new` creates them,
 * run with the project's engine and providers as `quorum run` runs them, commented on as
 * `quorum comment` does, and read as `quorum status` reads them.
 */
export class CliWorkflowHost implements WorkflowHost {
  private readonly notices = new Set<string>();
  private readonly finalPhases = new Map<string, Promise<ReadonlySet<string> | undefined>>();

  constructor(
    private readonly project: Project,
    private readonly options: CliWorkflowHostOptions = {},
  ) {}

  async createDiscussion(request: CreateDiscussionRequest): Promise<DiscussionState> {
    const { createDiscussion } = await import('./commands/new-command.js');
    await createDiscussion(this.project, request.title, {
      template: request.template,
      participants: request.participants?.join(','),
      context: request.context,
      dir: path.dirname(request.file),
      fileName: path.basename(request.file),
    });
    return this.readDiscussion(request.file);
  }

  async readDiscussion(file: string): Promise<DiscussionState> {
    const { discussion, location } = await openDiscussion(this.project, file);
    const registry = await this.project.plugins();
    const parsed = buildParseOutput(discussion, registry.markerSets, location);
    const votes = await countDiscussionVotes(this.project, parsed);
    const finals = parsed.template === null ? undefined : await this.finalPhasesOf(parsed.template);
    const final = finals === undefined ? parsed.status !== null && parsed.status.toUpperCase() !== 'OPEN' : parsed.phase !== null && finals.has(parsed.phase);
    return {
      file: path.resolve(this.project.io.cwd, file),
      title: parsed.title,
      template: parsed.template,
      phase: parsed.phase,
      status: parsed.status,
      final,
      votes: { READY: votes.counts.READY, CHANGES: votes.counts.CHANGES, REJECT: votes.counts.REJECT },
      consensus: votes.reached ? (votes.outcome as VoteValue) : null,
      markers: parsed.markerCounts,
      openQuestions: parsed.questions.filter((question) => question.status === 'open').length,
      decisions: parsed.decisions.map((decision) => decision.text),
      finalDesign: latestFinalDesign(parsed.comments.map((comment) => comment.body)),
      comments: parsed.comments.length,
    };
  }

  async runDiscussion(file: string, options: RunDiscussionOptions): Promise<RunReport> {
    const result = await runSession(this.project, file, {
      provider: this.options.provider ?? options.provider,
      personaProviders: options.providers,
      maxTurns: options.maxTurns,
      signal: options.signal,
      onEvent: this.eventHandler(file),
    });
    return { outcome: result.outcome, rounds: result.rounds, message: result.message };
  }

  async addComment(file: string, comment: CommentRequest): Promise<void> {
    const { appendComment } = await import('./commands/comment-command.js');
    await appendComment(this.project, file, { author: comment.author, text: comment.text, vote: comment.vote });
  }

  async hasComment(file: string, comment: CommentRequest): Promise<boolean> {
    const { discussion } = await openDiscussion(this.project, file);
    const { discussionView } = await import('@quorum/format');
    const text = normalize(comment.text);
    return discussionView(discussion).comments.some((c) => c.author === comment.author && c.vote === comment.vote && normalize(c.text) === text);
  }

  async defaultAuthor(): Promise<string> {
    const { defaultAuthor } = await import('./commands/comment-command.js');
    return defaultAuthor(this.project);
  }

  readStdin(): Promise<string> {
    return readStandardInput(this.project);
  }

  /** The files the discussion's comments give under their paths, written into `dir` (and committed with `git`). */
  async writeFiles(file: string, dir: string, options: { readonly git: boolean; readonly message: string }): Promise<FilesReport> {
    const { discussion } = await openDiscussion(this.project, file);
    const { discussionView } = await import('@quorum/format');
    const { generatedFiles } = await import('./delivery/generated-files.js');
    const { writeGeneratedFiles } = await import('./delivery/write-generated-files.js');
    const { files, refused } = generatedFiles(discussionView(discussion).comments);
    return writeGeneratedFiles(dir, files, { refused, git: options.git ? { message: options.message } : undefined });
  }

  async describeTemplate(name: string): Promise<TemplateFacts> {
    const template = await loadNamedTemplate(this.project, name);
    return { id: template.id, phases: template.phases.map((phase) => phase.id) };
  }

  /** The final phases of a template, or undefined when it cannot be loaded (then the Status header decides). */
  private finalPhasesOf(template: string): Promise<ReadonlySet<string> | undefined> {
    let phases = this.finalPhases.get(template);
    if (phases === undefined) {
      phases = loadNamedTemplate(this.project, template).then(
        (loaded) => new Set(loaded.phases.filter((phase) => phase.final !== null).map((phase) => phase.id)),
        (error: unknown) => {
          if (isQuorumError(error)) return undefined;
          throw error;
        },
      );
      this.finalPhases.set(template, phases);
    }
    return phases;
  }

  /**
   * What a run shows while a workflow runs: each notice once (several discussions would each
   * say that no provider is configured), and with --verbose each discussion's progress as
   * plain lines prefixed with its file (live redrawing cannot show discussions side by side).
   */
  private eventHandler(file: string): (event: EngineEvent) => void {
    const name = this.project.display(path.resolve(this.project.io.cwd, file));
    const progress = this.options.verbose ? new RunProgress('plain', { line: (text) => this.project.io.err(`${name}: ${text}\n`), json: () => undefined }) : undefined;
    return (event) => {
      if (event.type === 'notice') {
        if (this.notices.has(event.message)) return;
        this.notices.add(event.message);
        if (progress === undefined) this.project.io.err(`note: ${event.message}\n`);
      }
      progress?.handle(event);
    };
  }
}

/** The latest FINAL DESIGN block: from its first line to the end of its comment. */
function latestFinalDesign(bodies: readonly string[]): string | null {
  for (let index = bodies.length - 1; index >= 0; index--) {
    const lines = bodies[index]!.split(/\r?\n/);
    let start = -1;
    for (let line = lines.length - 1; line >= 0; line--) {
      if (FINAL_DESIGN_LINE.test(lines[line]!)) {
        start = line;
        break;
      }
    }
    if (start === -1) continue;
    return lines.slice(start).join('\n').trimEnd();
  }
  return null;
}

function normalize(text: string): string {
  return text.replace(/\r\n/g, '\n').trim();
}
