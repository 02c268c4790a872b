import { markerSetConformance } from '@quorum/conformance';
import { extractMarkers } from '@quorum/markers';
import { riskMarkerSet } from './index.js';

markerSetConformance('risk-markers', riskMarkerSet, { extractMarkers });
