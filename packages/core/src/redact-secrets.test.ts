import { describe, expect, it } from 'vitest';
import { MAX_API_MESSAGE_LENGTH, redactSecrets } from './redact-secrets.js';

const CANARY = 'sk-canary-0123456789abcdef';

describe('redactSecrets', () => {
  it('replaces every occurrence of a secret', () => {
    expect(redactSecrets(`bad key ${CANARY}, really: ${CANARY}`, [CANARY])).toBe('bad key ***, really: ***');
  });

  it('replaces secrets that do not look like keys, and anything that does', () => {
    expect(redactSecrets('token abcd-efgh-ijkl rejected; also sk-proj-AAAAbbbbCCCC', ['abcd-efgh-ijkl'])).toBe('token *** rejected; also ***');
  });

  it('collapses whitespace and keeps short messages whole', () => {
    expect(redactSecrets('  line one\n\n  line two ', [])).toBe('line one line two');
  });

  it('cuts long messages and never leaves the start of a secret at the cut', () => {
    for (let padding = 150; padding < 210; padding += 1) {
      const result = redactSecrets(`${'a'.repeat(padding)} ${'mysecretvalue'}`, ['mysecretvalue']);
      expect(result.length).toBeLessThanOrEqual(MAX_API_MESSAGE_LENGTH);
      expect(result).not.toMatch(/myse/);
    }
  });

  it('cuts a long message that ends in a key-looking string without keeping any of it', () => {
    const longer = redactSecrets(`${'a'.repeat(192)} sk-unknownkey0123456789`, []);
    expect(longer).not.toContain('sk-unk');
  });
});
