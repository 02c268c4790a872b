import { readFile } from 'node:fs/promises';
import { schemaFileText } from '@quorum/config';
import { describe, expect, it } from 'vitest';
import { schemaFiles } from './schema-files.js';
import { TEMPLATE_SCHEMA_ID, templateJsonSchema, templateSchema } from './template-schema.js';

describe('templateSchema', () => {
  it('schemas/template.schema.json is what the code generates', async () => {
    const checkedIn = await readFile(new URL('../../../schemas/template.schema.json', import.meta.url), 'utf8').catch(
      () => '(missing)',
    );
    expect(checkedIn, 'schemas/template.schema.json is stale; run npm run schemas').toBe(schemaFileText(templateJsonSchema));
    expect(schemaFiles).toEqual([{ file: 'template.schema.json', schema: templateJsonSchema }]);
    expect(templateJsonSchema['$id']).toBe(TEMPLATE_SCHEMA_ID);
  });

  it('declares no defaults, so a child template inherits what it leaves out', () => {
    expect(JSON.stringify(templateJsonSchema)).not.toContain('"default"');
  });

  it('agrees with the zod schema on what a file may hold', () => {
    const file = {
      $schema: TEMPLATE_SCHEMA_ID,
      id: 'feature',
      title: 'Feature',
      description: '',
      extends: 'base',
      participants: ['architect'],
      voting: { strategy: 'threshold', options: { threshold_ready: 0.5 } },
      initial: 'draft',
      phases: {
        draft: {
          title: 'Draft',
          goal: 'g',
          instructions: 'i',
          participants: ['architect'],
          voting: false,
          vote_reset: false,
          max_rounds: 2,
          callout: null,
          transitions: [{ to: 'done', when: { all: ['all_responded', { rounds: 2 }] } }],
          on_max_rounds: 'done',
          final: null,
        },
        done: { title: 'Done', final: 'ACCEPTED' },
        removed: null,
      },
    };
    expect(templateSchema.parse(file)).toEqual(file);
    expect(() => templateSchema.parse({ ...file, phases: { Draft: null } })).toThrow();
  });
});
