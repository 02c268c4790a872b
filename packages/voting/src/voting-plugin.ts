import { definePlugin } from '@quorum/core';
import { builtinVotingStrategies } from './builtin-voting-strategies.js';

/** The version in this package's `package.json` (a test keeps them equal). */
export const VOTING_PACKAGE_VERSION = '0.1.0';

/** The built-in strategies, delivered through the same plugin contract as third-party ones. */
export const votingPlugin = definePlugin({
  specificationVersion: 'v1',
  meta: { name: '@quorum/voting', version: VOTING_PACKAGE_VERSION },
  votingStrategies: builtinVotingStrategies,
});
