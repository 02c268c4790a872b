import { readFile } from 'node:fs/promises';
import { schemaFileText } from '@quorum/config';
import { describe, expect, it } from 'vitest';
import { PERSONA_SCHEMA_ID, personaJsonSchema, personaSchema } from './persona-schema.js';
import { schemaFiles } from './schema-files.js';

describe('personaSchema', () => {
  it('schemas/persona.schema.json is what the code generates', async () => {
    const checkedIn = await readFile(new URL('../../../schemas/persona.schema.json', import.meta.url), 'utf8').catch(() => '(missing)');
    expect(checkedIn, 'schemas/persona.schema.json is stale; run npm run schemas').toBe(schemaFileText(personaJsonSchema));
    expect(schemaFiles).toEqual([{ file: 'persona.schema.json', schema: personaJsonSchema }]);
    expect(personaJsonSchema['$id']).toBe(PERSONA_SCHEMA_ID);
  });

  it('describes every key, so editors can explain each one', () => {
    const properties = personaJsonSchema['properties'] as Record<string, { description?: string }>;
    for (const [key, property] of Object.entries(properties)) expect(property.description, key).toMatch(/\S/);
  });

  it('agrees with the zod schema on what a file may hold', () => {
    const file = {
      $schema: PERSONA_SCHEMA_ID,
      name: 'AI-Critic',
      alias: 'critic',
      role: 'Critic',
      personality: 'You criticise.\n',
      expertise: ['reviews'],
      concerns: ['Is it good?'],
      type: 'background' as const,
      provider: 'anthropic:claude-haiku-4-5',
      model: 'claude-haiku-4-5',
      temperature: 0.2,
      weight: 2,
    };
    expect(personaSchema.parse(file)).toEqual(file);
    expect(personaSchema.parse({ name: 'A', alias: 'a', role: 'r', personality: 'p' })).toMatchObject({ type: 'voting' });
    expect(() => personaSchema.parse({ ...file, extra: 1 })).toThrow();
    expect(() => personaSchema.parse({ ...file, alias: 'ends-' })).toThrow();
    expect(() => personaSchema.parse({ ...file, temperature: 3 })).toThrow();
    expect(() => personaSchema.parse({ ...file, weight: 0 })).toThrow();
  });
});
