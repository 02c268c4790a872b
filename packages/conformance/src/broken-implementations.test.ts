// Each suite, run against a deliberately broken implementation, must report the breakage:
// the checks are plain functions (`runChecks`), so these tests run them outside the test
// registry and assert on which ones fail.
import {
  AlreadyExistsError,
  ConflictError,
  NotFoundError,
  ProviderError,
  abortKind,
  type ConditionV1,
  type DiscussionStorageV1,
  type LoadedDiscussion,
  type MarkerSetV1,
  type PersonaSourceV1,
  type PersonaV1,
  type ProviderV1,
  type VoteValue,
  type VotingStrategyV1,
} from '@quorum/core';
import { appendEventsText, parseDiscussion, renderComment, renderNewDiscussion, setHeadersText } from '@quorum/format';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  conditionChecks,
  phaseFactsArbitrary,
  markerSetChecks,
  personaSourceChecks,
  providerChecks,
  runChecks,
  storageChecks,
  votingStrategyChecks,
  type CheckOutcome,
  type ExtractMarkers,
  type CountVotes,
  type ProviderScenario,
} from './index.js';

function failed(outcomes: readonly CheckOutcome[]): string[] {
  return outcomes.filter((outcome) => outcome.status === 'failed').map((outcome) => outcome.name);
}
function passed(outcomes: readonly CheckOutcome[]): string[] {
  return outcomes.filter((outcome) => outcome.status === 'passed').map((outcome) => outcome.name);
}

/** The ways {@link memoryStorage} can be broken on purpose, one contract rule each. */
interface StorageFlaws {
  /** create replaces an existing discussion. */
  readonly replaceOnCreate?: boolean;
  /** create stores the text with a blank line added at the end. */
  readonly changeOnCreate?: boolean;
  /** appendComment to an unknown id creates the discussion. */
  readonly createOnAppend?: boolean;
  /** appendEvents ignores its expected header values (no compare-and-set). */
  readonly ignoreExpected?: boolean;
  /** appendEvents ignores the headers it is given. */
  readonly ignoreHeaders?: boolean;
  /** appendComment rewrites the context, so the earlier text is no longer a prefix. */
  readonly rewriteOnAppend?: boolean;
  /** appendComment lets a comment change a header (as a forged `<!-- Status: … -->` line would). */
  readonly commentSetsStatus?: boolean;
  /** updateHeaders drops the comments. */
  readonly updateDropsBody?: boolean;
  /** appendBatch writes its entries in reverse order. */
  readonly reverseBatch?: boolean;
  /** list is sorted the wrong way. */
  readonly unsortedList?: boolean;
  /** Writes read, wait, then write, with no lock: concurrent writers overwrite each other. */
  readonly noLock?: boolean;
  /** Writes are serialised by a lock only this instance knows (a second process ignores it). */
  readonly lockPerInstance?: boolean;
}

/** Runs `work` after every earlier call with the same key has settled. */
const queues = new WeakMap<object, Promise<unknown>>();
function serialised<T>(key: object, work: () => Promise<T>): Promise<T> {
  const next = (queues.get(key) ?? Promise.resolve()).then(work, work);
  queues.set(key, next.catch(() => undefined));
  return next;
}

/**
 * A small, correct storage over `texts` (share the map to open it twice, as two processes
 * would open one folder), built on the format package; `flaws` break it on purpose. Every
 * write reads, yields, then writes, so only its lock keeps concurrent writers apart.
 */
