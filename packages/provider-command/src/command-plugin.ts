import { definePlugin } from '@quorum/core';
import { commandProvider } from './command-provider.js';

/** The version in this package's `package.json` (a test keeps them equal). */
export const COMMAND_PACKAGE_VERSION = '0.1.0';

/** The plugin that contributes {@link commandProvider}; also this package's default export. */
export const commandPlugin = definePlugin({
  specificationVersion: 'v1',
  meta: { name: 'quorum-provider-command', version: COMMAND_PACKAGE_VERSION },
  providers: [commandProvider],
});
