import { definePlugin } from '@quorum/core';
import { ollamaProvider } from './ollama-provider.js';

/** The version in this package's `package.json` (a test keeps them equal). */
export const OLLAMA_PACKAGE_VERSION = '0.1.0';

/** The plugin that contributes {@link ollamaProvider}; also this package's default export. */
export const ollamaPlugin = definePlugin({
  specificationVersion: 'v1',
  meta: { name: 'quorum-provider-ollama', version: OLLAMA_PACKAGE_VERSION },
  providers: [ollamaProvider],
});
