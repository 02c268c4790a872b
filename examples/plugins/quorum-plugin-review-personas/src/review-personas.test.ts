import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_PERSONAS_DIR, parsePersonaFile } from '@quorum/personas';
import plugin, { REVIEW_PERSONA_ALIASES, REVIEW_PERSONAS_DIR } from './index.js';

async function pack() {
  const files = (await readdir(REVIEW_PERSONAS_DIR)).filter((name) => name.endsWith('.yaml')).sort();
  return Promise.all(files.map(async (name) => parsePersonaFile(path.join(REVIEW_PERSONAS_DIR, name), await readFile(path.join(REVIEW_PERSONAS_DIR, name), 'utf8'), { matchFileName: true })));
}

describe('the review persona pack', () => {
  it('holds the four reviewers, each valid against the persona schema and named after its file', async () => {
    const personas = await pack();
    expect(personas.map((p) => p.alias)).toEqual([...REVIEW_PERSONA_ALIASES]);
    expect(personas.map((p) => p.name)).toEqual(['AI-Accessibility', 'AI-Performance', 'AI-Privacy', 'AI-SRE']);
    expect(personas.every((p) => p.type === 'voting')).toBe(true);
  });

  it('gives each persona the depth of the bundled ones: a role, a voice, rules for answering', async () => {
    for (const persona of await pack()) {
      expect(persona.expertise.length, persona.alias).toBeGreaterThanOrEqual(6);
      expect(persona.concerns.length, persona.alias).toBeGreaterThanOrEqual(5);
      expect(persona.personality.length, persona.alias).toBeGreaterThan(2000);
      for (const section of ['Your role:', 'Perspective:', 'How you answer in a Quorum discussion:', 'NO_RESPONSE', 'CONCERN:', 'Q: @', 'DECISION:', 'TODO:']) {
        expect(persona.personality, `${persona.alias}: ${section}`).toContain(section);
      }
      expect(persona.personality, persona.alias).toContain(`You are ${persona.name}`);
    }
  });

  it('keeps the four distinct from each other and from the bundled personas', async () => {
    const personas = await pack();
    const concerns = personas.flatMap((p) => p.concerns);
    expect(new Set(concerns).size).toBe(concerns.length);
    const bundled = (await readdir(BUNDLED_PERSONAS_DIR)).filter((name) => name.endsWith('.yaml')).map((name) => name.replace(/\.yaml$/, ''));
    expect(bundled.filter((alias) => (REVIEW_PERSONA_ALIASES as readonly string[]).includes(alias))).toEqual([]);
  });

  it('contributes the folder and nothing else', () => {
    expect(plugin.personas).toEqual([REVIEW_PERSONAS_DIR]);
    expect(Object.keys(plugin).sort()).toEqual(['meta', 'personas', 'specificationVersion']);
  });
});
