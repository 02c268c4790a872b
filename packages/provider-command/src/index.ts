export * from './build-command-prompt.js';
export * from './clean-command-output.js';
export * from './command-settings.js';
export * from './run-command.js';
export * from './command-provider.js';
export * from './command-plugin.js';
export { commandPlugin as default } from './command-plugin.js';