function memoryStorage(flaws: StorageFlaws = {}, texts = new Map<string, string>()): DiscussionStorageV1 {
  const instance = {};
  const get = (id: string) => {
    const text = texts.get(id);
    if (text === undefined) throw new NotFoundError(`there is no discussion ${id}`);
    return text;
  };
  const write = (id: string, change: (text: string) => string): Promise<void> => {
    const work = async () => {
      const before = flaws.createOnAppend === true && !texts.has(id) ? renderNewDiscussion({ title: id, phase: 'review', created: '2026-11-21T09:00:00.000Z' }) : get(id);
      await new Promise((resolve) => setTimeout(resolve, 1));
      texts.set(id, change(before));
    };
    if (flaws.noLock === true) return work();
    return serialised(flaws.lockPerInstance === true ? instance : texts, work);
  };
  const header = (text: string, key: string) => parseDiscussion(text).header.fields.find((field) => field.key === key)?.value;
  return {
    specificationVersion: 'v1',
    name: 'broken-memory',
    async create(name, markdown) {
      if (texts.has(name) && flaws.replaceOnCreate !== true) throw new AlreadyExistsError(`${name} exists`);
      texts.set(name, flaws.changeOnCreate === true ? `${markdown}\n` : markdown);
      return { id: name, location: name };
    },
    async load(id): Promise<LoadedDiscussion> {
      const source = get(id);
      return { id, location: id, source, discussion: parseDiscussion(source) };
    },
    appendComment(id, comment) {
      return write(id, (before) => {
        const text = flaws.rewriteOnAppend === true ? before.replace('Protect the public API.', 'Rewritten.') : before;
        const appended = text + renderComment(comment);
        return flaws.commentSetsStatus === true ? setHeadersText(appended, { Status: 'COMMENTED' }) : appended;
      });
    },
    appendBatch(id, entries) {
      const ordered = flaws.reverseBatch === true ? [...entries].reverse() : entries;
      return write(id, (before) => ordered.reduce((text, entry) => ('comment' in entry ? text + renderComment(entry.comment) : appendEventsText(text, entry.events)), before));
    },
    appendEvents(id, events, headers, expected) {
      return write(id, (text) => {
        if (expected !== undefined && flaws.ignoreExpected !== true) {
          for (const [key, value] of Object.entries(expected)) if (header(text, key) !== value) throw new ConflictError(`${key} changed`);
        }
        const next = appendEventsText(text, events);
        return headers === undefined || flaws.ignoreHeaders === true ? next : setHeadersText(next, headers);
      });
    },
    updateHeaders(id, headers) {
      return write(id, (text) => {
        const updated = setHeadersText(text, headers);
        return flaws.updateDropsBody === true ? parseDiscussion(updated).header.source : updated;
      });
    },
    async list() {
      const ids = [...texts.keys()].sort();
      if (flaws.unsortedList === true) ids.reverse();
      return ids.map((id) => {
        const text = texts.get(id)!;
        const headers = Object.fromEntries(parseDiscussion(text).header.fields.map((field) => [field.key, field.value]));
        return {
          id,
          location: id,
          title: headers['Title'] ?? null,
          phase: headers['Phase'] ?? null,
          status: headers['Status'] ?? null,
          template: headers['Template'] ?? null,
          created: headers['Created'] ?? null,
          participants: (headers['Participants'] ?? '').split(',').map((alias) => alias.trim()).filter((alias) => alias !== ''),
          headers,
          updated: null,
        };
      });
    },
  };
}

