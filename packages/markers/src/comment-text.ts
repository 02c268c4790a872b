/**
 * A comment as marker and mention extraction needs it. Core's `CommentSection` fits, so a
 * parsed discussion's comments can be passed as they are.
 */
export interface CommentText {
  /** The author named on the comment's `Name:` line. */
  readonly author: string;
  /** The comment as its author wrote it; lines are split on `\n`. */
  readonly text: string;
  /** 1-based file line of the first line of `text`. */
  readonly textLine: number;
}
