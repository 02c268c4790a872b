import { MARKER_SET_SPECIFICATION_VERSION, type MarkerSetV1 } from '@quorum/core';

/**
 * The markers every discussion understands. Votes are not markers: the format package reads
 * a comment's `VOTE:` line as part of the comment. `summarizeMarkers` gives the `answer`,
 * `done` and `assigned` arguments their meaning (a question or todo id such as `Q2`, `T1`).
 */
export const defaultMarkerSet: MarkerSetV1 = {
  specificationVersion: MARKER_SET_SPECIFICATION_VERSION,
  name: 'default',
  markers: [
    { type: 'question', keywords: ['Q', 'QUESTION'], label: 'Questions' },
    {
      type: 'answer',
      keywords: ['A', 'ANSWER'],
      label: 'Answers',
      argument: { description: 'Id of the question answered, e.g. Q2; without it, the latest open question' },
    },
    { type: 'todo', keywords: ['TODO', 'ACTION'], label: 'Action items' },
    { type: 'decision', keywords: ['DECISION'], label: 'Decisions' },
    { type: 'concern', keywords: ['CONCERN'], label: 'Concerns' },
    {
      type: 'assigned',
      keywords: ['ASSIGNED'],
      label: 'Assignments',
      argument: { description: 'Id of the action item assigned, e.g. T1; the assignees are the @mentions' },
    },
    {
      type: 'done',
      keywords: ['DONE'],
      label: 'Done',
      argument: { description: 'Id of the action item done, e.g. T1; without it, the open item with the same text' },
    },
    { type: 'diagram', keywords: ['DIAGRAM'], label: 'Diagrams' },
    // The design debate ends on an accepted FINAL DESIGN block; the delivery pipeline resolves
    // plans that CONFLICT. Templates test for them with the `marker` condition.
    { type: 'final_design', keywords: ['FINAL DESIGN', 'FINAL_DESIGN'], label: 'Final designs' },
    { type: 'conflict', keywords: ['CONFLICT'], label: 'Conflicts' },
  ],
};