describe('the storage suite', () => {
  /** The suite over a storage with `flaws`, opened a second time over the same data when `twice`. */
  const run = (flaws: StorageFlaws = {}, twice = false) =>
    runChecks(
      storageChecks(
        async () => {
          const texts = new Map<string, string>();
          return { storage: memoryStorage(flaws, texts), ...(twice ? { openAnother: async () => memoryStorage(flaws, texts) } : {}) };
        },
        { numRuns: 10 },
      ),
    );
  const TWO_STORAGE_CHECKS = [
    'two storages over the same data (two processes) never lose or interleave concurrent appends',
    'two storages over the same data: of two compare-and-set phase changes, exactly one wins',
  ];
  const TORN_CHECK = 'a torn append reads as before it or after it, never in between, and the next append repairs it';

  it('passes a correct storage (the control), skipping only what its harness does not offer', async () => {
    const outcomes = await run({}, true);
    expect(failed(outcomes)).toEqual([]);
    expect(outcomes.filter((outcome) => outcome.status === 'skipped').map((outcome) => outcome.name)).toEqual([TORN_CHECK]);
    // Without openAnother, the checks of two storages are skipped, not passed.
    expect((await run()).filter((outcome) => outcome.status === 'skipped').map((outcome) => outcome.name)).toEqual([...TWO_STORAGE_CHECKS, TORN_CHECK]);
  });

  const cases: [string, StorageFlaws, string[]][] = [
    ['whose create changes the text', { changeOnCreate: true }, ['create stores the Markdown as given, and load reads it back with its id']],
    ['whose create replaces an existing discussion', { replaceOnCreate: true }, ['create never replaces an existing discussion']],
    ['whose append to an unknown id creates it', { createOnAppend: true }, ['appends and header updates of an unknown id fail with a NotFoundError and create nothing']],
    [
      'that rewrites earlier text',
      { rewriteOnAppend: true },
      [
        'appendComment adds exactly one comment that reads back as written, after the earlier text',
        'append-only: after any sequence of operations the earlier body is a prefix of the later one, and every comment reads back as written',
      ],
    ],
    [
      'in which a comment changes a header',
      { commentSetsStatus: true },
      [
        'appendComment adds exactly one comment that reads back as written, after the earlier text',
        'append-only: after any sequence of operations the earlier body is a prefix of the later one, and every comment reads back as written',
      ],
    ],
    [
      'whose appendEvents ignores its headers',
      { ignoreHeaders: true },
      [
        'appendEvents adds events and sets headers in one step; the body only grows',
        // The Phase header never moves, so a stale compare-and-set still holds.
        'appendEvents with expected header values writes only when they still hold (compare-and-set)',
        'two concurrent compare-and-set phase changes from one phase: exactly one wins',
      ],
    ],
    [
      'that ignores compare-and-set',
      { ignoreExpected: true },
      ['appendEvents with expected header values writes only when they still hold (compare-and-set)', 'two concurrent compare-and-set phase changes from one phase: exactly one wins'],
    ],
    [
      'whose updateHeaders drops the comments',
      { updateDropsBody: true },
      [
        'updateHeaders sets the given values and keeps the other headers and the body',
        'append-only: after any sequence of operations the earlier body is a prefix of the later one, and every comment reads back as written',
      ],
    ],
    ['whose list is not sorted by id', { unsortedList: true }, ['list gives every discussion with its header values, sorted by id']],
    [
      'whose appendBatch reorders its entries',
      { reverseBatch: true },
      [
        'appendBatch (when present) appends its comments and events in order, as one write',
        'append-only: after any sequence of operations the earlier body is a prefix of the later one, and every comment reads back as written',
      ],
    ],
    [
      'with no lock, which loses concurrent writes',
      { noLock: true },
      ['two concurrent compare-and-set phase changes from one phase: exactly one wins', 'concurrent appends from one process never interleave or lose a comment'],
    ],
  ];
  for (const [name, flaws, failing] of cases) {
    it(`fails a storage ${name}`, async () => {
      expect(failed(await run(flaws))).toEqual(failing);
    });
  }

  it('fails a storage whose lock holds within one process only, when opened twice', async () => {
    // One instance passes: its own writers wait for each other.
    expect(failed(await run({ lockPerInstance: true }))).toEqual([]);
    expect(failed(await run({ lockPerInstance: true }, true))).toEqual(TWO_STORAGE_CHECKS);
  });

  it('fails a storage whose torn appends read as half a comment', async () => {
    const storage = memoryStorage();
    const outcomes = await runChecks(
      storageChecks(
        async () => ({
          storage,
          // The flaw: a torn append is left as a complete comment with a truncated text.
          simulateTornAppend: async (id, comment, fraction) => storage.appendComment(id, { ...comment, text: `${comment.text.slice(0, Math.floor(fraction * comment.text.length))}…` }),
        }),
        { numRuns: 10 },
      ),
    );
    expect(failed(outcomes)).toEqual([TORN_CHECK]);
  });
});

