import { definePlugin } from '@quorum/core';
import { mockProvider } from './mock-provider.js';

/** The version in this package's `package.json` (a test keeps them equal). */
export const PROVIDER_MOCK_PACKAGE_VERSION = '0.1.0';

/** The mock provider, delivered through the same plugin contract as every other provider. */
export const mockPlugin = definePlugin({
  specificationVersion: 'v1',
  meta: { name: 'quorum-provider-mock', version: PROVIDER_MOCK_PACKAGE_VERSION },
  providers: [mockProvider],
});
