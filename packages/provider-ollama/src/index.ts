export * from './ollama-host.js';
export * from './ollama-settings.js';
export * from './ollama-provider.js';
export * from './ollama-plugin.js';
export { ollamaPlugin as default } from './ollama-plugin.js';
