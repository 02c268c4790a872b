import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ConditionV1, PhaseFacts, PhaseVotes, VoteValue, VotingStrategyV1 } from '@quorum/core';
import { builtinVotingStrategies } from '@quorum/voting';
import { builtinConditions } from '../builtin-conditions.js';
import type { TemplateContext } from '../resolved-template.js';

const created: string[] = [];

/** A fresh directory under the system temp dir holding `files` (path → content). */
export async function tempDir(files: Readonly<Record<string, string>> = {}): Promise<string> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'quorum-compiler-')));
  created.push(dir);
  await writeFiles(dir, files);
  return dir;
}

export async function writeFiles(dir: string, files: Readonly<Record<string, string>>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}

/** Removes every directory {@link tempDir} made; for `afterEach`. */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** The built-in conditions by name. */
export const builtinConditionMap: ReadonlyMap<string, ConditionV1> = new Map(
  builtinConditions.map((condition) => [condition.name, condition]),
);

/** The built-in voting strategies by name. */
export const builtinStrategyMap: ReadonlyMap<string, VotingStrategyV1> = new Map(
  builtinVotingStrategies.map((strategy) => [strategy.name, strategy]),
);

/** A context searching `<cwd>/templates`, with the built-in conditions and strategies. */
export function contextFor(cwd: string, overrides: Partial<TemplateContext> = {}): TemplateContext {
  return {
    dirs: [join(cwd, 'templates')],
    cwd,
    conditions: builtinConditionMap,
    strategies: builtinStrategyMap,
    ...overrides,
  };
}

/**
 * A phase's vote count with the verdict `outcome` (reached unless null): `voters` eligible
 * voters, all of whom voted `outcome` when there is one, none of whom voted otherwise.
 */
export function votesFact(outcome: VoteValue | null, voters = 1): PhaseVotes {
  const counts = { READY: 0, CHANGES: 0, REJECT: 0 };
  if (outcome !== null) counts[outcome] = voters;
  return { reached: outcome !== null, outcome, counts, voters };
}

/** Facts in which nothing has happened yet, with `overrides` on top. */
export function factsWith(overrides: Partial<PhaseFacts> = {}): PhaseFacts {
  return {
    phase: 'draft',
    rounds: 1,
    participants: [],
    responded: [],
    pendingMentions: [],
    votes: null,
    openQuestions: 0,
    humanApproved: false,
    markerCounts: {},
    explicitAdvance: false,
    totalRounds: 0,
    designFacets: [],
    ...overrides,
  };
}
