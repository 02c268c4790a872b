import { ALIAS_PATTERN, type PersonaV1 } from '@quorum/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePersonaFile } from './parse-persona-file.js';
import { PERSONA_LINE_PATTERN, PERSONA_NAME_PATTERN, PERSONA_SCHEMA_ID } from './persona-schema.js';
import { renderPersonaYaml } from './render-persona-yaml.js';

const ARCHITECT: PersonaV1 = {
  name: 'AI-Architect',
  alias: 'architect',
  role: 'Systems Architect',
  personality: 'You are Chen.\n\nYour role:\n- Think ahead\n  (two to five years)\n',
  expertise: ['System design', 'yes', '1.0', '- not a list', 'key: value'],
  concerns: ['Will this scale?', '"Quoted"?'],
  type: 'voting',
  provider: 'anthropic:claude-sonnet-4-5',
  temperature: 0.3,
  weight: 2,
};

/** Text YAML must carry exactly: any characters a person could type, and some they should not. */
const text = fc.string({
  unit: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...'abcXYZ019 -:#>|*&!%@`\'"[]{},?') },
    { weight: 2, arbitrary: fc.constantFrom('\n', '\t', '  ', 'é', '→', '🙂', '\u00a0') },
    { weight: 1, arbitrary: fc.constantFrom('yes', 'null', '~', '1e3', '0x1F', '.inf', '---', '...', '- ', ': ', ' #') },
  ),
  minLength: 1,
  maxLength: 40,
});

const line = text.filter((value) => PERSONA_LINE_PATTERN.test(value));

const persona: fc.Arbitrary<PersonaV1> = fc.record(
  {
    name: text.filter((value) => value.length <= 64 && PERSONA_NAME_PATTERN.test(value)),
    alias: fc.stringMatching(ALIAS_PATTERN).filter((value) => value.length <= 64),
    role: line,
    personality: text.filter((value) => /\S/.test(value)),
    expertise: fc.array(line, { maxLength: 4 }),
    concerns: fc.array(line, { maxLength: 4 }),
    type: fc.constantFrom('voting', 'background'),
    provider: fc.constantFrom('ollama', 'anthropic:claude-haiku-4-5', 'openai:gpt-4o-mini', 'command:codex'),
    model: text,
    temperature: fc.double({ min: 0, max: 2, noNaN: true }),
    weight: fc.double({ min: Number.MIN_VALUE, max: 100, noNaN: true }),
  },
  { requiredKeys: ['name', 'alias', 'role', 'personality', 'expertise', 'concerns', 'type'] },
);

describe('renderPersonaYaml', () => {
  it('writes a $schema line first, the short fields, the lists, and the personality as a literal block', () => {
    const yaml = renderPersonaYaml(ARCHITECT);
    expect(yaml.split('\n').slice(0, 9)).toEqual([
      `$schema: ${PERSONA_SCHEMA_ID}`,
      'name: AI-Architect',
      'alias: architect',
      'role: Systems Architect',
      'type: voting',
      'provider: anthropic:claude-sonnet-4-5',
      'temperature: 0.3',
      'weight: 2',
      'expertise:',
    ]);
    expect(yaml).toContain('personality: |\n  You are Chen.\n\n  Your role:\n  - Think ahead\n    (two to five years)\n');
    expect(renderPersonaYaml(ARCHITECT, { schema: '../schemas/persona.schema.json' })).toMatch(/^\$schema: \.\.\/schemas\/persona\.schema\.json\n/);
  });

  it('gives back the same persona when the file is read again', () => {
    expect(parsePersonaFile('architect.yaml', renderPersonaYaml(ARCHITECT))).toEqual(ARCHITECT);
  });

  it('keeps indentation, blank lines and tabs of the personality exactly', () => {
    const shaped = { ...ARCHITECT, personality: '\n\n    indented first\n\tTabbed\nlast  ' };
    expect(parsePersonaFile('architect.yaml', renderPersonaYaml(shaped))).toEqual(shaped);
  });

  it('double-quotes a personality a literal block cannot hold', () => {
    // Only blanks: a literal block would read back empty.
    expect(renderPersonaYaml({ ...ARCHITECT, personality: '  ' })).toMatch(/\npersonality: "  "\n$/);
  });

  it('quotes strings the reader would take for numbers (found by the round-trip property)', () => {
    const persona = { name: 'a', alias: 'a', role: '-0x1Fa', personality: 'a', expertise: ['0o17', '.5'], concerns: [], type: 'voting' as const };
    expect(parsePersonaFile('a.yaml', renderPersonaYaml(persona))).toMatchObject({ role: '-0x1Fa', expertise: ['0o17', '.5'] });
  });

  it('round-trips any persona: render, then parse, gives the same persona', () => {
    fc.assert(
      fc.property(persona, (value) => {
        expect(parsePersonaFile(`${value.alias}.yaml`, renderPersonaYaml(value))).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });
});
