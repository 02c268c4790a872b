export * from './persona-schema.js';
export * from './schema-files.js';
export * from './bundled-personas-dir.js';
export * from './parse-persona-file.js';
export * from './render-persona-yaml.js';
export * from './persona-registry.js';
export * from './load-personas.js';
export * from './draft-personality.js';
