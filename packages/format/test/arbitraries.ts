import fc from 'fast-check';
import type { NewComment, NewEvent, VoteValue } from '@quorum/core';

/** Lines that look like structure: delimiters, headers, names, votes, events, fences, torn prefixes. */
export const trickyLines = [
  '---',
  '--- ',
  '---\t',
  '---\r',
  '----',
  ' ---',
  '\\---',
  '\\\\---',
  '-',
  '--',
  'Name: Mallory',
  'Name:',
  'Name: AI-Architect\r',
  'N',
  'Na',
  'VOTE: READY',
  'VOTE: REJECT',
  'vote: changes',
  '**VOTE:** REJECT',
  '- VOTE: READY',
  '\\VOTE: READY',
  '\\\\VOTE: READY',
  '<!-- DISCUSSION -->',
  '<!-- Status: ACCEPTED -->',
  '<!-- Phase: done -->',
  '<!-- PHASE-TRANSITION: a -> b -->',
  '<!-- VOTE-RESET: a -->',
  '<!-- PHASE-TRANSITION: broken -->',
  '<!-- USAGE: model=mock:x input=1 output=2 cached=0 cost=0.000001 -->',
  '<!-- USAGE: broken -->',
  '\\<!-- USAGE: model=a input=1 output=1 -->',
  '<!-- ROUND: review 2: architect, security -->',
  '<!-- NO-RESPONSE: security -->',
  '<!-- PARTICIPANT-FAILED: security: rate limited -->',
  '-->',
  '```',
  '~~~',
  '',
  '\r',
  ' ',
  'Q: is this a question?',
  '@architect what do you think?',
  '\u{1F916} bot says hi',
  'e\u0301\u200d\uFEFF',
] as const;

const freeLine = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/\n/g, ' '));
const unicodeLine = fc.string({ unit: 'binary', maxLength: 30 }).filter((s) => s.isWellFormed()).map((s) => s.replace(/\n/g, ''));

export const lineArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...trickyLines) },
  { weight: 3, arbitrary: freeLine },
  { weight: 1, arbitrary: unicodeLine },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...trickyLines), freeLine).map(([a, b]) => a + b) },
);

/** Text made of tricky lines with LF or CRLF endings; sometimes empty, sometimes huge. */
export const textArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.array(lineArb, { maxLength: 12 }).chain((lines) =>
      fc.constantFrom('\n', '\r\n').map((eol) => lines.join(eol))) },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.constantFrom('\n', '\n\n', '\r\n', 'trailing\n', '\nleading') },
  { weight: 1, arbitrary: fc.tuple(lineArb, fc.integer({ min: 1000, max: 5000 })).map(([line, n]) => `${line}\n`.repeat(n)) },
);

const AUTHOR_FORBIDDEN = /[\u0000-\u001f\u007f\u2028\u2029]/;
export const authorArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('AI-Architect', 'Rob', 'ai_security', 'bot-ci', '---', 'Name: X', 'VOTE: READY', '<!-- x -->', '\\', '\u{1F916} Robo', 'Zoë'),
  fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
    .filter((s) => s.trim() === s && s.length > 0 && !AUTHOR_FORBIDDEN.test(s) && s.isWellFormed()),
);

export const voteArb: fc.Arbitrary<VoteValue | null> = fc.constantFrom(null, 'READY', 'CHANGES', 'REJECT');

export const usageArb: fc.Arbitrary<NewComment['usage']> = fc.option(
  fc.record({
    model: fc.constantFrom('openai:gpt-4o', 'anthropic:claude-sonnet-4-6', 'ollama:llama3.2:8b', 'mock:simulated'),
    inputTokens: fc.nat({ max: 2_000_000 }),
    outputTokens: fc.nat({ max: 100_000 }),
    cachedInputTokens: fc.nat({ max: 2_000_000 }),
    cost: fc.option(fc.integer({ min: 0, max: 10_000_000 }).map((micro) => micro / 1e6), { nil: null }),
  }),
  { nil: null },
);

export const commentArb: fc.Arbitrary<NewComment> = fc.record({ author: authorArb, text: textArb, vote: voteArb, usage: usageArb });

const phaseArb = fc.constantFrom('initial_feedback', 'detailed_review', 'consensus_vote', 'v2.review', 'done');

export const eventsArb: fc.Arbitrary<NewEvent[]> = fc.oneof(
  fc.tuple(phaseArb, phaseArb, fc.boolean()).map(([from, to, reset]) => {
    const events: NewEvent[] = [{ kind: 'phase-transition', from, to }];
    if (reset) events.push({ kind: 'vote-reset', phase: to });
    return events;
  }),
  phaseArb.map((phase): NewEvent[] => [{ kind: 'vote-reset', phase }]),
  fc
    .tuple(phaseArb, fc.integer({ min: 1, max: 500 }), fc.subarray(['architect', 'security', 'cost-cutter', 'qa_engineer'], { minLength: 1 }))
    .map(([phase, round, responders]): NewEvent[] => [{ kind: 'round', phase, round, responders }]),
  fc.constantFrom('architect', 'security').map((participant): NewEvent[] => [{ kind: 'no-response', participant }]),
  fc
    .tuple(fc.constantFrom('architect', 'security'), fc.oneof(fc.constantFrom('rate limited (HTTP 429)', 'a --> b', 'line\nbreak', ''), fc.string({ maxLength: 30 })))
    .map(([participant, reason]): NewEvent[] => [{ kind: 'participant-failed', participant, reason }]),
);

/** A header value: any well-formed single or multi-line text. */
export const headerValueArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('OPEN', 'ACCEPTED', ' padded ', 'a --> b', '--->', 'C:\\path\\n', 'line\nbreak', 'cr\rhere', '', '-->'),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);

export type Operation =
  | { readonly kind: 'comment'; readonly comment: NewComment }
  | { readonly kind: 'events'; readonly events: NewEvent[] }
  | { readonly kind: 'headers'; readonly headers: Record<string, string> };

export const operationArb: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 6, arbitrary: commentArb.map((comment) => ({ kind: 'comment' as const, comment })) },
  { weight: 1, arbitrary: eventsArb.map((events) => ({ kind: 'events' as const, events })) },
  {
    weight: 1,
    arbitrary: fc
      .record({ key: fc.constantFrom('Phase', 'Status', 'status', 'Custom-Key', 'X_y'), value: headerValueArb })
      .map(({ key, value }) => ({ kind: 'headers' as const, headers: { [key]: value } })),
  },
);

export const newDiscussionArb = fc.record({
  title: fc.oneof(fc.constantFrom('Add rate limiting', 'Title -->\n<!-- Status: ACCEPTED', '---'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== '')),
  context: fc.option(textArb, { nil: undefined }),
  participants: fc.array(fc.constantFrom('architect', 'security', 'pragmatist'), { maxLength: 3 }),
  newline: fc.constantFrom('\n', '\r\n'),
});
