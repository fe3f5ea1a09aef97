/**
 * Benchmark, not a test: the JavaScript a browser must download before the first screen can render —
 * the entry chunk and everything it imports statically (lazy screens excluded) — gzipped, against the
 * 200 kB budget of issue 4. Reads the Vite manifest of `dist/` (run `pnpm build` first).
 *
 *   pnpm bench:bundle            # prints the figures
 *   pnpm bench:bundle --check    # exits 1 when over budget
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

interface TManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

const BUDGET_BYTES = 200 * 1024;
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const manifestPath = resolve(dist, '.vite/manifest.json');
if (!existsSync(manifestPath)) {
  console.error(`No ${manifestPath}: run "pnpm build" first.`);
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, TManifestChunk>;

const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry);
const initial = new Set<string>();
const visit = (key: string) => {
  if (initial.has(key)) return;
  initial.add(key);
  for (const imported of manifest[key]?.imports ?? []) visit(imported);
};
for (const [key] of entries) visit(key);

const gzipped = (file: string) => gzipSync(readFileSync(resolve(dist, file)), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

const rows = [...initial].map((key) => {
  const file = manifest[key]?.file ?? key;
  return { file, raw: statSync(resolve(dist, file)).size, gzip: gzipped(file) };
});
rows.sort((a, b) => b.gzip - a.gzip);
const total = rows.reduce((sum, row) => sum + row.gzip, 0);
const totalRaw = rows.reduce((sum, row) => sum + row.raw, 0);
const cssFiles = new Set([...initial].flatMap((key) => manifest[key]?.css ?? []));
const cssGzip = [...cssFiles].reduce((sum, file) => sum + gzipped(file), 0);
const lazyChunks = Object.values(manifest).filter((chunk) => !chunk.isEntry && chunk.file.endsWith('.js'));

console.log('Initial JavaScript (entry chunk + static imports):');
for (const row of rows)
  console.log(`  ${row.file.padEnd(44)} ${kb(row.raw).padStart(10)} raw ${kb(row.gzip).padStart(10)} gzip`);
console.log(`  ${'total'.padEnd(44)} ${kb(totalRaw).padStart(10)} raw ${kb(total).padStart(10)} gzip`);
console.log(`Initial CSS: ${kb(cssGzip)} gzip (not counted against the JS budget)`);
console.log(`Lazy chunks loaded on demand: ${lazyChunks.length - (initial.size - entries.length)}`);
const verdict = total <= BUDGET_BYTES ? 'within' : 'OVER';
console.log(
  `Budget: ${kb(total)} of ${kb(BUDGET_BYTES)} gzip — ${verdict} budget (${((total / BUDGET_BYTES) * 100).toFixed(0)}%)`,
);
if (process.argv.includes('--check') && total > BUDGET_BYTES) process.exit(1);
