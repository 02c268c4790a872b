import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DiscussionParseError, type Discussion, type Section } from '@quorum/core';
import {
  appendComment,
  appendEntries,
  appendEvents,
  appendEventsText,
  parseExtended,
  parseDiscussion,
  renderComment,
  renderNewDiscussion,
  sealDiscussionText,
  serializeDiscussion,
  setHeaders,
  setHeadersText,
} from '../src/index.js';
import {
  authorArb,
  commentArb,
  eventsArb,
  headerValueArb,
  lineArb,
  newDiscussionArb,
  operationArb,
  usageArb,
  voteArb,
  type Operation,
} from './arbitraries.js';

const CREATED = '2026-11-21T09:00:00.000Z';

function newText(input: { title: string; context?: string | undefined; participants: string[]; newline: string }): string {
  const text = renderNewDiscussion({ title: input.title, phase: 'initial_feedback', created: CREATED, participants: input.participants, context: input.context });
  // A CRLF file is what an editor on Windows would save.
  return input.newline === '\n' ? text : text.replace(/\n/g, '\r\n');
}

function apply(text: string, op: Operation): string {
  switch (op.kind) {
    case 'comment':
      return text + appendComment(parseDiscussion(text), op.comment).appended;
    case 'events':
      return appendEventsText(text, op.events);
    case 'headers':
      return setHeadersText(text, op.headers);
  }
}

const discussionTextArb = fc
  .tuple(newDiscussionArb, fc.array(operationArb, { maxLength: 8 }))
  .map(([input, ops]) => ops.reduce(apply, newText(input)));

/** Everything but the exact source text: what the file means. */
function meaning(d: Discussion) {
  const strip = (s: Section) => {
    const { source: _source, ...rest } = s;
    return rest;
  };
  return {
    headers: d.header.fields,
    preamble: { text: d.preamble.text, line: d.preamble.line },
    sections: d.sections.map(strip),
  };
}

/** Drops line numbers, which shift when a header line is added. */
function withoutLines(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v) => (['line', 'textLine', 'voteLine'].includes(key) ? undefined : v)));
}

function bodyOf(text: string): string {
  const d = parseDiscussion(text);
  return text.slice((d.bom ? 1 : 0) + d.header.source.length);
}

