import { definePlugin } from '@quorum/core';
import { defaultMarkerSet } from './default-marker-set.js';

/** The version in this package's `package.json` (a test keeps them equal). */
export const MARKERS_PACKAGE_VERSION = '0.1.0';

/** The built-in markers, delivered through the same plugin contract as third-party ones. */
export const markersPlugin = definePlugin({
  specificationVersion: 'v1',
  meta: { name: '@quorum/markers', version: MARKERS_PACKAGE_VERSION },
  markerSets: [defaultMarkerSet],
});
