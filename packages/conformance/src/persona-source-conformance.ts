import { ALIAS_PATTERN, type PersonaSourceV1, type PersonaV1 } from '@quorum/core';
import { assert, registerChecks, type ConformanceCheck } from './conformance-check.js';
import { validateOptions } from './validate-options.js';

/**
 * The host's persona check (`validatePersona` from @quorum/personas: the persona schema,
 * with located errors), passed in because the suite must not depend on the personas
 * package. It throws when a value is not a valid persona and returns the persona read.
 */
export type ValidatePersona = (value: unknown, source?: string) => PersonaV1;

export interface PersonaSourceHost {
  readonly validatePersona: ValidatePersona;
}

/** The checks of {@link personaSourceConformance}, as plain functions. */
export function personaSourceChecks(source: PersonaSourceV1, host: PersonaSourceHost): ConformanceCheck[] {
  const load = async (): Promise<readonly PersonaV1[]> => {
    const personas = await source.load();
    assert(Array.isArray(personas), `load gave ${JSON.stringify(personas)?.slice(0, 100)}, not an array of personas`);
    return personas;
  };
  return [
    {
      name: 'has the PersonaSourceV1 shape: specificationVersion v1, a name, load, and an options schema that compiles',
      run: () => {
        assert(source.specificationVersion === 'v1', `specificationVersion is ${JSON.stringify(source.specificationVersion)}, not "v1"`);
        assert(typeof source.name === 'string' && source.name.trim() !== '', 'the source has no name');
        assert(typeof source.load === 'function', 'load is not a function');
        if (source.optionsSchema !== undefined) {
          try {
            validateOptions(source.optionsSchema, {});
          } catch (error) {
            assert(false, `the options schema does not compile: ${(error as Error).message}`);
          }
        }
      },
    },
    {
      name: 'every persona it yields validates against the persona schema and reads back unchanged',
      run: async () => {
        const personas = await load();
        assert(personas.length > 0, 'the source yields no personas');
        for (const persona of personas) {
          let read: PersonaV1;
          try {
            read = host.validatePersona(persona, `${source.name}: ${String((persona as { alias?: unknown }).alias)}`);
          } catch (error) {
            assert(false, `the persona ${JSON.stringify((persona as { alias?: unknown }).alias)} is not valid: ${(error as Error).message}`);
          }
          for (const key of ['name', 'alias', 'role', 'personality', 'type'] as const) {
            assert(read[key] === persona[key], `the persona ${persona.alias}'s ${key} reads back as ${JSON.stringify(read[key])}, not ${JSON.stringify(persona[key])}`);
          }
          assert(ALIAS_PATTERN.test(persona.alias), `the alias ${JSON.stringify(persona.alias)} is not a valid alias`);
        }
      },
    },
    {
      name: 'aliases and display names are unique (case-insensitively: mentions and votes match that way)',
      run: async () => {
        const personas = await load();
        for (const key of ['alias', 'name'] as const) {
          const seen = new Map<string, string>();
          for (const persona of personas) {
            const folded = persona[key].toLowerCase();
            assert(!seen.has(folded), `two personas share the ${key} ${JSON.stringify(persona[key])} (and ${JSON.stringify(seen.get(folded))})`);
            seen.set(folded, persona[key]);
          }
        }
      },
    },
    {
      name: 'every persona says whether it votes: type is voting or background, and background personas carry no vote weight',
      run: async () => {
        for (const persona of await load()) {
          assert(persona.type === 'voting' || persona.type === 'background', `the persona ${persona.alias} has the type ${JSON.stringify(persona.type)}; say voting or background`);
          if (persona.type === 'background') {
            assert(persona.weight === undefined, `the background persona ${persona.alias} has a vote weight, but background personas never vote`);
          }
          assert(persona.weight === undefined || (Number.isFinite(persona.weight) && persona.weight > 0), `the persona ${persona.alias} has the weight ${persona.weight}; weights are positive`);
        }
      },
    },
  ];
}

/**
 * Registers the persona source conformance suite: the PersonaSourceV1 shape, every persona
 * valid under the host's persona schema, unique aliases and names, and the voting flag.
 */
export function personaSourceConformance(name: string, source: PersonaSourceV1, host: PersonaSourceHost): void {
  registerChecks(`persona source conformance: ${name}`, personaSourceChecks(source, host));
}
