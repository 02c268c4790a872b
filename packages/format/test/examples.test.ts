import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CommentSection } from '@quorum/core';
import { discussionView, isSealed, parseDiscussion, serializeDiscussion } from '../src/index.js';

const dir = new URL('../../../examples/discussions/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), 'utf8');

describe('examples/discussions', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.md'));

  it('ships the seed samples and richer discussions', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it.each(files)('%s parses and writes back byte for byte', (file) => {
    const text = read(file);
    expect(serializeDiscussion(parseDiscussion(text, { file }))).toBe(text);
  });

  it('reads the seed example: two comments, each with its own vote', () => {
    const view = discussionView(parseDiscussion(read('feature-x-implementation.md')));
    expect(view.title).toBe('Feature X Implementation');
    expect(view.participants).toEqual(['architect', 'security', 'pragmatist']);
    expect(view.comments.map((c) => [c.author, c.vote])).toEqual([
      ['AI-Architect', 'CHANGES'],
      ['AI-Pragmatist', 'READY'],
    ]);
    expect(view.comments[0]!.text).toBe(
      'Looking at this from a systems perspective, I have concerns about...\n' +
        'The proposed approach could lead to tight coupling between...\n' +
        'Q: Have we considered using the adapter pattern here?',
    );
  });

  it('reads seed templates whose preamble contains a --- rule and no comments', () => {
    for (const file of ['feature-template.md', 'code-review-template.md', 'adr-template.md']) {
      const d = parseDiscussion(read(file));
      expect(d.sections).toEqual([]);
      expect(d.preamble.closed).toBe(false);
      expect(isSealed(d)).toBe(false);
      expect(d.preamble.text).toContain('---\n\n*');
    }
  });

  it('reads events and keeps votes with their comments', () => {
    const d = parseDiscussion(read('add-user-authentication.md'));
    const view = discussionView(d);
    expect(view.headers.Owner).toBe('rob@example.com');
    expect(view.comments.map((c) => c.author)).toEqual(['AI-Architect', 'AI-Security', 'AI-Pragmatist', 'Rob', 'AI-Security', 'AI-Architect']);
    const events = view.timeline.filter((e) => e.kind === 'event').map((e) => e.kind === 'event' && e.event);
    expect(events).toEqual([
      { kind: 'phase-transition', from: 'initial_feedback', to: 'detailed_review', line: 83 },
      { kind: 'vote-reset', phase: 'detailed_review', line: 84 },
    ]);
    // The code block's "return ... @security" line is text, not a vote or structure.
    expect(view.comments[1]!.text).toContain('```python');
  });

  it('takes only the last VOTE line of a comment, in any of the usual spellings', () => {
    const view = discussionView(parseDiscussion(read('brainstorm-notification-system.md')));
    expect(view.comments.map((c) => [c.author, c.vote])).toEqual([
      ['AI-Designer', 'READY'],
      ['AI-Architect', 'CHANGES'],
      ['AI-Researcher', null],
      ['AI-Pragmatist', 'CHANGES'],
    ]);
  });

  it('reads CRLF files', () => {
    const d = parseDiscussion(read('windows-line-endings.md'));
    expect(d.newline).toBe('\r\n');
    const comments = d.sections as CommentSection[];
    expect(comments.map((c) => [c.author, c.vote])).toEqual([
      ['AI-Architect', 'READY'],
      ['AI-Perfectionist', 'CHANGES'],
    ]);
    expect(d.header.fields.find((f) => f.key === 'Title')!.value).toBe('Windows line endings');
  });

  it('ignores an interrupted append until it is repaired', () => {
    const d = parseDiscussion(read('interrupted-append.md'));
    expect(d.sections.map((s) => s.kind)).toEqual(['comment']);
    expect(d.tail).toMatchObject({ author: 'AI-Pragmatist', line: 26 });
  });
});
