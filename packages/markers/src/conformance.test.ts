import { markerSetConformance } from '@quorum/conformance';
import { defaultMarkerSet, extractMarkers } from './index.js';

markerSetConformance('default', defaultMarkerSet, { extractMarkers });
