import type { UsageV1, VoteValue } from '@quorum/core';

/**
 * Everything the engine does, as events (noun-verb names). The CLI turns them into progress
 * lines, `--json` prints them as JSON Lines, and `engine.eventLog` appends them to
 * `<discussion>.events.jsonl`. Messages in events never contain API keys.
 */
export type EngineEvent = { readonly time: string } & (
  | { readonly type: 'run-start'; readonly discussion: string; readonly template: string; readonly phase: string }
  | { readonly type: 'notice'; readonly message: string }
  | {
      readonly type: 'turn-start';
      readonly phase: string;
      readonly round: number;
      readonly responders: readonly string[];
      /** Responders asked now: all of them, or those an interrupted run had not reached. */
      readonly asking: readonly string[];
      readonly resumed: boolean;
    }
  | { readonly type: 'participant-start'; readonly participant: string; readonly model: string }
  | {
      readonly type: 'participant-retry';
      readonly participant: string;
      readonly model: string;
      readonly attempt: number;
      readonly delayMs: number;
      readonly reason: string;
    }
  | { readonly type: 'participant-fallback'; readonly participant: string; readonly from: string; readonly to: string; readonly reason: string }
  | { readonly type: 'reply-repair'; readonly participant: string; readonly model: string; readonly problem: string }
  | { readonly type: 'breaker-open'; readonly provider: string }
  | {
      readonly type: 'participant-finish';
      readonly participant: string;
      readonly outcome: 'comment' | 'no-response' | 'failed';
      readonly model: string | null;
      readonly latencyMs: number;
      readonly usage: UsageV1;
      readonly cost: number | null;
      readonly vote: VoteValue | null;
      readonly reason?: string;
    }
  | { readonly type: 'comment-append'; readonly participant: string; readonly author: string }
  | { readonly type: 'turn-finish'; readonly phase: string; readonly round: number }
  | {
      readonly type: 'vote-count';
      readonly phase: string;
      readonly reached: boolean;
      readonly outcome: VoteValue | null;
      readonly counts: Readonly<Record<VoteValue, number>>;
      readonly reason: string;
      /** The option the voting strategy chose (`Tally.choice`), or null; absent for strategies that choose no option. */
      readonly choice?: string | null;
    }
  | { readonly type: 'phase-change'; readonly from: string; readonly to: string; readonly status: string | null }
  | { readonly type: 'budget-stop'; readonly limit: string; readonly spent: number; readonly next: number; readonly cap: number }
  | { readonly type: 'human-wait'; readonly phase: string; readonly reason: string; readonly command: string }
  | {
      readonly type: 'run-finish';
      readonly outcome: RunOutcome;
      readonly phase: string;
      readonly status: string;
      readonly rounds: number;
      readonly usage: UsageV1;
      readonly cost: number | null;
    }
);

/** How a run ended: a final phase, waiting for a person, a budget, the turn cap, or cancelled. */
export type RunOutcome = 'finished' | 'waiting' | 'budget' | 'turn-cap' | 'cancelled';

/** Distributes `Omit` over the event union. */
export type EngineEventInput = EngineEvent extends infer E ? (E extends EngineEvent ? Omit<E, 'time'> : never) : never;
