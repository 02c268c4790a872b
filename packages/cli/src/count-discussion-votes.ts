import { isQuorumError } from '@quorum/core';
import type { ResolvedTemplate } from '@quorum/compiler';
import type { VoteCount } from '@quorum/voting';
import { markersOf, rosterOf, voteResetsOf, type VotingInput } from './discussion-report.js';
import { loadNamedTemplate } from './load-named-template.js';
import type { Project } from './project.js';

/**
 * Counts a discussion's votes with the voting rule of its current phase (the phase's own
 * block, else the template's; the config's for a discussion without a template) and the
 * voter facts from config and the persona files. The comments' markers (`quorum parse`
 * output has them, from the marker sets the command loaded) go to the strategy.
 */
export async function countDiscussionVotes(project: Project, input: VotingInput & { readonly template?: string | null }): Promise<VoteCount> {
  const template = input.template ? await templateOrWarn(project, input.template) : undefined;
  // A phase with its own voting block counts with that rule, others with the template's.
  const rule = template?.phases.find((phase) => phase.id === input.phase)?.votingRule ?? template?.voting;
  const [{ countVotes }, { strategy, options }, voters] = await Promise.all([
    import('@quorum/voting'),
    project.strategy(rule === undefined ? undefined : { voting: rule }),
    project.voterFacts(),
  ]);
  return countVotes({
    phase: input.phase,
    comments: input.comments.map((c, position) => ({ author: c.author, vote: c.vote, line: c.voteLine ?? c.line, comment: c.index ?? position })),
    voteResets: voteResetsOf(input),
    markers: markersOf(input),
    roster: rosterOf(input, voters),
    strategy,
    options,
  });
}

/** The discussion's template, or undefined (with a notice) when it cannot be loaded. */
async function templateOrWarn(project: Project, id: string): Promise<ResolvedTemplate | undefined> {
  try {
    return await loadNamedTemplate(project, id);
  } catch (error) {
    if (!isQuorumError(error)) throw error;
    project.warn(`counting votes with the config's voting strategy, because template "${id}" cannot be used: ${error.message}`);
    return undefined;
  }
}
