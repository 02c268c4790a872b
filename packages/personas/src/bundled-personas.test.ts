import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadYamlDocument } from '@quorum/config';
import { aliasOfAuthor, NO_RESPONSE } from '@quorum/core';
import { describe, expect, it } from 'vitest';
import { BUNDLED_PERSONAS_DIR } from './bundled-personas-dir.js';
import { loadPersonas } from './load-personas.js';
import { parsePersonaFile } from './parse-persona-file.js';
import type { RegisteredPersona } from './persona-registry.js';
import { temporaryDir } from './test-helpers/persona-folders.js';

const VOTING = [
  'architect',
  'backend-engineer',
  'cost-cutter',
  'designer',
  'dreamer',
  'frontend-engineer',
  'moderator',
  'perfectionist',
  'pragmatist',
  'project-manager',
  'qa-engineer',
  'security',
];
const BACKGROUND = ['researcher', 'summarizer', 'visualizer'];

/** Markers each persona's personality must teach, beyond Q:, A(Q…): and NO_RESPONSE which all must. */
const MARKERS: Record<string, readonly string[]> = {
  moderator: ['DECISION:', 'TODO:', 'ASSIGNED(T'],
  architect: ['CONCERN:', 'DECISION:'],
  security: ['CONCERN:', 'DECISION:', 'TODO:'],
  pragmatist: ['CONCERN:', 'TODO:', 'DECISION:'],
  perfectionist: ['CONCERN:', 'TODO:', 'DONE(T'],
  designer: ['CONCERN:', 'DECISION:', 'TODO:'],
  researcher: ['TODO:', 'CONCERN:'],
  visualizer: ['DIAGRAM:', 'mermaid'],
  summarizer: ['DECISION:', 'TODO:', 'Q: @alias'],
  dreamer: ['FINAL DESIGN:', 'Q: @cost-cutter'],
  'cost-cutter': ['FINAL DESIGN:', 'Q: @dreamer'],
  'project-manager': ['DECISION:', 'CONFLICT:', 'TODO:', 'ASSIGNED(T', 'DONE(T'],
  'backend-engineer': ['TODO:', 'DONE(T', 'CONCERN:'],
  'frontend-engineer': ['TODO:', 'DONE(T', 'CONCERN:'],
  'qa-engineer': ['CONCERN:', 'TODO:', 'DONE(T'],
};

async function bundled(): Promise<readonly RegisteredPersona[]> {
  return (await loadPersonas({ projectDir: await temporaryDir() })).list();
}

/** The personality with line breaks folded, so phrases split over lines can be matched. */
const folded = (text: string) => text.replace(/\s+/g, ' ');

