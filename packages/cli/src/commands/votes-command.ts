import type { Command } from 'commander';
import { z } from 'zod';
import { InvalidInputError, VOTE_VALUES } from '@quorum/core';
import { countDiscussionVotes } from '../count-discussion-votes.js';
import { buildParseOutput, type VotingInput } from '../discussion-report.js';
import { discussionArgument, readStandardInput } from '../open-discussion.js';
import type { Project } from '../project.js';

/** The part of `quorum parse` output that vote counting reads. */
const parseOutputSchema = z.object({
  phase: z.string().nullable(),
  template: z.string().nullable().optional(),
  participants: z.array(z.string()),
  comments: z.array(
    z.object({
      author: z.string(),
      vote: z.enum(VOTE_VALUES).nullable(),
      line: z.number().int(),
      voteLine: z.number().int().nullable().optional(),
      index: z.number().int().optional(),
      markers: z
        .array(
          z.object({
            type: z.string(),
            keyword: z.string(),
            argument: z.string().nullable(),
            text: z.string(),
            author: z.string(),
            line: z.number().int(),
            mentions: z.array(z.string()),
          }),
        )
        .optional(),
    }),
  ),
  events: z.array(z.object({ kind: z.string(), phase: z.string().optional(), line: z.number().int() })),
});

export function registerVotes(program: Command, project: Project): void {
  program
    .command('votes')
    .description('count the votes of the current phase and print the consensus as JSON')
    .argument('[file]', 'a discussion file, or "-" (the default) for standard input: a discussion or `quorum parse` output', '-')
    .addHelpText('after', '\nExamples:\n  quorum votes discussions/add-rate-limiting.md\n  quorum parse discussions/add-rate-limiting.md | quorum votes')
    .action(async (file: string) => {
      const input = file === '-' ? await votingInputFromStdin(project) : await votingInputFromFile(project, file);
      project.io.out(`${JSON.stringify(await countDiscussionVotes(project, input), null, 2)}\n`);
    });
}

type TemplatedVotingInput = VotingInput & { readonly template?: string | null };

async function votingInputFromFile(project: Project, file: string): Promise<TemplatedVotingInput> {
  const { discussion } = await discussionArgument(project, file);
  return votingInputOf(project, discussion);
}

async function votingInputFromStdin(project: Project): Promise<TemplatedVotingInput> {
  const text = await readStandardInput(project);
  if (!text.trimStart().startsWith('{')) {
    const { parseDiscussion } = await import('@quorum/format');
    return votingInputOf(project, parseDiscussion(text, { file: '<stdin>' }));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`standard input starts like JSON but is not valid JSON (${(error as Error).message}); pipe a discussion or the output of quorum parse`);
  }
  const parsed = parseOutputSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InvalidInputError(`standard input is JSON but not the output of quorum parse: ${issue.path.join('.') || 'the top level'}: ${issue.message}`);
  }
  return parsed.data;
}

/** What `quorum parse` gives, with the markers of every marker set the project loads (plugins' included). */
async function votingInputOf(project: Project, discussion: import('@quorum/core').Discussion): Promise<TemplatedVotingInput> {
  const registry = await project.plugins();
  return buildParseOutput(discussion, registry.markerSets, null);
}
