import { NO_RESPONSE } from '@quorum/core';
import { describe, expect, it } from 'vitest';
import { draftPersonality } from './draft-personality.js';
import { validatePersona } from './parse-persona-file.js';

describe('draftPersonality', () => {
  const outline = { name: 'AI-Critic', role: 'Critic', type: 'voting' as const, expertise: ['reviews', 'writing'], concerns: ['Is it clear?'] };

  it('writes the sections and markers of a bundled persona from the outline', () => {
    const text = draftPersonality(outline);
    expect(text).toMatch(/^You are AI-Critic, the Critic of this discussion\.\n/);
    for (const part of ['\nYour role:\n', '\nPerspective:\n', '\nHow you answer in a Quorum discussion:\n', 'reviews, writing', 'You always ask: Is it clear?', 'Q: @alias', 'A(Q3):', 'CONCERN:', `exactly ${NO_RESPONSE}.`]) {
      expect(text).toContain(part);
    }
    expect(text).toContain("vote field, never as a VOTE: line");
    expect(validatePersona({ ...outline, alias: 'critic', personality: text }).personality).toBe(text);
  });

  it('tells a background persona it never votes, and copes with empty lists', () => {
    const text = draftPersonality({ ...outline, type: 'background', expertise: [], concerns: [] });
    expect(text).toContain('you never vote. Your vote field is always null');
    expect(text).not.toMatch(/READY|CHANGES|REJECT/);
    expect(text).toContain('Bring your expertise to bear: the work of a Critic');
  });
});