describe('property 1: round trip', () => {
  it('serializing a parsed file gives the same bytes', () => {
    fc.assert(fc.property(discussionTextArb, (text) => {
      expect(serializeDiscussion(parseDiscussion(text))).toBe(text);
    }));
  });

  it('holds for arbitrary hand-written text after the DISCUSSION line, or parsing fails with a line number', () => {
    const handWritten = fc
      .tuple(fc.array(lineArb, { maxLength: 30 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.boolean())
      .map(([lines, eol, bom, finalNewline]) =>
        (bom ? '\uFEFF' : '') + ['<!-- DISCUSSION -->', ...lines].join(eol) + (finalNewline ? eol : ''));
    fc.assert(fc.property(handWritten, (text) => {
      let parsed: Discussion;
      try {
        parsed = parseDiscussion(text);
      } catch (error) {
        expect(error).toBeInstanceOf(DiscussionParseError);
        expect((error as DiscussionParseError).line).toBeGreaterThan(0);
        return;
      }
      expect(serializeDiscussion(parsed)).toBe(text);
    }), { numRuns: 500 });
  });

  it('parsing a serialized model gives the same model', () => {
    fc.assert(fc.property(discussionTextArb, commentArb, (text, comment) => {
      const { discussion, appended } = appendComment(parseDiscussion(text), comment);
      expect(parseDiscussion(serializeDiscussion(discussion))).toEqual(discussion);
      expect(serializeDiscussion(discussion)).toBe(text + appended);
    }));
  });
});

describe('appendComment without parsing', () => {
  it('builds the section a plain comment parses to (what a run appends), equal to the parse', () => {
    const word = fc.constantFrom('Token', 'bucket', 'per', 'key.', '@security', 'Q:', 'DECISION:', '`code`', 'VOTE:', '---', 'Zoë', '\u{1F916}');
    const plainLine = fc.array(word, { minLength: 1, maxLength: 6 }).map((words) => words.join(' '));
    const plain = fc.record({ author: authorArb, text: fc.array(plainLine, { minLength: 1, maxLength: 8 }).map((lines) => lines.join('\n')), vote: voteArb, usage: usageArb });
    fc.assert(fc.property(discussionTextArb, plain, (text, comment) => {
      const { discussion, appended } = appendComment(parseDiscussion(text), comment);
      expect(discussion.sections.at(-1)).toEqual(parseDiscussion(text + appended).sections.at(-1));
    }), { numRuns: 300 });
  });
});

describe('appendEvents without parsing', () => {
  it('builds the section events parse to, equal to the parse', () => {
    fc.assert(fc.property(discussionTextArb, eventsArb, (text, events) => {
      const { discussion, appended } = appendEvents(parseDiscussion(text), events);
      expect(discussion.sections.at(-1)).toEqual(parseDiscussion(text + appended).sections.at(-1));
    }), { numRuns: 300 });
  });
});

describe('appendEntries without parsing', () => {
  it('appends comments and events in order, giving the sections parsing the longer text gives', () => {
    const entry = fc.oneof(commentArb.map((comment) => ({ comment })), eventsArb.map((events) => ({ events })));
    fc.assert(fc.property(discussionTextArb, fc.array(entry, { maxLength: 5 }), (text, entries) => {
      const before = parseDiscussion(text);
      const { discussion, appended } = appendEntries(before, entries);
      expect(discussion.sections.slice(0, before.sections.length)).toEqual(before.sections);
      expect(discussion.sections.slice(before.sections.length)).toEqual(parseDiscussion(text + appended).sections.slice(before.sections.length));
    }), { numRuns: 300 });
  });
});

describe('setHeaders without parsing', () => {
  it('changes only the header block, and gives what parsing the new text gives; sections stay the same objects when no line is added', () => {
    const headersArb = fc.dictionary(fc.constantFrom('Title', 'Status', 'status', 'Phase', 'Owner', 'Due-Date'), headerValueArb, { maxKeys: 3 });
    fc.assert(fc.property(discussionTextArb, headersArb, (text, headers) => {
      const before = parseDiscussion(text);
      const { discussion, source } = setHeaders(before, text, headers);
      expect(discussion).toEqual(parseDiscussion(source));
      // Only the header block changed, and its lines keep their line endings.
      const bom = before.bom ? 1 : 0;
      expect(source.slice(bom + discussion.header.source.length)).toBe(text.slice(bom + before.header.source.length));
      const endings = (header: string) => header.split('\n').slice(0, before.header.fields.length + 1).map((line) => line.endsWith('\r'));
      expect(endings(discussion.header.source)).toEqual(endings(before.header.source));
      if (discussion.header.fields.length === before.header.fields.length) expect(discussion.sections).toBe(before.sections);
    }), { numRuns: 300 });
  });
});

describe('property 2: append-only', () => {
  it('after any sequence of operations the earlier body is a prefix of the later body', () => {
    fc.assert(fc.property(newDiscussionArb, fc.array(operationArb, { maxLength: 10 }), (input, ops) => {
      let text = newText(input);
      for (const op of ops) {
        const next = apply(text, op);
        expect(bodyOf(next).startsWith(bodyOf(text))).toBe(true);
        text = next;
      }
    }));
  });
});

describe('property 3: injection-proof', () => {
  it('appending any comment adds exactly that comment and changes nothing else', () => {
    fc.assert(fc.property(discussionTextArb, commentArb, (text, comment) => {
      const before = parseDiscussion(text);
      const after = parseDiscussion(text + appendComment(before, comment).appended);
      expect(after.sections).toHaveLength(before.sections.length + 1);
      expect(after.sections.slice(0, -1)).toEqual(before.sections);
      expect(after.header).toEqual(before.header);
      expect(after.preamble).toEqual(before.preamble);
      expect(after.tail).toBeNull();
      const added = after.sections.at(-1)!;
      expect(added.kind).toBe('comment');
      if (added.kind !== 'comment') return;
      expect(added.author).toBe(comment.author);
      expect(added.text).toBe(comment.text);
      expect(added.vote).toBe(comment.vote ?? null);
      expect(added.usage).toEqual(comment.usage ?? null);
    }));
  });

  it('context given to a new discussion never becomes a comment, event or header', () => {
    fc.assert(fc.property(newDiscussionArb, (input) => {
      const d = parseDiscussion(newText(input));
      expect(d.sections).toEqual([]);
      expect(d.tail).toBeNull();
      expect(d.preamble.closed).toBe(true);
      expect(d.header.fields.map((f) => f.key)).toEqual(['Title', 'Phase', 'Status', 'Created', 'Participants']);
      expect(d.header.fields[0]!.value).toBe(input.title);
      if (input.context !== undefined && input.context.trim() !== '' && input.newline === '\n') {
        expect(d.preamble.text).toContain(input.context.replace(/\n+$/, ''));
      }
    }));
  });

  it('a header value reads back as written and no other header, comment or event changes', () => {
    fc.assert(fc.property(discussionTextArb, fc.constantFrom('Title', 'Status', 'Phase', 'Owner'), headerValueArb, (text, key, value) => {
      const before = parseDiscussion(text);
      const after = parseDiscussion(setHeadersText(text, { [key]: value }));
      const field = after.header.fields.find((f) => f.key.toLowerCase() === key.toLowerCase());
      expect(field?.value).toBe(value);
      const others = (d: Discussion) => d.header.fields.filter((f) => f.key.toLowerCase() !== key.toLowerCase()).map((f) => [f.key, f.value]);
      expect(others(after)).toEqual(others(before));
      expect(withoutLines(meaning(after).sections)).toEqual(withoutLines(meaning(before).sections));
      expect(after.preamble.text).toBe(before.preamble.text);
    }));
  });
});

describe('property 4: torn writes', () => {
  it('a crash at any byte of an append parses to the state before or after it, and the next write repairs it', () => {
    fc.assert(fc.property(discussionTextArb, commentArb, commentArb, fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000), (text, comment, next, at) => {
      const before = parseDiscussion(text);
      const { appended } = appendComment(before, comment);
      const after = parseDiscussion(text + appended);
      const bytes = Buffer.from(text + appended, 'utf8');
      const start = Buffer.byteLength(text, 'utf8');
      const cut = start + Math.floor(at * (bytes.length - start));
      // A cut inside a multi-byte character leaves replacement characters, as a reader would see.
      const torn = bytes.subarray(0, cut).toString('utf8');
      const parsed = parseDiscussion(torn);
      const state = meaning(parsed);
      const isBefore = JSON.stringify(state) === JSON.stringify(meaning(before));
      const isAfter = JSON.stringify(state) === JSON.stringify(meaning(after));
      expect(isBefore || isAfter).toBe(true);

      // Repair (what storage does with its journal): drop the unfinished tail, then append.
      const { text: repaired } = sealDiscussionText(torn, 'drop');
      const final = parseDiscussion(repaired + appendComment(parseDiscussion(repaired), next).appended);
      const expected = [...parseDiscussion(isAfter ? text + appended : text).sections.map((s) => s.kind), 'comment'];
      expect(final.sections.map((s) => s.kind)).toEqual(expected);
      expect(final.tail).toBeNull();
      const last = final.sections.at(-1)!;
      expect(last.kind === 'comment' && last.text === next.text && last.author === next.author).toBe(true);
    }), { numRuns: 300 });
  });

  it('every byte prefix of one small append is before or after (exhaustive)', () => {
    fc.assert(fc.property(discussionTextArb, commentArb.filter((c) => c.text.length < 200), (text, comment) => {
      const before = JSON.stringify(meaning(parseDiscussion(text)));
      const { appended } = appendComment(parseDiscussion(text), comment);
      const after = JSON.stringify(meaning(parseDiscussion(text + appended)));
      const bytes = Buffer.from(appended, 'utf8');
      for (let k = 0; k <= bytes.length; k++) {
        const state = JSON.stringify(meaning(parseDiscussion(text + bytes.subarray(0, k).toString('utf8'))));
        expect(state === before || state === after).toBe(true);
      }
    }), { numRuns: 40 });
  });
});

describe('property 5: an append costs the size of the comment', () => {
  it('the bytes appended depend only on the comment, never on the discussion', () => {
    fc.assert(fc.property(discussionTextArb, commentArb, (text, comment) => {
      const { appended } = appendComment(parseDiscussion(text), comment);
      const record = renderComment(comment);
      expect(appended === record || appended === `\n${record}`).toBe(true);
    }));
  });
});

describe('events', () => {
  it('parsing only what was added to a sealed discussion gives what parsing it all gives', () => {
    fc.assert(fc.property(discussionTextArb, fc.array(operationArb, { maxLength: 4 }), fc.nat(), (text, operations, cut) => {
      const longer = operations.reduce(apply, text);
      // Also a longer text whose end is torn mid-append.
      const torn = longer.slice(0, text.length + (cut % (longer.length - text.length + 1)));
      for (const candidate of [longer, torn]) {
        const extended = parseExtended(parseDiscussion(text), text, candidate);
        let whole: unknown;
        try {
          whole = parseDiscussion(candidate);
        } catch {
          whole = undefined;
        }
        if (extended !== undefined) expect(extended).toEqual(whole);
      }
    }));
  });

  it('appending events to a parsed discussion gives what parsing the longer text gives', () => {
    fc.assert(fc.property(discussionTextArb, eventsArb, (text, events) => {
      const { discussion, appended } = appendEvents(parseDiscussion(text), events);
      expect(discussion).toEqual(parseDiscussion(text + appended));
    }));
  });

  it('appended events read back in order and never change comments', () => {
    fc.assert(fc.property(discussionTextArb, eventsArb, (text, events) => {
      const before = parseDiscussion(text);
      const after = parseDiscussion(appendEventsText(text, events));
      expect(after.sections.slice(0, -1)).toEqual(before.sections);
      const last = after.sections.at(-1)!;
      expect(last.kind).toBe('events');
      if (last.kind !== 'events') return;
      // A failure's reason is written on one line that cannot close the HTML comment.
      const oneLine = (reason: string) => reason.replace(/\s+/g, ' ').replace(/-->/g, '-- >').trim() || 'no reason given';
      const expected = events.map((e) => (e.kind === 'participant-failed' ? { ...e, reason: oneLine(e.reason) } : e));
      expect(last.events.map(({ line: _line, ...e }) => e)).toEqual(expected);
    }));
  });
});
