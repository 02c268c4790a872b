import { definePlugin } from '@quorum/core';
import { builtinConditions } from './builtin-conditions.js';

/** The version in this package's `package.json` (a test keeps them equal). */
export const COMPILER_PACKAGE_VERSION = '0.1.0';

/** The built-in conditions, delivered through the same plugin contract as third-party ones. */
export const conditionsPlugin = definePlugin({
  specificationVersion: 'v1',
  meta: { name: '@quorum/compiler', version: COMPILER_PACKAGE_VERSION },
  conditions: builtinConditions,
});