describe('the bundled personas', () => {
  it('are the fifteen personas, each with the right type', async () => {
    const personas = await bundled();
    expect(personas.map((r) => r.persona.alias)).toEqual([...VOTING, ...BACKGROUND].sort());
    for (const { persona, kind } of personas) {
      expect(kind).toBe('bundled');
      expect(persona.type, persona.alias).toBe(BACKGROUND.includes(persona.alias) ? 'background' : 'voting');
    }
  });

  it('are each in <alias>.yaml, valid, with a $schema line for editors', async () => {
    const files = (await readdir(BUNDLED_PERSONAS_DIR)).filter((file) => file.endsWith('.yaml')).sort();
    expect(files).toEqual([...VOTING, ...BACKGROUND].sort().map((alias) => `${alias}.yaml`));
    for (const file of files) {
      const text = await readFile(path.join(BUNDLED_PERSONAS_DIR, file), 'utf8');
      expect(text.startsWith('$schema: ../schemas/persona.schema.json\n'), file).toBe(true);
      expect(parsePersonaFile(file, text).alias).toBe(path.basename(file, '.yaml'));
    }
  });

  it('have author names that map back to their aliases', async () => {
    for (const { persona } of await bundled()) {
      expect(persona.name).toMatch(/^AI-/);
      expect(aliasOfAuthor(persona.name), persona.name).toBe(persona.alias);
    }
  });

  it('have 5 to 8 areas of expertise and 4 to 6 concerns, each concern a question', async () => {
    for (const { persona } of await bundled()) {
      expect(persona.expertise.length, persona.alias).toBeGreaterThanOrEqual(5);
      expect(persona.expertise.length, persona.alias).toBeLessThanOrEqual(8);
      expect(persona.concerns.length, persona.alias).toBeGreaterThanOrEqual(4);
      expect(persona.concerns.length, persona.alias).toBeLessThanOrEqual(6);
      for (const concern of persona.concerns) expect(concern, persona.alias).toMatch(/^[A-Z].*\?$/);
    }
  });

  it('are distinct characters: names, roles, characters and openings all differ', async () => {
    const personas = await bundled();
    const unique = (values: readonly string[]) => expect(new Set(values).size).toBe(values.length);
    unique(personas.map((r) => r.persona.name));
    unique(personas.map((r) => r.persona.role));
    const characters = personas.map((r) => /known to the team as (\p{L}+)/u.exec(r.persona.personality)?.[1] ?? `(none in ${r.persona.alias})`);
    for (const character of characters) expect(character).toMatch(/^\p{Lu}\p{L}+$/u);
    unique(characters);
    unique(personas.map((r) => r.persona.personality.split('\n\n')[0]!));
    unique(personas.flatMap((r) => r.persona.concerns));
  });

  it('teach the structure and the markers of a Quorum discussion', async () => {
    for (const { persona } of await bundled()) {
      const text = persona.personality;
      const flat = folded(text);
      for (const heading of ['Your role:', 'Perspective:', 'How you answer in a Quorum discussion:']) {
        expect(text, `${persona.alias}: ${heading}`).toContain(`\n${heading}\n`);
      }
      for (const marker of ['Q: @', 'A(Q', `exactly ${NO_RESPONSE}`, ...MARKERS[persona.alias]!]) {
        expect(flat, `${persona.alias} should mention ${marker}`).toContain(marker);
      }
    }
  });

  it('put votes in the vote field, never in a VOTE: line, and background personas never vote', async () => {
    for (const { persona } of await bundled()) {
      const flat = folded(persona.personality);
      for (const match of flat.matchAll(/VOTE:/g)) {
        expect(flat.slice(Math.max(0, match.index - 40), match.index), `${persona.alias} mentions VOTE: only to forbid it`).toMatch(/never/);
      }
      if (persona.type === 'voting') {
        expect(flat, persona.alias).toContain("give your vote in the reply's vote field, never as a VOTE: line");
        for (const vote of ['READY', 'CHANGES', 'REJECT']) expect(flat, `${persona.alias} says when to vote ${vote}`).toContain(vote);
      } else {
        expect(flat, persona.alias).toContain('you never vote. Your vote field is always null');
        expect(flat, persona.alias).not.toMatch(/READY|CHANGES|REJECT/);
      }
    }
  });

  it('mention only participants that exist', async () => {
    const personas = await bundled();
    const aliases = new Set(personas.map((r) => r.persona.alias));
    for (const { persona } of personas) {
      for (const [, alias] of persona.personality.matchAll(/(?<![\w.])@([a-z][a-z0-9-]*[a-z0-9])/g)) {
        if (alias !== 'alias') expect(aliases, `${persona.alias} mentions @${alias}`).toContain(alias);
      }
    }
  });

  it('leave the model to the config, except the three background helpers on a cheaper model', async () => {
    const hinted = (await bundled()).filter((r) => r.persona.provider !== undefined);
    expect(hinted.map((r) => [r.persona.alias, r.persona.provider])).toEqual([
      ['researcher', 'anthropic:claude-haiku-4-5'],
      ['summarizer', 'anthropic:claude-haiku-4-5'],
      ['visualizer', 'anthropic:claude-haiku-4-5'],
    ]);
  });

  it("README's example persona file is valid", async () => {
    const readme = await readFile(path.join(BUNDLED_PERSONAS_DIR, 'README.md'), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    expect(parsePersonaFile('personas/critic.yaml', example!)).toMatchObject({ alias: 'critic', type: 'voting', expertise: ['finding holes', 'pre-mortems'] });
  });

  it('cover every participant the bundled templates name', async () => {
    const aliases = new Set((await bundled()).map((r) => r.persona.alias));
    const templatesDir = path.join(BUNDLED_PERSONAS_DIR, '..', 'templates');
    const files = (await readdir(templatesDir)).filter((file) => file.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const { value } = loadYamlDocument(await readFile(path.join(templatesDir, file), 'utf8'), file, { kind: 'template' });
      const template = value as { participants?: string[]; phases?: Record<string, { participants?: string[] } | null> };
      const named = [...(template.participants ?? []), ...Object.values(template.phases ?? {}).flatMap((phase) => phase?.participants ?? [])];
      for (const alias of named) expect(aliases, `${file} names ${alias}`).toContain(alias);
    }
  });
});
