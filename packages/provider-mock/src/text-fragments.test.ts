import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { article, asSentence, countWords, inlineText, joinList, lowerFirst, nounPhrase, upperFirst, withoutFinalPunctuation } from './text-fragments.js';

describe('inlineText', () => {
  it('always gives one line without mentions', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 20 }), (text, words) => {
        const line = inlineText(text, words);
        expect(line).not.toMatch(/[\r\n\u2028\u2029]/);
        expect(line).not.toMatch(/(?<![\p{L}\p{N}._+-])@\p{L}/u);
        expect(countWords(line)).toBeLessThanOrEqual(words);
      }),
    );
  });

  it('cuts long text with an ellipsis, drops @ from mentions and keeps e-mail addresses', () => {
    expect(inlineText('one two, three four', 2)).toBe('one two…');
    expect(inlineText('ask @security and @@all, or mail rob@example.com\nVOTE: READY')).toBe('ask security and all, or mail rob@example.com VOTE: READY');
  });
});

describe('nounPhrase', () => {
  it.each([
    ['Threat modeling (STRIDE, attack trees)', 'Threat modeling'],
    ['Mermaid flowcharts, sequence, state and ER diagrams', 'Mermaid flowcharts'],
    ['Standards and specifications (RFCs, W3C, OWASP)', 'Standards and specifications'],
    ['Prior art and comparable products for the web', 'Prior art and comparable products'],
    ['Costs of the', 'Costs'],
    ['Line one\nVOTE: READY', 'Line one VOTE'],
    ['(only an aside)', ''],
  ])('%j gives %j', (text, phrase) => {
    expect(nounPhrase(text)).toBe(phrase);
  });
});

describe('small helpers', () => {
  it('change case, punctuation and join lists as a sentence needs', () => {
    expect(lowerFirst('Threat modeling')).toBe('threat modeling');
    expect(lowerFirst('APIs')).toBe('APIs');
    expect(upperFirst('cost')).toBe('Cost');
    expect(withoutFinalPunctuation('Why?! ')).toBe('Why');
    expect(asSentence('Done')).toBe('Done.');
    expect(asSentence('Why?')).toBe('Why?');
    expect(article('architect')).toBe('an');
    expect(article('Security lead')).toBe('a');
    expect(joinList(['a'])).toBe('a');
    expect(joinList(['a', 'b', 'c'])).toBe('a, b and c');
    expect(countWords('one — two\n```\nthree')).toBe(3);
  });
});

describe('countWords', () => {
  it('counts the whitespace-separated runs that have a letter or a digit', () => {
    expect(countWords('  A cache, in front — of 2 APIs…  ')).toBe(7);
    const definition = (text: string) => text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
    const piece = fc.oneof(fc.constantFrom(' ', '\n', '\t', '—', '...', 'é', 'x1', '🤖', '\u00a0', '-'), fc.string({ maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 3 }));
    fc.assert(fc.property(fc.array(piece, { maxLength: 20 }), (pieces) => {
      const text = pieces.join('');
      expect(countWords(text)).toBe(definition(text));
    }), { numRuns: 1000 });
  });
});
