import { definePlugin } from '@quorum/core';
import { openaiProvider } from './openai-provider.js';

/** The plugin that contributes {@link openaiProvider}; it is also the package's default export. */
export const openaiPlugin = definePlugin({
  specificationVersion: 'v1',
  meta: { name: 'quorum-provider-openai', version: '0.1.0' },
  providers: [openaiProvider],
});
