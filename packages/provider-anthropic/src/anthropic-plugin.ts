import { definePlugin } from '@quorum/core';
import { anthropicProvider } from './anthropic-provider.js';

/** The plugin that contributes {@link anthropicProvider}; it is also the package's default export. */
export const anthropicPlugin = definePlugin({
  specificationVersion: 'v1',
  meta: { name: 'quorum-provider-anthropic', version: '0.1.0' },
  providers: [anthropicProvider],
});
