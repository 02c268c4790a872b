// Each suite, run against a deliberately broken implementation, must report the breakage:
// the checks are plain functions (`runChecks`), so these tests run them outside the test
// registry and assert on which ones fail.
import {
  AlreadyExistsError,
  ConflictError,
  NotFoundError,
  ProviderError,
  type ConditionV1,
  type DiscussionStorageV1,
  type LoadedDiscussion,
  type MarkerSetV1,
  type PersonaSourceV1,
  type PersonaV1,
  type ProviderV1,
  type VotingStrategyV1,
} from '@quorum/core';
import { appendEventsText, parseDiscussion, renderComment, setHeadersText } from '@quorum/format';
import { describe, expect, it } from 'vitest';
import {
  conditionChecks,
  markerSetChecks,
  personaSourceChecks,
  providerChecks,
  runChecks,
  storageChecks,
  votingStrategyChecks,
  type CheckOutcome,
  type ExtractMarkers,
  type CountVotes,
} from './index.js';

function failed(outcomes: readonly CheckOutcome[]): string[] {
  return outcomes.filter((outcome) => outcome.status === 'failed').map((outcome) => outcome.name);
}
function passed(outcomes: readonly CheckOutcome[]): string[] {
  return outcomes.filter((outcome) => outcome.status === 'passed').map((outcome) => outcome.name);
}

