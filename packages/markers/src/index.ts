export * from './comment-text.js';
export * from './default-marker-set.js';
export * from './extract-markers.js';
export * from './extract-mentions.js';
export * from './summarize-markers.js';
export * from './markers-plugin.js';
export { markersPlugin as default } from './markers-plugin.js';
export * from './design-facets.js';
