import type { MarkerSetV1 } from '@quorum/core';

/**
 * `PROPOSAL(id): what is proposed` names an option; `RANK: id > id > id` is a participant's
 * preference over the proposals, best first. The id is required, so every proposal can be
 * ranked by name; a bare `PROPOSAL:` is an ordinary line.
 */
export const proposalMarkerSet: MarkerSetV1 = {
  specificationVersion: 'v1',
  name: 'ranked-vote',
  markers: [
    {
      type: 'proposal',
      keywords: ['PROPOSAL'],
      label: 'Proposals',
      argument: { description: 'a short id others rank it by, e.g. outbox', required: true },
    },
    { type: 'rank', keywords: ['RANK'], label: 'Rankings' },
  ],
};
