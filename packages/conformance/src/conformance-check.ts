import { describe, it } from 'vitest';

/** What a check may do besides passing or throwing. */
export interface CheckContext {
  /**
   * Marks the check as not applicable to this implementation (an optional method it does
   * not have, a scenario it cannot produce), with a note saying why. Never returns.
   */
  skip(note: string): never;
}

/**
 * One conformance check: a plain async function that throws when the implementation breaks
 * the contract. Suites are lists of checks; `registerChecks` turns them into vitest tests,
 * and `runChecks` runs them directly (how this package proves each suite can fail).
 */
export interface ConformanceCheck {
  readonly name: string;
  run(context: CheckContext): Promise<void> | void;
}

/** Thrown by {@link CheckContext.skip} outside vitest. */
class CheckSkipped extends Error {
  constructor(readonly note: string) {
    super(`skipped: ${note}`);
    this.name = 'CheckSkipped';
  }
}

/** Registers one vitest test per check, inside `describe(title)`. */
export function registerChecks(title: string, checks: readonly ConformanceCheck[], options: { readonly timeout?: number } = {}): void {
  describe(title, () => {
    for (const check of checks) {
      it(
        check.name,
        async (context) => {
          await check.run({
            skip: (note) => {
              context.skip(note);
              throw new CheckSkipped(note);
            },
          });
        },
        options.timeout,
      );
    }
  });
}

/** The outcome of one check run by {@link runChecks}. */
export interface CheckOutcome {
  readonly name: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  /** The failure, or the skip note. */
  readonly detail?: string;
}

/** Runs checks one after another, outside vitest's test registry, and reports each outcome. */
export async function runChecks(checks: readonly ConformanceCheck[]): Promise<CheckOutcome[]> {
  const outcomes: CheckOutcome[] = [];
  for (const check of checks) {
    try {
      await check.run({
        skip: (note) => {
          throw new CheckSkipped(note);
        },
      });
      outcomes.push({ name: check.name, status: 'passed' });
    } catch (error) {
      if (error instanceof CheckSkipped) outcomes.push({ name: check.name, status: 'skipped', detail: error.note });
      else outcomes.push({ name: check.name, status: 'failed', detail: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcomes;
}

/** Throws an assertion error with `message` unless `condition` holds. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ConformanceFailure(message);
}

/** A broken contract, said in one sentence. */
export class ConformanceFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConformanceFailure';
  }
}
