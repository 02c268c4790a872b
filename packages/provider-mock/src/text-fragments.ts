/**
 * Small string helpers for the simulated comments. Everything taken from the request
 * (title, persona fields, questions, callout) goes through {@link inlineText} first, so it
 * stays on one line and mentions nobody: text from a request can never start a line of its
 * own, which keeps a `VOTE:` line or a fake marker out of a simulated comment, and an
 * `@alias` in a title cannot call a participant in.
 */

/**
 * One line: whitespace runs (line breaks included) become one space, `@` is dropped from
 * mentions (`@all` gives `all`; e-mail addresses stay), at most `maxWords` words.
 */
export function inlineText(text: string, maxWords = 16): string {
  const words = text
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/(?<![\p{L}\p{N}._+-])@+(?=\p{L})/gu, '')
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  if (words.length <= maxWords) return words.join(' ');
  return `${words.slice(0, maxWords).join(' ').replace(/[,;:.!?]+$/, '')}…`;
}

const TRAILING_CONNECTIVE = /\s+(?:and|or|of|the|a|an|for|to|with|in|on|at|by)$/i;

/**
 * A short noun phrase from a list item such as an expertise (`Threat modeling (STRIDE,
 * attack trees)` gives `Threat modeling`): one line, without parenthesized asides, cut at the
 * first comma, semicolon or colon, at most `maxWords` words and never ending on a connective.
 */
export function nounPhrase(text: string, maxWords = 5): string {
  const words = inlineText(text.replace(/\s*\([^)]*\)?/g, ' '), 64)
    .split(/[,;:]/)[0]
    ?.split(/\s+/)
    .filter((word) => word !== '')
    .slice(0, maxWords) ?? [];
  let phrase = words.join(' ').replace(/[.!?…]+$/u, '');
  while (TRAILING_CONNECTIVE.test(phrase)) phrase = phrase.replace(TRAILING_CONNECTIVE, '');
  return phrase;
}

/** Lower-cases the first letter, unless the first word looks like an acronym (`ADR`, `API`). */
export function lowerFirst(text: string): string {
  const first = text.charAt(0);
  const second = text.charAt(1);
  if (second !== '' && second === second.toUpperCase() && second !== second.toLowerCase()) return text;
  return first.toLowerCase() + text.slice(1);
}

/** Upper-cases the first letter. */
export function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Without trailing sentence punctuation. */
export function withoutFinalPunctuation(text: string): string {
  return text.replace(/[\s.!?;:,…]+$/u, '');
}

/** Ends the text with a full stop unless it already ends with `.`, `?`, `!` or `…`. */
export function asSentence(text: string): string {
  return /[.?!…]$/u.test(text) ? text : `${text}.`;
}

/**
 * Words in a text, as a reader would count them: runs of non-space characters with a letter or
 * a digit in them. One pass over the characters, without splitting: a simulated reply counts
 * its words sentence by sentence, and a split leaves an array of strings behind each time.
 */
export function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  let counted = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let space: boolean;
    let letter: boolean;
    if (code < 128) {
      space = code === 32 || (code >= 9 && code <= 13);
      letter = (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122);
    } else {
      const character = String.fromCodePoint(text.codePointAt(i)!);
      if (character.length === 2) i++;
      space = /\s/.test(character);
      letter = !space && LETTER_OR_DIGIT.test(character);
    }
    if (space) {
      inWord = false;
      continue;
    }
    if (!inWord) {
      inWord = true;
      counted = false;
    }
    if (letter && !counted) {
      count++;
      counted = true;
    }
  }
  return count;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** `a` or `an` before a word (by its first letter; good enough for role names). */
export function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** `a`, `a and b`, `a, b and c`. */
export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}
