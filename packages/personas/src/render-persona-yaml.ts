import { loadYamlDocument } from '@quorum/config';
import type { PersonaV1 } from '@quorum/core';
import { Document, isScalar, visit } from 'yaml';
import { PERSONA_SCHEMA_ID } from './persona-schema.js';

/** How {@link renderPersonaYaml} writes a file. */
export interface RenderPersonaOptions {
  /**
   * The `$schema` line's value: the schema's URL by default; a relative path
   * (`../schemas/persona.schema.json`) suits files inside the Quorum repository.
   */
  readonly schema?: string;
}

/**
 * A persona as the text of a persona file: a `$schema` line, the short fields, the lists,
 * and the personality last as a literal block scalar (`|`), so the prompt reads as written
 * (double-quoted instead when a literal block cannot hold it exactly).
 * Strings YAML would misread (`yes`, `1.0`, `- x`, leading blanks) are quoted. Parsing the
 * result with `parsePersonaFile` gives the same persona.
 */
export function renderPersonaYaml(persona: PersonaV1, options: RenderPersonaOptions = {}): string {
  const value: Record<string, unknown> = {
    $schema: options.schema ?? PERSONA_SCHEMA_ID,
    name: persona.name,
    alias: persona.alias,
    role: persona.role,
    type: persona.type,
  };
  if (persona.provider !== undefined) value['provider'] = persona.provider;
  if (persona.model !== undefined) value['model'] = persona.model;
  if (persona.temperature !== undefined) value['temperature'] = persona.temperature;
  if (persona.weight !== undefined) value['weight'] = persona.weight;
  value['expertise'] = [...persona.expertise];
  value['concerns'] = [...persona.concerns];
  value['personality'] = persona.personality;

  const document = new Document(value, { version: '1.2' });
  // The reader is more liberal than YAML 1.2 in places (it reads `-0x1F` as a number): quote
  // any short string that would not read back as itself when written plain.
  visit(document, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && node.value !== persona.personality && !readsBackPlain(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  const personality = document.get('personality', true);
  if (!isScalar(personality)) throw new TypeError('the personality must be a string');
  personality.type = 'BLOCK_LITERAL';
  const literal = document.toString(STRINGIFY_OPTIONS);
  // A literal block cannot hold every text (one of only blanks, say): then it is double-quoted.
  if (readsBack(literal, persona.personality)) return literal;
  personality.type = 'QUOTE_DOUBLE';
  return document.toString(STRINGIFY_OPTIONS);
}

const STRINGIFY_OPTIONS = { lineWidth: 0, indentSeq: true } as const;

/** Whether `value`, written as a plain scalar, reads back as the same string. */
function readsBackPlain(value: string): boolean {
  if (value.includes('\n') || value.trim() !== value) return false;
  try {
    const { value: read } = loadYamlDocument(`v: ${new Document(value).toString({ lineWidth: 0 }).trimEnd()}\n`, 'value.yaml', { kind: 'persona' });
    return (read as { v?: unknown }).v === value;
  } catch {
    return false;
  }
}

/** Whether the reader `parsePersonaFile` uses gets `personality` back from `text` unchanged. */
function readsBack(text: string, personality: string): boolean {
  try {
    const { value } = loadYamlDocument(text, 'persona.yaml', { kind: 'persona' });
    return (value as { personality?: unknown }).personality === personality;
  } catch {
    return false;
  }
}
