import os from 'node:os';
import type { Command } from 'commander';
import { InvalidInputError, type VoteValue } from '@quorum/core';
import { discussionFile, readStandardInput } from '../open-discussion.js';
import { parseVoteOption } from '../options.js';
import type { Project } from '../project.js';
import { warnUnknownMentions } from './participants-check.js';

interface CommentOptions {
  author?: string;
  vote?: string;
}

export function registerComment(program: Command, project: Project): void {
  program
    .command('comment')
    .description('append a comment (and optionally a vote) to a discussion')
    .argument('<file>', 'the discussion file')
    .argument('<text>', 'the comment in Markdown, or "-" to read it from standard input')
    .option('--author <name>', 'who is commenting (default: author from config, $QUORUM_AUTHOR, or your user name)')
    .option('--vote <vote>', 'READY, CHANGES or REJECT')
    .addHelpText('after', '\nExamples:\n  quorum comment discussions/add-rate-limiting.md "Token bucket per key." --vote READY\n  git diff | quorum comment discussions/review.md - --author Rob')
    .action(async (file: string, text: string, options: CommentOptions) => {
      const vote = options.vote === undefined ? null : parseVoteOption(options.vote);
      const body = text === '-' ? await readStandardInput(project) : text;
      if (body.trim() === '' && vote === null) throw new InvalidInputError('the comment is empty; give some text or a --vote');
      const author = options.author ?? (await defaultAuthor(project));
      const { phase } = await appendComment(project, file, { author, text: body, vote });
      project.io.out(`Added a comment by ${author}${vote === null ? '' : ` voting ${vote}`} to ${file}${phase ? ` (phase ${phase})` : ''}\n`);
    });
}

/**
 * Appends a comment as `quorum comment` does (also used by workflows): the file is parsed
 * first, a VOTE: line typed in the text is kept as text (with a notice), unknown @mentions
 * are warned about. Returns the phase the comment was added in.
 */
export async function appendComment(project: Project, file: string, comment: { author: string; text: string; vote: VoteValue | null }): Promise<{ phase: string | undefined }> {
  const { author, text: body, vote } = comment;
  const { storage, id } = await discussionFile(project, file);
  // Read the whole file first: a discussion that does not parse is reported, never appended to.
  const { discussion } = await storage.load(id);
  const { voteOfLine, discussionView } = await import('@quorum/format');
  if (vote === null && body.split('\n').some((line) => voteOfLine(line) !== undefined)) {
    project.warn('the VOTE: line in the text is kept as text and does not count; use --vote to vote');
  }
  const view = discussionView(discussion);
  await warnUnknownMentions(project, body, { participants: view.participants, authors: [author, ...view.comments.map((c) => c.author)] });
  await storage.appendComment(id, { author, text: body, vote });
  return { phase: discussion.header.fields.find((f) => f.key.toLowerCase() === 'phase')?.value };
}

/** Who comments when no author is given: config's `author`, else $QUORUM_AUTHOR, else the login name. */
export async function defaultAuthor(project: Project): Promise<string> {
  const { config } = await project.config();
  if (config.author !== undefined) return config.author;
  const fromEnv = project.io.env.QUORUM_AUTHOR;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv.trim();
  try {
    return os.userInfo().username;
  } catch {
    return 'human';
  }
}
