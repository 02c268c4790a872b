import { ProviderError, isVoteValue, type ProviderV1 } from '@quorum/core';
import { assert, registerChecks, type CheckContext, type ConformanceCheck } from './conformance-check.js';
import { generateRequest } from './generate-request.js';

/**
 * What the provider's backend does on the next call: answer properly, or fail in one of the
 * ways the engine must tell apart.
 * - `ok`: a valid structured reply (`{"comment": …, "vote": …}`) with usage;
 * - `rate_limit`: HTTP 429 (or the backend's equivalent);
 * - `server_error`: HTTP 5xx, or a local program that fails;
 * - `timeout`: the backend accepts the request and never answers;
 * - `malformed`: a success whose body is not what the API promises (not JSON, cut short);
 * - `auth`: the key is refused (HTTP 401/403);
 * - `schema_violation`: a well-formed answer whose reply text breaks the reply schema.
 */
export const PROVIDER_SCENARIOS = ['ok', 'rate_limit', 'server_error', 'timeout', 'malformed', 'auth', 'schema_violation'] as const;
export type ProviderScenario = (typeof PROVIDER_SCENARIOS)[number];

/** A provider wired to a backend that plays one scenario. */
export interface ProviderHarness {
  readonly provider: ProviderV1;
  /**
   * The secret the provider was configured with (an API key, a token in a command's
   * environment). No error may contain it; the suite checks message, stack, cause and JSON.
   */
  readonly canary?: string;
  cleanup?(): Promise<void>;
}

/**
 * Sets up a provider for a scenario, or returns undefined when the backend cannot play it
 * (a local command has no 429, a cassette cannot hang); the checks for that scenario are then
 * reported as skipped, never as passed.
 */
export type ProviderSetup = (scenario: ProviderScenario) => Promise<ProviderHarness | undefined>;

export interface ProviderConformanceOptions {
  /** How long the abort checks wait for the provider to stop (default 5 s). */
  readonly stopWithinMs?: number;
  /**
   * Optional: a provider pointed at a backend that is not there (a base URL where nothing
   * listens, a host that refuses connections). The suite checks that it fails promptly with
   * kind `network` (retryable) and without the key; without it, that check is skipped. A
   * provider that cannot be unreachable this way (a local command, a cassette) leaves it out.
   */
  readonly unreachable?: () => Promise<ProviderHarness>;
}

const EXPECTED_KIND: Partial<Record<ProviderScenario, { readonly kind: ProviderError['kind']; readonly retryable: boolean }>> = {
  rate_limit: { kind: 'rate_limit', retryable: true },
  server_error: { kind: 'server', retryable: true },
  malformed: { kind: 'malformed', retryable: true },
  auth: { kind: 'auth', retryable: false },
};

async function withProvider(setup: ProviderSetup, scenario: ProviderScenario, context: CheckContext, body: (harness: ProviderHarness) => Promise<void>): Promise<void> {
  const harness = await setup(scenario);
  if (harness === undefined) return context.skip(`the backend cannot play the "${scenario}" scenario`);
  try {
    assert(harness.provider.specificationVersion === 'v1', `specificationVersion is ${JSON.stringify(harness.provider.specificationVersion)}, not "v1"`);
    await body(harness);
  } finally {
    await harness.cleanup?.();
  }
}

/** The rejection of `promise`, which must be a ProviderError. */
async function providerError(promise: Promise<unknown>, what: string): Promise<ProviderError> {
  const error = await promise.then(
    (result) => {
      assert(false, `${what}: generate resolved with ${JSON.stringify(result).slice(0, 200)}, but it must reject`);
    },
    (caught: unknown) => caught,
  );
  assert(error instanceof ProviderError, `${what}: generate rejected with ${String(error)}, not a ProviderError`);
  return error;
}

/** Everything about an error a log or a person might see. */
function visibleText(error: unknown, depth = 0): string {
  if (depth > 4 || error === undefined || error === null) return '';
  if (!(error instanceof Error)) return typeof error === 'string' ? error : JSON.stringify(error) ?? '';
  let json = '';
  try {
    json = JSON.stringify(error, Object.getOwnPropertyNames(error));
  } catch {
    json = '';
  }
  return [error.message, error.stack ?? '', String(error), json, visibleText(error.cause, depth + 1)].join('\n');
}

