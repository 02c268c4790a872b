import type { TallyInput, Voter, VoteValue } from '@quorum/core';

/**
 * The eligible voters who cast each vote, in the order of `voters`, so nothing a strategy
 * derives depends on the order of the ballots. Ballots of voters who are not eligible are
 * left out.
 */
export function groupVotersByVote(input: Pick<TallyInput<unknown>, 'ballots' | 'voters'>): Record<VoteValue, Voter[]> {
  const votes = new Map(input.ballots.map((ballot) => [ballot.voter, ballot.vote]));
  const groups: Record<VoteValue, Voter[]> = { READY: [], CHANGES: [], REJECT: [] };
  for (const voter of input.voters) {
    const vote = votes.get(voter.id);
    if (vote !== undefined) groups[vote].push(voter);
  }
  return groups;
}

/** `AI-Architect, Rob` */
export function voterNames(voters: readonly Voter[]): string {
  return voters.map((voter) => voter.id).join(', ');
}
