import { setMaxListeners } from 'node:events';
import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  retry,
  wrap,
  type CircuitBreakerPolicy,
  type IBackoff,
  type IBackoffFactory,
  type IPolicy,
  type IRetryBackoffContext,
} from 'cockatiel';
import { ProviderError, type GenerateRequestV1, type GenerateResultV1, type ProviderErrorKind } from '@quorum/core';
import type { ModelChoice } from './model-router.js';

/** The engine's one retry loop (providers make one attempt per call). */
export interface ResilienceSettings {
  /** Time limit of one attempt. */
  readonly timeoutMs: number;
  /** Further attempts after a failed one, per model. */
  readonly retries: number;
  /** First backoff delay; doubles per attempt. */
  readonly backoffMs: number;
  /** Longest wait between attempts, `retry-after` included. */
  readonly maxBackoffMs: number;
  /** Consecutive failures that open a provider's circuit. */
  readonly breakerFailures: number;
  /** How long an open circuit refuses calls. */
  readonly breakerCooldownMs: number;
}

/** Failures that say something about the provider's health, so they count towards opening its circuit. */
const BREAKER_KINDS: ReadonlySet<ProviderErrorKind> = new Set(['rate_limit', 'server', 'timeout', 'network', 'malformed']);

/** Attempts started together, with one time limit: see `ResilientCaller.timeLimit`. */
interface AttemptGroup {
  readonly runSignal: AbortSignal;
  readonly controller: AbortController;
  /** Attempts of the group still under way. */
  pending: number;
  /** Clears the timer once the group takes no more attempts and none is under way. */
  readonly done: () => void;
}

/** A retry about to happen: which attempt failed, why, and the wait before the next. */
export interface RetryInfo {
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: ProviderError;
}

export interface ResilienceHooks {
  readonly onBreak: (provider: string) => void;
  /** A number in [0, 1) for jitter; tests pass a fixed one. */
  readonly random: () => number;
}

/**
 * Exponential backoff with "equal jitter" (half fixed, half random), or the server's
 * `retry-after` when it sent one; either way at most `maxBackoffMs`.
 */
class RetryAfterBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  constructor(
    private readonly settings: ResilienceSettings,
    private readonly random: () => number,
  ) {}

  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const error = 'error' in context.result ? context.result.error : undefined;
    const retryAfter = error instanceof ProviderError ? error.retryAfterMs : undefined;
    const exponential = this.settings.backoffMs * 2 ** (context.attempt - 1);
    const jittered = exponential / 2 + (this.random() * exponential) / 2;
    const duration = Math.min(this.settings.maxBackoffMs, retryAfter ?? jittered);
    return { duration: Math.max(0, Math.round(duration)), next: (later) => this.next(later) };
  }
}

/**
 * Calls providers through a retry loop (retryable kinds only: rate limits, 5xx, timeouts,
 * network and malformed bodies) and one circuit breaker per provider, shared by every
 * participant of a run. Each attempt gets its own timeout signal joined with the run's.
 */
export class ResilientCaller {
  private readonly breakers = new Map<string, CircuitBreakerPolicy>();
  /** Retry loop and breaker of each provider, built once and shared by every call to it. */
  private readonly policies = new Map<string, IPolicy>();
  /** The retry listener of the call each failed attempt's error came from (the policies are shared, their retry event is not per call). */
  private readonly retryListeners = new WeakMap<ProviderError, (info: RetryInfo) => void>();
  /** The attempts starting in this tick, which share a time limit (see {@link timeLimit}). */
  private group: AttemptGroup | undefined;
  /** Attempts under way per run signal, aborted together when that run is stopped. */
  private readonly inFlight = new WeakMap<AbortSignal, Set<AbortController>>();

  constructor(
    private readonly settings: ResilienceSettings,
    private readonly hooks: ResilienceHooks,
  ) {}