function provider(generate: ProviderV1['generate']): ProviderV1 {
  return { specificationVersion: 'v1', name: 'broken', defaultModel: 'm', generate };
}
const okText = JSON.stringify({ comment: 'Fine.', vote: 'READY' });
const usage = { inputTokens: 10, outputTokens: 5, cachedInputTokens: 0 };

/** The error kind a correct provider gives for each failing scenario. */
const SCENARIO_KINDS: Record<'rate_limit' | 'server_error' | 'malformed' | 'auth', ProviderError['kind']> = {
  rate_limit: 'rate_limit',
  server_error: 'server',
  malformed: 'malformed',
  auth: 'auth',
};

/** A provider whose backend plays `scenario` as the contract asks (`unreachable`: nothing listens). */
function correctProvider(scenario: ProviderScenario | 'unreachable'): ProviderV1 {
  return provider(
    (request) =>
      new Promise((resolve, reject) => {
        const stop = () => reject(new ProviderError('broken', abortKind(request.signal.reason), 'the request was stopped'));
        if (request.signal.aborted) return stop();
        if (scenario === 'ok') return resolve({ text: okText, usage, model: 'm' });
        if (scenario === 'schema_violation') return resolve({ text: JSON.stringify({ comment: 42, verdict: 'yes' }), usage, model: 'm' });
        if (scenario === 'timeout') return request.signal.addEventListener('abort', stop, { once: true });
        if (scenario === 'unreachable') return reject(new ProviderError('broken', 'network', 'could not reach http://127.0.0.1:9/v1'));
        return reject(new ProviderError('broken', SCENARIO_KINDS[scenario], `the backend played ${scenario}`));
      }),
  );
}

describe('the provider suite', () => {
  it('passes a correct provider in every scenario (the control)', async () => {
    const outcomes = await runChecks(
      providerChecks(async (scenario) => ({ canary: 'sk-secret', provider: correctProvider(scenario) }), {
        unreachable: async () => ({ canary: 'sk-secret', provider: correctProvider('unreachable') }),
      }),
    );
    expect(failed(outcomes)).toEqual([]);
    expect(outcomes.every((outcome) => outcome.status === 'passed')).toBe(true);
  });

  it('reports the scenarios a backend cannot play, and the unreachable check without a harness, as skipped', async () => {
    const outcomes = await runChecks(providerChecks(async (scenario) => (scenario === 'ok' ? { provider: correctProvider('ok') } : undefined)));
    expect(passed(outcomes)).toEqual(['ok: the reply text is JSON with a comment and a vote, and usage is reported', 'an already aborted signal rejects with kind cancelled, or timeout for a TimeoutError reason']);
    expect(failed(outcomes)).toEqual([]);
  });

  it('fails a provider whose reply is not JSON, whose usage is negative, that ignores its signal, leaks its key and misnames its errors', async () => {
    const outcomes = await runChecks(
      providerChecks(
        async (scenario) => {
          if (scenario === 'ok') return { provider: provider(async () => ({ text: 'Fine, READY', usage: { ...usage, outputTokens: -1 }, model: 'm' })) };
          if (scenario === 'timeout') return { provider: provider(() => new Promise(() => {})) };
          if (scenario === 'auth') {
            return { canary: 'sk-secret', provider: provider(async () => Promise.reject(new ProviderError('broken', 'auth', 'the key sk-secret was refused'))) };
          }
          if (scenario === 'rate_limit') return { provider: provider(async () => Promise.reject(new ProviderError('broken', 'server', 'HTTP 429'))) };
          if (scenario === 'server_error') return { provider: provider(async () => Promise.reject(new Error('HTTP 500'))) };
          if (scenario === 'schema_violation') return { provider: provider(async () => ({ text: okText, usage, model: 'm' })) };
          return undefined;
        },
        {
          stopWithinMs: 400,
          // A refused connection reported as a server error: the engine would not know to retry elsewhere.
          unreachable: async () => ({ provider: provider(async () => Promise.reject(new ProviderError('broken', 'server', 'ECONNREFUSED'))) }),
        },
      ),
    );
    expect(failed(outcomes)).toEqual([
      'ok: the reply text is JSON with a comment and a vote, and usage is reported',
      'an already aborted signal rejects with kind cancelled, or timeout for a TimeoutError reason',
      'timeout: AbortSignal.timeout stops a call the backend never answers, with kind timeout',
      'timeout: aborting a call in flight rejects promptly with kind cancelled',
      'rate_limit: rejects with kind rate_limit (retryable), without the API key',
      'server_error: rejects with kind server (retryable), without the API key',
      'auth: rejects with kind auth (not retryable), without the API key',
      'unreachable: a backend that is not there rejects promptly with kind network (retryable), without the API key',
      'schema_violation: a reply that breaks the schema is passed on for the engine to validate, or refused as malformed',
    ]);
  });
});

