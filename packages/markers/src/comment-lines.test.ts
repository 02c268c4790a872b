import { describe, expect, it } from 'vitest';
import { splitCommentLines } from './comment-lines.js';

const codeFlags = (text: string) => splitCommentLines(text).map((line) => line.code);

describe('splitCommentLines', () => {
  it('splits on \\n and drops a trailing \\r', () => {
    expect(splitCommentLines('a\r\nb\n')).toEqual([
      { text: 'a', index: 0, code: false },
      { text: 'b', index: 1, code: false },
      { text: '', index: 2, code: false },
    ]);
  });

  it('marks a fenced block, fences included, as code', () => {
    expect(codeFlags('x\n```ts\nQ: y\n```\nz')).toEqual([false, true, true, true, false]);
    expect(codeFlags('~~~\nQ: y\n~~~\nz')).toEqual([true, true, true, false]);
  });

  it('closes a fence only with the same character, at least as long', () => {
    expect(codeFlags('````\n```\n~~~~\n````\nz')).toEqual([true, true, true, true, false]);
    expect(codeFlags('```\n`````\nz')).toEqual([true, true, false]);
    expect(codeFlags('~~~\n```\nz')).toEqual([true, true, true]);
  });

  it('does not close a fence with a line that has text after the fence', () => {
    expect(codeFlags('```\n``` js\nz\n```\nw')).toEqual([true, true, true, true, false]);
  });

  it('runs an unclosed fence to the end of the text', () => {
    expect(codeFlags('a\n```\nb\nc')).toEqual([false, true, true, true]);
  });

  it('recognises fences inside blockquotes and list items', () => {
    expect(codeFlags('> ```\n> Q: y\n> ```\nz')).toEqual([true, true, true, false]);
    expect(codeFlags('- ```\n  Q: y\n  ```\nz')).toEqual([true, true, true, false]);
  });

  it('does not open a backtick fence whose info string holds a backtick', () => {
    expect(codeFlags('``` a`b\nQ: y')).toEqual([false, false]);
    expect(codeFlags('~~~ a`b\nQ: y')).toEqual([true, true]);
  });

  it('needs three fence characters', () => {
    expect(codeFlags('``\nQ: y')).toEqual([false, false]);
  });
});
