import { markerSetConformance, votingStrategyConformance } from '@quorum/conformance';
import { extractMarkers } from '@quorum/markers';
import { countVotes } from '@quorum/voting';
import { bordaStrategy, proposalMarkerSet } from './index.js';

votingStrategyConformance('borda', bordaStrategy, [{ min_turnout: 0.5 }, { changes_leans: 'REJECT', weighted: true }], { countVotes });
markerSetConformance('ranked-vote (PROPOSAL, RANK)', proposalMarkerSet, { extractMarkers });
