import { markerSetConformance, votingStrategyConformance } from '@quorum/conformance';
import { extractMarkers } from '@quorum/markers';
import { countVotes } from '@quorum/voting';
import { bordaStrategy, proposalMarkerSet } from './index.js';

/** Markers the borda strategy reads, which the suite scatters over ballots and phases. */
const SAMPLES = [
  { type: 'proposal', keyword: 'PROPOSAL', argument: 'outbox', text: 'One outbox table.' },
  { type: 'proposal', keyword: 'PROPOSAL', argument: 'queue', text: 'A message queue.' },
  { type: 'rank', keyword: 'RANK', argument: null, text: 'outbox > queue' },
  { type: 'rank', keyword: 'RANK', argument: null, text: 'queue, nosuch' },
];

votingStrategyConformance('borda', bordaStrategy, [{ min_turnout: 0.5 }, { min_turnout: 0.2, weighted: true }], { countVotes }, { markers: SAMPLES });
markerSetConformance('ranked-vote (PROPOSAL, RANK)', proposalMarkerSet, { extractMarkers });