const countVotes: CountVotes = (input) => {
  // A minimal host count: latest vote per author after the phase's last reset, every author a voter.
  const cutoff = Math.max(Number.NEGATIVE_INFINITY, ...input.voteResets.filter((reset) => reset.phase === input.phase).map((reset) => reset.line));
  const latest = new Map<string, { vote: VoteValue; comment: number | undefined }>();
  for (const comment of [...input.comments].sort((a, b) => a.line - b.line)) {
    if (comment.vote !== null && comment.line > cutoff) latest.set(comment.author, { vote: comment.vote, comment: comment.comment });
  }
  const markers = input.markers?.filter((marker) => marker.line > cutoff);
  const ballots = [...latest].map(([voter, { vote, comment }]) =>
    markers === undefined ? { voter, vote } : { voter, vote, markers: markers.filter((marker) => marker.comment === comment) },
  );
  const voters = [...new Set([...input.roster.map((entry) => entry.id), ...latest.keys()])].map((id) => ({ id, weight: 1, human: false }));
  const tally = input.strategy.tally(markers === undefined ? { ballots, voters, options: input.options } : { ballots, voters, options: input.options, markers });
  return { reached: tally.reached, outcome: tally.outcome, votes: Object.fromEntries([...latest].map(([voter, { vote }]) => [voter, vote])), choice: tally.choice };
};

function strategy(tally: VotingStrategyV1['tally'], optionsSchema: VotingStrategyV1['optionsSchema'] = { type: 'object', properties: {} }): VotingStrategyV1 {
  return { specificationVersion: 'v1', name: 'broken', description: 'A strategy under test.', optionsSchema, tally };
}

