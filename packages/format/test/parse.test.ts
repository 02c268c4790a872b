import { describe, expect, it } from 'vitest';
import { DiscussionParseError, InvalidInputError, type CommentSection } from '@quorum/core';
import {
  appendComment,
  headerValue,
  isSealed,
  parseDiscussion,
  renderComment,
  renderEvents,
  renderNewDiscussion,
  sealDiscussionText,
  serializeDiscussion,
  setHeadersText,
} from '../src/index.js';

const HEAD = '<!-- DISCUSSION -->\n<!-- Title: T -->\n<!-- Phase: p -->\n\n# T\n';

function parseError(text: string): DiscussionParseError {
  try {
    parseDiscussion(text, { file: 'd.md' });
  } catch (error) {
    expect(error).toBeInstanceOf(DiscussionParseError);
    return error as DiscussionParseError;
  }
  throw new Error('expected a parse error');
}

function comments(text: string): CommentSection[] {
  return parseDiscussion(text).sections.filter((s): s is CommentSection => s.kind === 'comment');
}

describe('errors name the file and line, and say what to do', () => {
  it('rejects a file that is not a discussion', () => {
    const error = parseError('# Notes\n');
    expect(error.line).toBe(1);
    expect(error.message).toMatch(/^d\.md:1: a discussion file must start with the line <!-- DISCUSSION -->/);
    expect(parseError('').message).toContain('the file is empty');
  });

  it('rejects a header key given twice', () => {
    const error = parseError('<!-- DISCUSSION -->\n<!-- Title: a -->\n<!-- title: b -->\n');
    expect(error.line).toBe(3);
    expect(error.message).toContain('first on line 2');
  });

  it('rejects events in the header block, malformed events and comments without an author', () => {
    expect(parseError('<!-- DISCUSSION -->\n<!-- PHASE-TRANSITION: a -> b -->\n').line).toBe(2);
    expect(parseError(`${HEAD}---\n<!-- PHASE-TRANSITION: a b -->\n---\n`).line).toBe(7);
    expect(parseError(`${HEAD}---\n<!-- VOTE-RESET: -->\n---\n`).line).toBe(7);
    expect(parseError(`${HEAD}---\nName:   \ntext\n---\n`).line).toBe(7);
  });
});

describe('votes belong to the comment they are in', () => {
  it('counts only the last VOTE line of a comment', () => {
    const [first, second] = comments(`${HEAD}---\nName: A\nVOTE: READY\nmore\nVOTE: REJECT\n---\nName: B\nno vote here\n---\n`);
    expect(first!.vote).toBe('REJECT');
    expect(first!.voteLine).toBe(10);
    expect(first!.text).toBe('VOTE: READY\nmore');
    expect(second!.vote).toBeNull();
  });

  it('never counts a VOTE line written as comment text', () => {
    const d = parseDiscussion(renderNewDiscussion({ title: 'T', phase: 'p', created: 'now' }));
    const { discussion } = appendComment(d, { author: 'AI-Architect', text: 'I would say\nVOTE: READY\nbut no.' });
    const comment = discussion.sections[0] as CommentSection;
    expect(comment.vote).toBeNull();
    expect(comment.text).toBe('I would say\nVOTE: READY\nbut no.');
    expect(comment.source).toContain('\\VOTE: READY');
  });
});

describe('lenient reading of hand-written files', () => {
  it('accepts blank lines between --- and Name:, and keeps a byte-order mark', () => {
    const text = `\uFEFF${HEAD}---\n\nName: Rob\nLooks good.\n\nVOTE: READY\n---\n`;
    const d = parseDiscussion(text);
    expect(d.bom).toBe(true);
    expect(comments(text).map((c) => [c.author, c.text, c.vote, c.line])).toEqual([['Rob', 'Looks good.', 'READY', 8]]);
    expect(serializeDiscussion(d)).toBe(text);
  });

  it('reads headers with other spacing', () => {
    const d = parseDiscussion('<!--DISCUSSION-->\n<!--Title:Loose  -->\n<!--   Status :  OPEN-->\n');
    expect(headerValue(d, 'title')).toBe('Loose');
    expect(headerValue(d, 'STATUS')).toBe('OPEN');
  });

  it('a comment without its closing --- is ignored until closed or dropped', () => {
    const text = `${HEAD}---\nName: Rob\nhalf a thought`;
    const d = parseDiscussion(text);
    expect(d.sections).toEqual([]);
    expect(d.tail).toMatchObject({ author: 'Rob', line: 7 });
    expect(isSealed(d)).toBe(false);
    expect(() => appendComment(d, { author: 'A', text: 'x' })).toThrow(InvalidInputError);

    const closed = sealDiscussionText(text, 'close');
    expect(closed.text).toBe(`${text}\n---\n`);
    expect(comments(closed.text).map((c) => [c.author, c.text])).toEqual([['Rob', 'half a thought']]);

    const dropped = sealDiscussionText(text, 'drop');
    expect(dropped).toEqual({ text: `${HEAD}---\n`, dropped: 'Name: Rob\nhalf a thought' });
  });

  it('a torn Name: line is always dropped, never turned into a comment', () => {
    const text = `${HEAD}---\nName: Ro`;
    expect(parseDiscussion(text).tail).toMatchObject({ author: null });
    expect(sealDiscussionText(text, 'close').text).toBe(`${HEAD}---\n`);
  });

  it('seals a seed-style file whose preamble has no closing ---', () => {
    const text = `${HEAD}---\n*Discussion begins below.*\n`;
    expect(parseDiscussion(text).preamble.closed).toBe(false);
    const { text: sealed } = sealDiscussionText(text, 'close');
    expect(sealed).toBe(`${text}---\n`);
    const d = parseDiscussion(sealed);
    expect(d.preamble.text).toBe('\n# T\n---\n*Discussion begins below.*\n');
    expect(isSealed(d)).toBe(true);
  });
});

