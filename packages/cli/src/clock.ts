import { InvalidInputError } from '@quorum/core';

/**
 * The current time as ISO 8601. `QUORUM_NOW` fixes it (for reproducible files in tests
 * and scripted workflows).
 */
export function now(env: NodeJS.ProcessEnv): string {
  const fixed = env.QUORUM_NOW;
  if (fixed === undefined || fixed === '') return new Date().toISOString();
  const time = Date.parse(fixed);
  if (Number.isNaN(time)) throw new InvalidInputError(`QUORUM_NOW="${fixed}" is not a date; use ISO 8601 such as 2026-01-31T09:00:00Z`);
  return new Date(time).toISOString();
}
