import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractCommentMentions, extractMentions } from './extract-mentions.js';

describe('extractMentions', () => {
  it('finds aliases, lower-cased, once each, in order of appearance', () => {
    expect(extractMentions('@Architect and @rob, then @architect again (@Security).')).toEqual([
      'architect',
      'rob',
      'security',
    ]);
  });

  it('returns @all as all', () => {
    expect(extractMentions('@all please vote')).toEqual(['all']);
  });

  it('reads letters, digits, - and _ but drops trailing - and _', () => {
    expect(extractMentions('@cost_cutter-2 @rob- @ann_. @x9')).toEqual(['cost_cutter-2', 'rob', 'ann', 'x9']);
  });

  it('needs a letter after the @', () => {
    expect(extractMentions('@1st @_x @ @-y')).toEqual([]);
  });

  it('ignores e-mail addresses', () => {
    expect(extractMentions('mail rob@example.com or first.last@x.org, a+b@c.io, a-b@c.io, a_b@c.io, 9@c.io')).toEqual([]);
  });

  it('ignores package scopes and paths', () => {
    expect(extractMentions('import from @quorum/core or @types/node')).toEqual([]);
    expect(extractMentions('@rob/@ann, @rob/')).toEqual(['rob', 'ann']);
  });

  it('ignores inline code spans of any length', () => {
    expect(extractMentions('run `@rob` or ``a ` @ann`` but ask @sue')).toEqual(['sue']);
  });

  it('ignores fenced code blocks', () => {
    expect(extractMentions('before @a\n```\n@b\n```\n~~~~\n@c\n~~~\n~~~~\nafter @d')).toEqual(['a', 'd']);
  });

  it('accepts mentions after punctuation and markup', () => {
    expect(extractMentions('(@a) **@b** *@c* >@d "@e" [@f]')).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('takes an @ after _ for an e-mail address, so _@rob_ is no mention', () => {
    expect(extractMentions('_@rob_')).toEqual([]);
  });
});

describe('extractCommentMentions', () => {
  it('gives the file line of each mention, once per alias and line', () => {
    const comment = { author: 'Rob', text: 'hi @a @a\n```\n@x\n```\n@b and @A\r\n', textLine: 10 };
    expect(extractCommentMentions(comment)).toEqual([
      { alias: 'a', line: 10 },
      { alias: 'b', line: 14 },
      { alias: 'a', line: 14 },
    ]);
  });
});

/** Text with no backticks or tildes, so it can open no code span or fence. */
const prose = fc.string({ unit: 'grapheme', maxLength: 60 }).map((text) => text.replace(/[`~]/g, ''));
const aliasCharacters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-'.split('');
const alias = fc
  .tuple(fc.constantFrom(...aliasCharacters.slice(0, 52)), fc.array(fc.constantFrom(...aliasCharacters), { maxLength: 12 }))
  .map(([first, rest]) => first + rest.join(''));

describe('mention properties', () => {
  it('never reads an e-mail address as a mention', () => {
    const localCharacters = fc.constantFrom(...'abcXYZ019._+-'.split(''));
    const email = fc
      .tuple(
        fc.array(localCharacters, { minLength: 1, maxLength: 10 }),
        fc.array(fc.constantFrom(...'abcxyz019-'.split('')), { minLength: 1, maxLength: 10 }),
        fc.constantFrom('com', 'org', 'tld', 'co.uk'),
      )
      .map(([user, host, tld]) => `${user.join('')}@${host.join('')}.${tld}`);
    const noAt = prose.map((text) => text.replace(/@/g, ''));
    fc.assert(
      fc.property(noAt, email, noAt, (before, address, after) => {
        expect(extractMentions(`${before} ${address} ${after}`)).toEqual([]);
      }),
    );
  });

  it('always finds an @alias put at a word boundary outside code', () => {
    fc.assert(
      fc.property(prose, alias, prose, (before, name, after) => {
        const expected = name.replace(/[-_]+$/, '').toLowerCase();
        expect(extractMentions(`${before} @${name} ${after}`)).toContain(expected);
      }),
    );
  });
});