describe('headers', () => {
  it('encodes values so they cannot close the comment or add lines', () => {
    const text = setHeadersText(renderNewDiscussion({ title: 'T', phase: 'p', created: 'now' }), {
      Title: 'a --> b\n<!-- Status: ACCEPTED -->',
      Reviewer: 'C:\\temp',
    });
    expect(text).toContain('<!-- Title: a --\\> b\\n<!-- Status: ACCEPTED --\\> -->\n');
    expect(text).toContain('<!-- Reviewer: C:\\\\temp -->\n');
    const d = parseDiscussion(text);
    expect(headerValue(d, 'Title')).toBe('a --> b\n<!-- Status: ACCEPTED -->');
    expect(headerValue(d, 'Status')).toBe('OPEN');
    expect(headerValue(d, 'Reviewer')).toBe('C:\\temp');
  });

  it('keeps CRLF on a replaced header line', () => {
    const text = '<!-- DISCUSSION -->\r\n<!-- Phase: a -->\r\n\r\n# T\r\n---\r\n';
    expect(setHeadersText(text, { Phase: 'b' })).toBe('<!-- DISCUSSION -->\r\n<!-- Phase: b -->\r\n\r\n# T\r\n---\r\n');
  });
});

describe('writers refuse what they cannot write faithfully', () => {
  it.each([
    ['', /non-empty/],
    [' Rob', /spaces/],
    ['Rob\nEve', /single line/],
    ['Rob\u2028', /single line/],
  ])('author %j', (author, message) => {
    expect(() => renderComment({ author, text: 'x' })).toThrow(message);
  });

  it('rejects broken Unicode, unknown votes and bad phase names', () => {
    expect(() => renderComment({ author: 'A', text: 'bad \uD800' })).toThrow(/lone surrogate/);
    expect(() => renderComment({ author: 'A', text: 'x', vote: 'MAYBE' as never })).toThrow(/not a vote/);
    expect(() => renderEvents([{ kind: 'vote-reset', phase: 'has space' }])).toThrow(/not a valid phase name/);
    expect(() => renderEvents([{ kind: 'phase-transition', from: 'a', to: 'b-->' }])).toThrow(/not a valid phase name/);
  });

  it('writes the canonical comment layout', () => {
    expect(renderComment({ author: 'AI-Architect', text: 'Looks fine.\n---', vote: 'READY' })).toBe(
      'Name: AI-Architect\n\nLooks fine.\n\\---\n\nVOTE: READY\n\n---\n',
    );
  });
});

describe('parseHeaderBlock', () => {
  it('reads the header from the start of a file and says when it needs more', async () => {
    const { parseHeaderBlock } = await import('../src/index.js');
    const text = renderNewDiscussion({ title: 'T', phase: 'p', created: 'now', participants: ['a'] });
    const whole = parseHeaderBlock(text, true);
    expect(whole).toMatchObject({ discussion: true, complete: true });
    expect(whole.fields).toEqual(parseDiscussion(text).header.fields);
    expect(parseHeaderBlock(text.slice(0, 40), false).complete).toBe(false);
    expect(parseHeaderBlock('# not a discussion\n', false)).toMatchObject({ discussion: false, complete: true });
    expect(parseHeaderBlock('<!-- DISCUSSION -->', true)).toMatchObject({ discussion: true, complete: true, fields: [] });
  });
});
