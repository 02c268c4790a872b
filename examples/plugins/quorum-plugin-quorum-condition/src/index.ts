import { definePlugin } from '@quorum/core';
import { quorumReachedCondition } from './quorum-condition.js';

export * from './quorum-condition.js';

export const quorumConditionPlugin = definePlugin({
  specificationVersion: 'v1',
  meta: { name: 'quorum-plugin-quorum-condition', version: '1.0.0' },
  conditions: [quorumReachedCondition],
});

export default quorumConditionPlugin;
