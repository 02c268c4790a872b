import { personaSourceConformance } from '@quorum/conformance';
import type { PersonaSourceV1 } from '@quorum/core';
import { BUNDLED_PERSONAS_DIR, readPersonaDirectory, validatePersona } from './index.js';

/** The bundled personas, offered through the PersonaSourceV1 contract that plugins implement. */
const bundledSource: PersonaSourceV1 = {
  specificationVersion: 'v1',
  name: 'bundled',
  load: async () => (await readPersonaDirectory(BUNDLED_PERSONAS_DIR, { kind: 'bundled', source: 'bundled', cwd: BUNDLED_PERSONAS_DIR })).map((registered) => registered.persona),
};

personaSourceConformance('bundled personas', bundledSource, { validatePersona });

/** A programmatic source, as a plugin writes one against core's PersonaSourceV1, with a background persona. */
const programmaticSource: PersonaSourceV1 = {
  specificationVersion: 'v1',
  name: 'programmatic',
  load: () => [
    { name: 'AI-Reviewer', alias: 'reviewer', role: 'Code Reviewer', personality: 'You review changes for correctness and clarity.', expertise: ['code review'], concerns: ['Is it tested?'], type: 'voting', weight: 2 },
    { name: 'AI-Scribe', alias: 'scribe', role: 'Note Taker', personality: 'You summarise what was decided; you never vote.', expertise: [], concerns: [], type: 'background' },
  ],
};

personaSourceConformance('a programmatic PersonaSourceV1', programmaticSource, { validatePersona });
