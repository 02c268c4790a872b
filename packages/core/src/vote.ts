/** The three votes a participant can cast. */
export const VOTE_VALUES = ['READY', 'CHANGES', 'REJECT'] as const;
export type VoteValue = (typeof VOTE_VALUES)[number];

export function isVoteValue(value: unknown): value is VoteValue {
  return typeof value === 'string' && (VOTE_VALUES as readonly string[]).includes(value);
}

/** Case-insensitive parse of a vote name; undefined when it is not one. */
export function parseVoteValue(value: string): VoteValue | undefined {
  const upper = value.trim().toUpperCase();
  return isVoteValue(upper) ? upper : undefined;
}
