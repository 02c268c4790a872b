import type { VoteCount } from '@quorum/voting';
import { rosterOf, voteResetsOf, type VotingInput } from './discussion-report.js';
import type { Project } from './project.js';

/** Counts a discussion's votes with the strategy, options and voter facts from config. */
export async function countDiscussionVotes(project: Project, input: VotingInput): Promise<VoteCount> {
  const [{ countVotes }, { strategy, options }, loaded] = await Promise.all([import('@quorum/voting'), project.strategy(), project.config()]);
  return countVotes({
    phase: input.phase,
    comments: input.comments.map((c) => ({ author: c.author, vote: c.vote, line: c.voteLine ?? c.line })),
    voteResets: voteResetsOf(input),
    roster: rosterOf(input, loaded.config.voters),
    strategy,
    options,
  });
}
