import { hashString } from './seeded-random.js';

/**
 * How a simulated persona leans: how often it asks a question in round 1 of a discussion
 * phase, and how often its first vote in a voting phase is CHANGES or REJECT. From round 2
 * on every simulated vote is READY, so these only decide how often a discussion goes back
 * once before it passes.
 */
export interface PersonaTendency {
  /** Probability of asking one `Q:` in round 1 of a phase without votes. */
  readonly question: number;
  /** Probability that the round-1 vote is CHANGES. */
  readonly changes: number;
  /** Probability that the round-1 vote is REJECT (a few percent at most). */
  readonly reject: number;
}

/** The bundled personas' leanings: the cautious ones ask and object more, the quick ones less. */
export const BUNDLED_TENDENCIES: Readonly<Record<string, PersonaTendency>> = {
  security: { question: 0.7, changes: 0.55, reject: 0.04 },
  perfectionist: { question: 0.6, changes: 0.55, reject: 0.03 },
  architect: { question: 0.5, changes: 0.35, reject: 0.02 },
  'qa-engineer': { question: 0.6, changes: 0.4, reject: 0.02 },
  researcher: { question: 0.5, changes: 0.3, reject: 0.02 },
  designer: { question: 0.45, changes: 0.3, reject: 0.02 },
  dreamer: { question: 0.5, changes: 0.3, reject: 0.02 },
  'project-manager': { question: 0.5, changes: 0.25, reject: 0.01 },
  'backend-engineer': { question: 0.4, changes: 0.3, reject: 0.02 },
  'frontend-engineer': { question: 0.4, changes: 0.3, reject: 0.02 },
  pragmatist: { question: 0.3, changes: 0.15, reject: 0.01 },
  'cost-cutter': { question: 0.4, changes: 0.2, reject: 0.01 },
};

/** The leaning of a persona: from the table for a bundled alias, otherwise from a hash of the alias. */
export function personaTendency(alias: string): PersonaTendency {
  const bundled = BUNDLED_TENDENCIES[alias];
  if (bundled !== undefined) return bundled;
  const hash = hashString(`tendency\u0000${alias}`);
  const first = (hash % 1000) / 1000;
  const second = (Math.floor(hash / 1000) % 1000) / 1000;
  return { question: 0.3 + 0.4 * first, changes: 0.15 + 0.35 * second, reject: 0.02 };
}
