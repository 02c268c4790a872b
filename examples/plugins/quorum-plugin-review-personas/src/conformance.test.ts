import { personaSourceConformance } from '@quorum/conformance';
import type { PersonaSourceV1 } from '@quorum/core';
import { readPersonaDirectory, validatePersona } from '@quorum/personas';
import { REVIEW_PERSONAS_DIR } from './index.js';

/** The pack's folder read as the host reads a plugin's persona folder, offered through PersonaSourceV1. */
const packSource: PersonaSourceV1 = {
  specificationVersion: 'v1',
  name: 'quorum-plugin-review-personas',
  load: async () =>
    (await readPersonaDirectory(REVIEW_PERSONAS_DIR, { kind: 'plugin', source: 'quorum-plugin-review-personas', cwd: REVIEW_PERSONAS_DIR })).map((registered) => registered.persona),
};

personaSourceConformance('review persona pack', packSource, { validatePersona });