  async call(
    choice: ModelChoice,
    request: Omit<GenerateRequestV1, 'signal'>,
    signal: AbortSignal,
    onRetry?: (info: RetryInfo) => void,
  ): Promise<GenerateResultV1> {
    try {
      return await this.policyOf(choice.provider.name).execute(() => this.attempt(choice, request, signal, onRetry), signal);
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        throw new ProviderError(choice.provider.name, 'unavailable', 'circuit open after repeated failures; not calling it for a while', { cause: error });
      }
      if (signal.aborted && !(error instanceof ProviderError && error.kind === 'cancelled')) {
        throw new ProviderError(choice.provider.name, 'cancelled', 'the run was stopped', { cause: error });
      }
      throw error;
    }
  }

  private policyOf(provider: string): IPolicy {
    let policy = this.policies.get(provider);
    if (policy === undefined) {
      const retryPolicy = retry(
        handleWhen((error) => error instanceof ProviderError && error.retryable),
        { maxAttempts: this.settings.retries, backoff: new RetryAfterBackoff(this.settings, this.hooks.random) },
      );
      retryPolicy.onRetry((event) => {
        if ('error' in event && event.error instanceof ProviderError) {
          this.retryListeners.get(event.error)?.({ attempt: event.attempt, delayMs: event.delay, error: event.error });
        }
      });
      policy = wrap(retryPolicy, this.breakerOf(provider));
      this.policies.set(provider, policy);
    }
    return policy;
  }

  /**
   * One attempt with its own time limit, aborted also when the run's signal is: what
   * `AbortSignal.any([signal, AbortSignal.timeout(ms)])` does, without its cost per call.
   * The run's signal gets one listener for all attempts, which aborts those in flight.
   */
  private async attempt(
    choice: ModelChoice,
    request: Omit<GenerateRequestV1, 'signal'>,
    signal: AbortSignal,
    onRetry: ((info: RetryInfo) => void) | undefined,
  ): Promise<GenerateResultV1> {
    const limit = this.timeLimit(signal);
    try {
      // Object.assign, not a spread: V8 (Node 20) builds `{ ...request, signal }` about a hundred times slower.
      return await choice.provider.generate(Object.assign({}, request, { signal: limit.signal }));
    } catch (error) {
      if (onRetry !== undefined && error instanceof ProviderError) this.retryListeners.set(error, onRetry);
      throw error;
    } finally {
      limit.release();
    }
  }

  /**
   * The signal of an attempt starting now: aborted when its time is up or the run is stopped.
   * Attempts that start in the same tick (a round's participants) have the same deadline, so
   * they share one controller and one timer; making an AbortSignal costs Node several
   * microseconds, more than the rest of an attempt's bookkeeping.
   */
  private timeLimit(signal: AbortSignal): { signal: AbortSignal; release: () => void } {
    let group = this.group;
    if (group === undefined || group.runSignal !== signal) {
      const controller = new AbortController();
      if (signal.aborted) controller.abort(signal.reason);
      const timer = setTimeout(() => controller.abort(new DOMException(`the attempt took longer than ${this.settings.timeoutMs} ms`, 'TimeoutError')), this.settings.timeoutMs);
      const attempts = this.attemptsOf(signal);
      attempts.add(controller);
      const created: AttemptGroup = { runSignal: signal, controller, pending: 0, done: () => (clearTimeout(timer), attempts.delete(controller)) };
      this.group = group = created;
      // The group takes the attempts started until the current code yields.
      queueMicrotask(() => {
        if (this.group !== created) return;
        this.group = undefined;
        if (created.pending === 0) created.done();
      });
    }
    const joined = group;
    // Every attempt's SDK listens to the signal: past ten, lift Node's leak warning (only then,
    // as setMaxListeners costs more than the rest of the group's bookkeeping).
    if (++joined.pending === 10) setMaxListeners(0, joined.controller.signal);
    return {
      signal: joined.controller.signal,
      release: () => {
        if (--joined.pending === 0 && joined !== this.group) joined.done();
      },
    };
  }

  private attemptsOf(signal: AbortSignal): Set<AbortController> {
    let attempts = this.inFlight.get(signal);
    if (attempts === undefined) {
      const created = new Set<AbortController>();
      signal.addEventListener('abort', () => {
        for (const controller of created) controller.abort(signal.reason);
      }, { once: true });
      this.inFlight.set(signal, created);
      attempts = created;
    }
    return attempts;
  }

  private breakerOf(provider: string): CircuitBreakerPolicy {
    let breaker = this.breakers.get(provider);
    if (breaker === undefined) {
      breaker = circuitBreaker(
        handleWhen((error) => error instanceof ProviderError && BREAKER_KINDS.has(error.kind)),
        { halfOpenAfter: this.settings.breakerCooldownMs, breaker: new ConsecutiveBreaker(this.settings.breakerFailures) },
      );
      breaker.onBreak(() => this.hooks.onBreak(provider));
      this.breakers.set(provider, breaker);
    }
    return breaker;
  }
}
