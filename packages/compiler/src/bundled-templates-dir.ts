import { fileURLToPath } from 'node:url';

/**
 * The repository's top-level `templates/` folder, absolute: the templates Quorum ships.
 * Resolved from this module (`dist/` or `src/`, two levels below the package, which sits in
 * `packages/`).
 */
export const BUNDLED_TEMPLATES_DIR: string = fileURLToPath(new URL('../../../templates', import.meta.url));