/** A small, correct in-memory storage built on the format package; `flaws` break it on purpose. */
function memoryStorage(flaws: { replaceOnCreate?: boolean; ignoreExpected?: boolean; rewriteOnAppend?: boolean; dropConcurrent?: boolean; unsortedList?: boolean } = {}): DiscussionStorageV1 {
  const texts = new Map<string, string>();
  const get = (id: string) => {
    const text = texts.get(id);
    if (text === undefined) throw new NotFoundError(`there is no discussion ${id}`);
    return text;
  };
  const header = (text: string, key: string) => parseDiscussion(text).header.fields.find((field) => field.key === key)?.value;
  return {
    specificationVersion: 'v1',
    name: 'broken-memory',
    async create(name, markdown) {
      if (texts.has(name) && flaws.replaceOnCreate !== true) throw new AlreadyExistsError(`${name} exists`);
      texts.set(name, markdown);
      return { id: name, location: name };
    },
    async load(id): Promise<LoadedDiscussion> {
      const source = get(id);
      return { id, location: id, source, discussion: parseDiscussion(source) };
    },
    async appendComment(id, comment) {
      const before = get(id);
      // dropConcurrent: a read-modify-write with a gap, so concurrent appends overwrite each other.
      if (flaws.dropConcurrent === true) await new Promise((resolve) => setTimeout(resolve, 1));
      // rewriteOnAppend: the context is rewritten, so the earlier text is no longer a prefix.
      const text = flaws.rewriteOnAppend === true ? before.replace('Protect the public API.', 'Rewritten.') : before;
      texts.set(id, text + renderComment(comment));
    },
    async appendEvents(id, events, headers, expected) {
      const text = get(id);
      if (expected !== undefined && flaws.ignoreExpected !== true) {
        for (const [key, value] of Object.entries(expected)) if (header(text, key) !== value) throw new ConflictError(`${key} changed`);
      }
      let next = appendEventsText(text, events);
      if (headers !== undefined) next = setHeadersText(next, headers);
      texts.set(id, next);
    },
    async updateHeaders(id, headers) {
      texts.set(id, setHeadersText(get(id), headers));
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
  const run = (storage: () => DiscussionStorageV1) => runChecks(storageChecks(async () => ({ storage: storage() }), { numRuns: 10 }));

  it('passes a correct storage (the control), skipping what it does not offer', async () => {
    const outcomes = await run(() => memoryStorage());
    expect(failed(outcomes)).toEqual([]);
    expect(outcomes.filter((outcome) => outcome.status === 'skipped').map((outcome) => outcome.name)).toEqual([
      'appendBatch (when present) appends its comments and events in order, as one write',
      'a torn append reads as before it or after it, never in between, and the next append repairs it',
    ]);
  });

  it('fails a storage whose create replaces an existing discussion', async () => {
    expect(failed(await run(() => memoryStorage({ replaceOnCreate: true })))).toEqual(['create never replaces an existing discussion']);
  });

  it('fails a storage that ignores compare-and-set', async () => {
    expect(failed(await run(() => memoryStorage({ ignoreExpected: true })))).toEqual([
      'appendEvents with expected header values writes only when they still hold (compare-and-set)',
      'two concurrent compare-and-set phase changes from one phase: exactly one wins',
    ]);
  });

  it('fails a storage that rewrites earlier text', async () => {
    expect(failed(await run(() => memoryStorage({ rewriteOnAppend: true })))).toContain('appendComment adds exactly one comment that reads back as written, after the earlier text');
  });

  it('fails a storage whose list is not sorted by id', async () => {
    expect(failed(await run(() => memoryStorage({ unsortedList: true })))).toEqual(['list gives every discussion with its header values, sorted by id']);
  });

  it('fails a storage that loses concurrent appends', async () => {
    expect(failed(await run(() => memoryStorage({ dropConcurrent: true })))).toEqual(['concurrent appends from one process never interleave or lose a comment']);
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
    expect(failed(outcomes)).toEqual(['a torn append reads as before it or after it, never in between, and the next append repairs it']);
  });
});

function provider(generate: ProviderV1['generate']): ProviderV1 {
  return { specificationVersion: 'v1', name: 'broken', defaultModel: 'm', generate };
}
const okText = JSON.stringify({ comment: 'Fine.', vote: 'READY' });
const usage = { inputTokens: 10, outputTokens: 5, cachedInputTokens: 0 };

describe('the provider suite', () => {
  it('passes a correct provider for the scenarios it plays (the control)', async () => {
    const outcomes = await runChecks(
      providerChecks(async (scenario) => {
        if (scenario !== 'ok' && scenario !== 'auth') return undefined;
        return {
          canary: 'sk-secret',
          provider: provider(async (request) => {
            if (request.signal.aborted) throw new ProviderError('broken', request.signal.reason?.name === 'TimeoutError' ? 'timeout' : 'cancelled', 'stopped');
            if (scenario === 'auth') throw new ProviderError('broken', 'auth', 'authentication failed; check the key');
            return { text: okText, usage, model: 'm' };
          }),
        };
      }),
    );
    expect(failed(outcomes)).toEqual([]);
    expect(passed(outcomes)).toHaveLength(3);
  });

  it('fails a provider whose reply is not JSON, whose usage is negative, that ignores its signal and leaks its key', async () => {
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
        { stopWithinMs: 400 },
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
      'schema_violation: a reply that breaks the schema is passed on for the engine to validate, or refused as malformed',
    ]);
  });
});

const countVotes: CountVotes = (input) => {
  // A minimal host count: latest vote per author, every author a voter.
  const latest = new Map<string, NonNullable<(typeof input.comments)[number]['vote']>>();
  for (const comment of [...input.comments].sort((a, b) => a.line - b.line)) if (comment.vote !== null) latest.set(comment.author, comment.vote);
  const ballots = [...latest].map(([voter, vote]) => ({ voter, vote }));
  const voters = [...new Set([...input.roster.map((entry) => entry.id), ...latest.keys()])].map((id) => ({ id, weight: 1, human: false }));
  const tally = input.strategy.tally({ ballots, voters, options: input.options });
  return { reached: tally.reached, outcome: tally.outcome, votes: Object.fromEntries(latest) };
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
      "only each voter's latest vote counts (through the host's countVotes)",
    ]);
  });

  it('fails when the host count lets an earlier vote win', async () => {
    const firstVote: CountVotes = (input) => countVotes({ ...input, comments: [...input.comments].map((comment) => ({ ...comment, line: -comment.line })) });
    expect(failed(await runChecks(votingStrategyChecks(majority, [], { countVotes: firstVote }, { numRuns: 50 })))).toEqual(["only each voter's latest vote counts (through the host's countVotes)"]);
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