describe('the voting strategy suite', () => {
  const majority = strategy(({ ballots, voters }) => {
    const ready = ballots.filter((ballot) => ballot.vote === 'READY').length;
    const reached = ready * 2 > voters.length;
    return { reached, outcome: reached ? 'READY' : null, blockedBy: [], reason: `${ready} of ${voters.length} voted READY.` };
  });

  it('passes a correct strategy (the control)', async () => {
    expect(failed(await runChecks(votingStrategyChecks(majority, [], { countVotes }, { numRuns: 50 })))).toEqual([]);
  });

  it('fails a strategy whose tally depends on ballot order', async () => {
    const firstWins = strategy(({ ballots }) => ({ reached: ballots.length > 0, outcome: ballots[0]?.vote ?? null, blockedBy: [], reason: 'The first ballot decides.' }));
    expect(failed(await runChecks(votingStrategyChecks(firstWins, [], { countVotes }, { numRuns: 50 })))).toContain('the order of ballots never changes the tally');
  });

  it('fails a strategy whose reached and outcome disagree, or whose options have no defaults', async () => {
    const inconsistent = strategy(() => ({ reached: true, outcome: null, blockedBy: [], reason: 'Always.' }), { type: 'object', required: ['quota'], properties: { quota: { type: 'number' } } });
    expect(failed(await runChecks(votingStrategyChecks(inconsistent, [], { countVotes }, { numRuns: 20 })))).toEqual([
      'declares specificationVersion v1, a name, a description and an options schema with defaults that validates {}',
      'accepts each given options case',
      'the order of ballots never changes the tally',
      'is pure: the same input gives the same tally and is never changed',
      'reached and outcome agree, blockedBy names REJECT voters only, and there is a reason',
      'choice, when given, is null or a non-empty string',
      'tallies with the optional markers (a current host) and without them (an older host)',
      "only each voter's latest vote counts (through the host's countVotes)",
      "each ballot carries its counted comment's markers, the tally the phase's markers in file order, and the choice comes back (through the host's countVotes)",
    ]);
  });

  const PROPOSALS = [
    { type: 'proposal', keyword: 'PROPOSAL', argument: 'a', text: 'Option a.' },
    { type: 'proposal', keyword: 'PROPOSAL', argument: 'b', text: 'Option b.' },
  ];
  /** Chooses the first proposal any ballot's comment names; READY once one is chosen. */
  const firstProposal = (choiceOf: (id: string | undefined) => string | null = (id) => id ?? null) =>
    strategy(({ ballots, markers }) => {
      if (markers === undefined) return { reached: false, outcome: null, blockedBy: [], reason: 'This host passes no markers.' };
      const named = new Set(ballots.flatMap((ballot) => (ballot.markers ?? []).map((marker) => marker.argument)));
      const id = markers.find((marker) => marker.type === 'proposal' && named.has(marker.argument))?.argument ?? undefined;
      const choice = choiceOf(id);
      return { reached: choice !== null, outcome: choice === null ? null : 'READY', blockedBy: [], reason: `Chose ${choice ?? 'nothing'}.`, choice };
    });

  it('passes a strategy that reads ballot and phase markers and gives a choice (the control)', async () => {
    expect(failed(await runChecks(votingStrategyChecks(firstProposal(), [], { countVotes }, { numRuns: 50, markers: PROPOSALS })))).toEqual([]);
  });

  it('fails a strategy whose choice is an empty string', async () => {
    expect(failed(await runChecks(votingStrategyChecks(firstProposal((id) => (id === undefined ? null : '')), [], { countVotes }, { numRuns: 50, markers: PROPOSALS })))).toEqual([
      'choice, when given, is null or a non-empty string',
    ]);
  });

  it('fails a strategy that needs markers from the host, or chokes on them', async () => {
    const needsMarkers = strategy(({ ballots, markers }) => {
      const count = markers!.length + ballots.reduce((sum, ballot) => sum + ballot.markers!.length, 0);
      return { reached: false, outcome: null, blockedBy: [], reason: `${count} markers.` };
    });
    expect(failed(await runChecks(votingStrategyChecks(needsMarkers, [], { countVotes }, { numRuns: 50 })))).toContain(
      'tallies with the optional markers (a current host) and without them (an older host)',
    );
    const chokes = strategy(({ markers }) => ({ reached: false, outcome: null, blockedBy: [], reason: markers === undefined ? 'No markers.' : '' }));
    expect(failed(await runChecks(votingStrategyChecks(chokes, [], { countVotes }, { numRuns: 50 })))).toContain(
      'tallies with the optional markers (a current host) and without them (an older host)',
    );
  });

  it('fails a strategy whose choice depends on the order of ballots', async () => {
    const firstBallot = strategy(({ ballots }) => ({ reached: false, outcome: null, blockedBy: [], reason: 'Nothing yet.', choice: ballots[0]?.voter ?? null }));
    expect(failed(await runChecks(votingStrategyChecks(firstBallot, [], { countVotes }, { numRuns: 50 })))).toEqual(['the order of ballots never changes the tally']);
  });

  it('fails a host that puts superseded comments’ markers on ballots, passes no markers, or drops the choice', async () => {
    const superseded: CountVotes = (input) => countVotes({ ...input, comments: input.comments.map(({ comment: _comment, ...rest }) => ({ ...rest, comment: 0 })) });
    const noMarkers: CountVotes = ({ markers: _markers, ...input }) => countVotes(input);
    const noChoice: CountVotes = (input) => ({ ...countVotes(input), choice: undefined });
    const hostCheck = "each ballot carries its counted comment's markers, the tally the phase's markers in file order, and the choice comes back (through the host's countVotes)";
    for (const host of [superseded, noMarkers, noChoice]) {
      expect(failed(await runChecks(votingStrategyChecks(majority, [], { countVotes: host }, { numRuns: 50 })))).toEqual([hostCheck]);
    }
  });

  it('fails when the host count lets an earlier vote win', async () => {
    const firstVote: CountVotes = (input) => countVotes({ ...input, comments: [...input.comments].map((comment) => ({ ...comment, line: -comment.line })) });
    expect(failed(await runChecks(votingStrategyChecks(majority, [], { countVotes: firstVote }, { numRuns: 50 })))).toEqual([
      "only each voter's latest vote counts (through the host's countVotes)",
      "each ballot carries its counted comment's markers, the tally the phase's markers in file order, and the choice comes back (through the host's countVotes)",
    ]);
  });
});

