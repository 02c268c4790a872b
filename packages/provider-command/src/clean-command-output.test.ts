import { describe, expect, it } from 'vitest';
import { cleanCommandOutput, stripAnsi } from './clean-command-output.js';

describe('stripAnsi', () => {
  it('removes colours, cursor moves, window titles and hyperlinks', () => {
    expect(stripAnsi('\u001b[1;32mgreen\u001b[0m \u001b[2K\u001b[1Gline')).toBe('green line');
    expect(stripAnsi('\u001b]0;title\u0007text \u001b]8;;https://example.com\u001b\\link\u001b]8;;\u001b\\')).toBe('text link');
    expect(stripAnsi('\u001b7saved\u001b8 \u001b(Bplain \u009b31mred')).toBe('saved plain red');
  });
});

describe('cleanCommandOutput', () => {
  it('returns a plain reply trimmed', () => {
    expect(cleanCommandOutput('\n  {"comment": "ok", "vote": null}  \n')).toBe('{"comment": "ok", "vote": null}');
  });

  it('takes the reply out of a fence around the whole output, with or without a language', () => {
    expect(cleanCommandOutput('```json\n{"a": 1}\n```\n')).toBe('{"a": 1}');
    expect(cleanCommandOutput('```\r\n{"a": 1}\r\n```')).toBe('{"a": 1}');
    expect(cleanCommandOutput('~~~~\n{"a": "```"}\n~~~~')).toBe('{"a": "```"}');
    expect(cleanCommandOutput('\u001b[32m```json\n{"a": 1}\n```\u001b[0m')).toBe('{"a": 1}');
  });

  it('leaves a fence that does not surround the whole output for the engine', () => {
    const text = 'Here you go:\n```json\n{"a": 1}\n```';
    expect(cleanCommandOutput(text)).toBe(text);
    expect(cleanCommandOutput('```json\n{"a": 1}')).toBe('```json\n{"a": 1}');
  });
});
