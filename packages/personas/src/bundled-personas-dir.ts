import { fileURLToPath } from 'node:url';

/**
 * The repository's top-level `personas/` folder, absolute: the personas Quorum ships.
 * Resolved from this module (`dist/` or `src/`, two levels below the package, which sits in
 * `packages/`).
 */
export const BUNDLED_PERSONAS_DIR: string = fileURLToPath(new URL('../../../personas', import.meta.url));
