import { fileURLToPath } from 'node:url';
import { definePlugin } from '@quorum/core';

/** The folder of the pack's persona files (`<alias>.yaml`). */
export const REVIEW_PERSONAS_DIR = fileURLToPath(new URL('../personas', import.meta.url));

/** The aliases the pack adds. */
export const REVIEW_PERSONA_ALIASES = ['accessibility', 'performance', 'privacy', 'sre'] as const;

export const reviewPersonasPlugin = definePlugin({
  specificationVersion: 'v1',
  meta: { name: 'quorum-plugin-review-personas', version: '1.0.0' },
  personas: [REVIEW_PERSONAS_DIR],
});

export default reviewPersonasPlugin;
