import { fileURLToPath } from 'node:url';

/**
 * The api package's directory. This module sits one level below it in `src/`, and the production bundle
 * (`dist/main.js`, scripts/build.mjs) one level below it in `dist/`, so the same relative URL holds in
 * both: keep paths that must survive bundling here, relative to this.
 */
export const API_PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
