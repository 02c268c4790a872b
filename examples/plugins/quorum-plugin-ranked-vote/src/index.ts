import { fileURLToPath } from 'node:url';
import { definePlugin } from '@quorum/core';
import { bordaStrategy } from './borda-strategy.js';
import { proposalMarkerSet } from './proposal-markers.js';

export * from './borda-strategy.js';
export * from './proposal-markers.js';

/** The folder of the `ranked-choice` template this package ships. */
export const RANKED_VOTE_TEMPLATES_DIR = fileURLToPath(new URL('../templates', import.meta.url));

export const rankedVotePlugin = definePlugin({
  specificationVersion: 'v1',
  meta: { name: 'quorum-plugin-ranked-vote', version: '1.0.0' },
  votingStrategies: [bordaStrategy],
  markerSets: [proposalMarkerSet],
  templates: [RANKED_VOTE_TEMPLATES_DIR],
});

export default rankedVotePlugin;