describe('the marker set suite', () => {
  const risk: MarkerSetV1 = {
    specificationVersion: 'v1',
    name: 'risk',
    markers: [{ type: 'risk', keywords: ['RISK'], label: 'Risks', argument: { description: 'severity', values: ['low', 'high'] } }],
  };
  /** A naive scan: any line containing KEYWORD( or KEYWORD:, code or not, any argument. */
  const naive: ExtractMarkers = (comments, sets) =>
    comments.flatMap((comment) =>
      comment.text.split('\n').flatMap((line, index) =>
        sets.flatMap((set) =>
          set.markers.flatMap((definition) =>
            definition.keywords.flatMap((keyword) => {
              const match = new RegExp(`${keyword}(?:\\(([^)]*)\\))?:(.*)$`).exec(line);
              if (match === null) return [];
              return [{ type: definition.type, keyword, argument: match[1] ?? null, text: match[2]!.trim(), author: comment.author, comment: 0, line: comment.textLine + index, mentions: [] }];
            }),
          ),
        ),
      ),
    );

  it('fails a host scan that finds keywords in code and mid-line and takes undeclared arguments', async () => {
    expect(failed(await runChecks(markerSetChecks(risk, { extractMarkers: naive })))).toEqual([
      'each keyword is found at the start of a line, also after a list bullet or a quote mark, with the rest of the line as its text',
      'a keyword inside fenced code or a code span is never a marker',
      'arguments follow the declaration: none when none is declared, declared values only, required ones required',
    ]);
  });

  it('fails a declaration with a lower-case keyword and a duplicate type', async () => {
    const bad: MarkerSetV1 = { ...risk, markers: [...risk.markers, { type: 'risk', keywords: ['risky'], label: 'Again' }] };
    expect(failed(await runChecks(markerSetChecks(bad, { extractMarkers: () => [] })))[0]).toBe(
      'declares specificationVersion v1, a name, and markers with lower-case types, upper-case keywords and labels',
    );
  });
});

