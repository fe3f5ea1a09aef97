#!/usr/bin/env node
/**
 * `pnpm --filter @loanbook/api build`: the production server as plain JavaScript (docs/performance.md).
 * Bundles `src/main.ts` and `src/db/migrate-cli.ts` to `dist/` (ESM, Node 20) with the workspace's
 * `@loanbook/domain` (it ships TypeScript source) inlined and every npm dependency left external: they
 * load from node_modules as under tsx (PGlite finds its WASM next to its own package, swagger-ui-dist
 * is resolved from this package). `pnpm dev` and the tests keep running the TypeScript source.
 *
 * Paths relative to `import.meta.url` must mean the same from `src/<file>.ts` and from `dist/main.js`:
 * both sit one level below the package, so `src/paths.ts` holds them.
 */
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const external = Object.keys(manifest.dependencies ?? {}).filter((name) => !name.startsWith('@loanbook/'));

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/main.ts', 'migrate-cli': 'src/db/migrate-cli.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true, // the two entries share the ORM set-up: one chunk, not two copies
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Subpath imports (`fastify/…`, `@mikro-orm/core/…`) are external too.
  external: external.flatMap((name) => [name, `${name}/*`]),
  keepNames: true, // class and function names stay readable in logs and stack traces
  sourcemap: 'linked', // NODE_OPTIONS=--enable-source-maps maps stack traces back to src/
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
});
// Anything else from node_modules in the bundle is an import of a package this one does not declare.
const strays = Object.keys(result.metafile.inputs).filter((path) => path.includes('node_modules/'));
if (strays.length > 0) {
  console.error(
    `api build: undeclared packages bundled (add them to dependencies):\n  ${strays.join('\n  ')}`,
  );
  process.exit(1);
}
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(`api: dist/ built (${(bytes / 1024).toFixed(0)} KiB with source maps)`);