function assertNoCanary(error: unknown, canary: string | undefined, scenario: ProviderScenario | 'unreachable'): void {
  if (canary === undefined || canary === '') return;
  assert(!visibleText(error).includes(canary), `the error for the "${scenario}" scenario contains the API key`);
}

/** Rejects after `ms` so that a provider that ignores its signal fails instead of hanging. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: the provider did not stop within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The checks of {@link providerConformance}, as plain functions. */
export function providerChecks(setup: ProviderSetup, options: ProviderConformanceOptions = {}): ConformanceCheck[] {
  const stopWithinMs = options.stopWithinMs ?? 5_000;
  const checks: ConformanceCheck[] = [
    {
      name: 'ok: the reply text is JSON with a comment and a vote, and usage is reported',
      run: (context) =>
        withProvider(setup, 'ok', context, async ({ provider }) => {
          assert(typeof provider.name === 'string' && /^[a-z][a-z0-9-]*$/.test(provider.name), `the provider name ${JSON.stringify(provider.name)} is not lowercase letters, digits and "-"`);
          const result = await provider.generate(generateRequest());
          let reply: unknown;
          try {
            reply = JSON.parse(result.text);
          } catch {
            assert(false, `the reply text is not JSON: ${JSON.stringify(result.text.slice(0, 200))}`);
          }
          assert(typeof reply === 'object' && reply !== null, 'the reply is not a JSON object');
          const { comment, vote } = reply as { comment?: unknown; vote?: unknown };
          assert(typeof comment === 'string', 'the reply has no string "comment"');
          assert(vote === null || isVoteValue(vote), `the reply's vote ${JSON.stringify(vote)} is not READY, CHANGES, REJECT or null`);
          const { usage } = result;
          for (const key of ['inputTokens', 'outputTokens', 'cachedInputTokens'] as const) {
            const value = usage?.[key];
            assert(typeof value === 'number' && Number.isFinite(value) && value >= 0, `usage.${key} is ${JSON.stringify(value)}, not a number ≥ 0`);
          }
          assert(usage.cachedInputTokens <= usage.inputTokens, 'usage.cachedInputTokens is more than usage.inputTokens (cached tokens are part of the input)');
          assert(typeof result.model === 'string' && result.model !== '', 'the result names no model (report the model that answered, or the default one)');
        }),
    },
    {
      name: 'an already aborted signal rejects with kind cancelled, or timeout for a TimeoutError reason',
      run: (context) =>
        withProvider(setup, 'ok', context, async ({ provider, canary }) => {
          const cancelled = await providerError(within(provider.generate(generateRequest({ signal: AbortSignal.abort() })), stopWithinMs, 'an aborted signal'), 'an aborted signal');
          assert(cancelled.kind === 'cancelled', `an aborted signal gave kind ${cancelled.kind}, not cancelled`);
          assert(!cancelled.retryable, 'a cancelled call is marked retryable');
          const reason = new DOMException('The operation timed out.', 'TimeoutError');
          const timedOut = await providerError(within(provider.generate(generateRequest({ signal: AbortSignal.abort(reason) })), stopWithinMs, 'a timed-out signal'), 'a timed-out signal');
          assert(timedOut.kind === 'timeout', `a signal aborted with a TimeoutError gave kind ${timedOut.kind}, not timeout`);
          assertNoCanary(cancelled, canary, 'ok');
          assertNoCanary(timedOut, canary, 'ok');
        }),
    },
    {
      name: 'timeout: AbortSignal.timeout stops a call the backend never answers, with kind timeout',
      run: (context) =>
        withProvider(setup, 'timeout', context, async ({ provider, canary }) => {
          const error = await providerError(within(provider.generate(generateRequest({ signal: AbortSignal.timeout(150) })), stopWithinMs, 'a hanging backend'), 'a hanging backend');
          assert(error.kind === 'timeout', `a call stopped by AbortSignal.timeout gave kind ${error.kind}, not timeout`);
          assert(error.retryable, 'a timeout is not marked retryable');
          assertNoCanary(error, canary, 'timeout');
        }),
    },
    {
      name: 'timeout: aborting a call in flight rejects promptly with kind cancelled',
      run: (context) =>
        withProvider(setup, 'timeout', context, async ({ provider, canary }) => {
          const controller = new AbortController();
          const call = provider.generate(generateRequest({ signal: controller.signal }));
          setTimeout(() => controller.abort(), 100);
          const error = await providerError(within(call, stopWithinMs, 'a call aborted in flight'), 'a call aborted in flight');
          assert(error.kind === 'cancelled', `a call aborted in flight gave kind ${error.kind}, not cancelled`);
          assert(!error.retryable, 'a cancelled call is marked retryable');
          assertNoCanary(error, canary, 'timeout');
        }),
    },
  ];
  for (const [scenario, expected] of Object.entries(EXPECTED_KIND) as [ProviderScenario, { kind: ProviderError['kind']; retryable: boolean }][]) {
    checks.push({
      name: `${scenario}: rejects with kind ${expected.kind} (${expected.retryable ? 'retryable' : 'not retryable'}), without the API key`,
      run: (context) =>
        withProvider(setup, scenario, context, async ({ provider, canary }) => {
          const error = await providerError(within(provider.generate(generateRequest()), stopWithinMs * 2, scenario), `the "${scenario}" scenario`);
          assert(error.kind === expected.kind, `the "${scenario}" scenario gave kind ${error.kind}, not ${expected.kind}`);
          assert(error.retryable === expected.retryable, `kind ${error.kind} says retryable ${error.retryable}`);
          assert(error.provider === provider.name, `the error names the provider ${JSON.stringify(error.provider)}, not ${JSON.stringify(provider.name)}`);
          assert(error.retryAfterMs === undefined || (Number.isFinite(error.retryAfterMs) && error.retryAfterMs >= 0), `retryAfterMs is ${error.retryAfterMs}, not a number of milliseconds ≥ 0`);
          assertNoCanary(error, canary, scenario);
        }),
    });
  }
  checks.push({
    name: 'unreachable: a backend that is not there rejects promptly with kind network (retryable), without the API key',
    run: async (context) => {
      if (options.unreachable === undefined) return context.skip('no unreachable backend was given (options.unreachable)');
      const { provider, canary, cleanup } = await options.unreachable();
      try {
        const error = await providerError(within(provider.generate(generateRequest()), stopWithinMs, 'an unreachable backend'), 'an unreachable backend');
        assert(error.kind === 'network', `an unreachable backend gave kind ${error.kind}, not network`);
        assert(error.retryable, 'a network error is not marked retryable');
        assert(error.provider === provider.name, `the error names the provider ${JSON.stringify(error.provider)}, not ${JSON.stringify(provider.name)}`);
        assertNoCanary(error, canary, 'unreachable');
      } finally {
        await cleanup?.();
      }
    },
  });
  checks.push({
    name: 'schema_violation: a reply that breaks the schema is passed on for the engine to validate, or refused as malformed',
    run: (context) =>
      withProvider(setup, 'schema_violation', context, async ({ provider, canary }) => {
        const outcome = await provider.generate(generateRequest()).then(
          (result) => ({ result }),
          (error: unknown) => ({ error }),
        );
        if ('error' in outcome) {
          assert(outcome.error instanceof ProviderError && outcome.error.kind === 'malformed', `a reply that breaks the schema was refused with ${String(outcome.error)}, not a ProviderError of kind malformed`);
          assertNoCanary(outcome.error, canary, 'schema_violation');
          return;
        }
        let reply: unknown;
        try {
          reply = JSON.parse(outcome.result.text);
        } catch {
          return; // Not JSON at all: the engine's validation refuses it, as it should.
        }
        const { comment, vote } = (typeof reply === 'object' && reply !== null ? reply : {}) as { comment?: unknown; vote?: unknown };
        const valid = typeof comment === 'string' && (vote === null || isVoteValue(vote)) && Object.keys(reply as object).length === 2;
        assert(!valid, 'the provider turned a reply that breaks the schema into a valid one; pass the text on and let the engine validate it');
      }),
  });
  return checks;
}

/**
 * Registers the provider conformance suite. `setup(scenario)` gives a provider whose backend
 * plays that scenario (see {@link ProviderScenario}); each check sets up afresh and calls
 * the harness's cleanup. `options.unreachable` adds the check of a backend that is not there.
 */
export function providerConformance(name: string, setup: ProviderSetup, options: ProviderConformanceOptions = {}): void {
  registerChecks(`provider conformance: ${name}`, providerChecks(setup, options), { timeout: 30_000 });
}