describe('the condition suite', () => {
  const atLeast: ConditionV1<number> = {
    specificationVersion: 'v1',
    name: 'at_least_rounds',
    description: 'At least N rounds.',
    optionsSchema: { type: 'integer', minimum: 1 },
    evaluate: (facts, n) => facts.rounds >= n,
  };

  it('passes a correct condition (the control)', async () => {
    expect(failed(await runChecks(conditionChecks(atLeast, { valid: [1, 4], invalid: [0, 'x'] }, { numRuns: 50 })))).toEqual([]);
  });

  it('gives conditions vote counts as a host does: counts over at most the eligible voters, an outcome only with votes for it', () => {
    fc.assert(
      fc.property(phaseFactsArbitrary, ({ votes }) => {
        if (votes === null) return;
        const cast = votes.counts.READY + votes.counts.CHANGES + votes.counts.REJECT;
        expect(cast).toBeLessThanOrEqual(votes.voters);
        expect(votes.reached).toBe(votes.outcome !== null);
        if (votes.outcome !== null) expect(votes.counts[votes.outcome]).toBeGreaterThan(0);
      }),
    );
  });

  it('passes a condition that reads the vote counts (the control for PhaseFacts.votes.counts and voters)', async () => {
    const readyShare: ConditionV1<number> = {
      specificationVersion: 'v1',
      name: 'ready_share',
      description: 'More than the given share of the eligible voters voted READY.',
      optionsSchema: { type: 'number', minimum: 0, maximum: 1 },
      evaluate: (facts, share) => facts.votes !== null && facts.votes.voters > 0 && facts.votes.counts.READY / facts.votes.voters > share,
    };
    expect(failed(await runChecks(conditionChecks(readyShare, { valid: [0, 0.5], invalid: [2] }, { numRuns: 50 })))).toEqual([]);
  });

  it('fails a condition that is impure, throws, mutates its facts, or whose schema accepts invalid options', async () => {
    let calls = 0;
    const broken: ConditionV1<number> = {
      ...atLeast,
      optionsSchema: { type: 'number' },
      evaluate: (facts, n) => {
        calls += 1;
        if (facts.participants.length > 4) throw new Error('too many');
        (facts as { rounds: number }).rounds += 0;
        return calls % 2 === 0 && facts.rounds >= n;
      },
    };
    expect(failed(await runChecks(conditionChecks(broken, { valid: [1], invalid: [0.5] }, { numRuns: 100 })))).toEqual([
      'the options schema accepts the valid options and refuses the invalid ones',
      'evaluate never throws for schema-valid options and returns a boolean',
      'evaluate is pure: equal facts give equal answers, and the facts are never changed',
    ]);
  });
});

describe('the persona source suite', () => {
  const architect: PersonaV1 = { name: 'AI-Architect', alias: 'architect', role: 'Architect', personality: 'You design systems.', expertise: [], concerns: [], type: 'voting' };
  const validatePersona = (value: unknown): PersonaV1 => {
    const persona = value as PersonaV1;
    if (typeof persona.personality !== 'string' || persona.personality.trim() === '') throw new Error('personality is required');
    return persona;
  };
  const source = (personas: readonly PersonaV1[]): PersonaSourceV1 => ({ specificationVersion: 'v1', name: 'test', load: () => personas });

  it('passes a correct source of the PersonaSourceV1 shape (the control)', async () => {
    const scribe: PersonaV1 = { ...architect, name: 'AI-Scribe', alias: 'scribe', type: 'background' };
    expect(failed(await runChecks(personaSourceChecks(source([architect, scribe]), { validatePersona })))).toEqual([]);
  });

  it('fails a source with an invalid persona, a duplicate alias and a weighted background persona', async () => {
    const personas = [architect, { ...architect, name: 'AI-Other', alias: 'Architect' }, { ...architect, name: 'AI-Scribe', alias: 'scribe', type: 'background' as const, weight: 2, personality: ' ' }];
    expect(failed(await runChecks(personaSourceChecks(source(personas), { validatePersona })))).toEqual([
      'every persona it yields validates against the persona schema and reads back unchanged',
      'aliases and display names are unique (case-insensitively: mentions and votes match that way)',
      'every persona says whether it votes: type is voting or background, and background personas carry no vote weight',
    ]);
  });
});
