/**
 * The bundle budgets (docs/web.md "Delivery"), from the Vite manifest of `dist/` (run `pnpm build` first):
 *
 * - initial JavaScript — the entry chunk and everything it imports statically, what every page (the
 *   sign-in page first) downloads before its screen's own chunk — at most 120 kB gzip;
 * - initial CSS — the stylesheets of those chunks, render-blocking — at most 30 kB gzip;
 * - every chunk loaded on demand (a screen and what it alone uses: the dashboard with the charts) at most
 *   150 kB gzip.
 *
 * Figures are gzip level 9 (the build's `.gz` files; brotli, which browsers get, is ~10 % smaller).
 *
 *   pnpm bench:bundle            # prints the figures
 *   pnpm bench:bundle --check    # exits 1 when a budget is exceeded (`pnpm test` runs this)
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

interface TManifestChunk {
  file: string;
  name?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

const KB = 1024;
const BUDGETS = { initialJs: 120 * KB, initialCss: 30 * KB, lazyChunk: 150 * KB };

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const manifestPath = resolve(dist, '.vite/manifest.json');
if (!existsSync(manifestPath)) {
  console.error(`No ${manifestPath}: run "pnpm build" first.`);
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, TManifestChunk>;

/** The chunk `key` and every chunk it imports statically, transitively. */
function closure(keys: readonly string[]): Set<string> {
  const found = new Set<string>();
  const visit = (key: string) => {
    if (found.has(key)) return;
    found.add(key);
    for (const imported of manifest[key]?.imports ?? []) visit(imported);
  };
  for (const key of keys) visit(key);
  return found;
}

const gzipped = (file: string) => gzipSync(readFileSync(resolve(dist, file)), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} kB`;
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const cssOf = (keys: Iterable<string>) => new Set([...keys].flatMap((key) => manifest[key]?.css ?? []));

const entries = Object.keys(manifest).filter((key) => manifest[key]?.isEntry);
const initial = closure(entries);
const rows = [...initial]
  .map((key) => {
    const file = manifest[key]?.file ?? key;
    return { file, raw: statSync(resolve(dist, file)).size, gzip: gzipped(file) };
  })
  .sort((a, b) => b.gzip - a.gzip);
const initialJs = sum(rows.map((row) => row.gzip));
const initialCssFiles = cssOf(initial);
const initialCss = sum([...initialCssFiles].map(gzipped));

const lazy = Object.keys(manifest)
  .filter((key) => !initial.has(key) && manifest[key]?.file.endsWith('.js'))
  .map((key) => ({ key, file: manifest[key]?.file ?? key, gzip: gzipped(manifest[key]?.file ?? key) }))
  .sort((a, b) => b.gzip - a.gzip);

/** What the sign-in page loads in all: the initial chunks, then its screen's chunk and what that imports. */
const loginKey = Object.keys(manifest).find((key) => key.endsWith('features/auth/login-screen.tsx'));
const loginOnly = loginKey ? [...closure([loginKey])].filter((key) => !initial.has(key)) : [];
const loginJs = initialJs + sum(loginOnly.map((key) => gzipped(manifest[key]?.file ?? key)));
const loginCss =
  initialCss + sum([...cssOf(loginOnly)].filter((file) => !initialCssFiles.has(file)).map(gzipped));

console.log('Initial JavaScript (entry chunk + static imports):');
for (const row of rows)
  console.log(`  ${row.file.padEnd(44)} ${kb(row.raw).padStart(10)} raw ${kb(row.gzip).padStart(10)} gzip`);
console.log(
  `  ${'total'.padEnd(44)} ${kb(sum(rows.map((row) => row.raw))).padStart(10)} raw ${kb(initialJs).padStart(10)} gzip`,
);
console.log(`Initial CSS: ${kb(initialCss)} gzip (${[...initialCssFiles].join(', ')})`);
console.log(`Largest chunks loaded on demand (${lazy.length} in all):`);
for (const chunk of lazy.slice(0, 5))
  console.log(`  ${chunk.file.padEnd(44)} ${kb(chunk.gzip).padStart(10)} gzip`);
console.log(
  `Sign-in page in all (initial + the login screen's chunks): ${kb(loginJs)} JS, ${kb(loginCss)} CSS gzip`,
);

const largest = lazy[0];
const checks = [
  { label: 'initial JS', value: initialJs, budget: BUDGETS.initialJs },
  { label: 'initial CSS', value: initialCss, budget: BUDGETS.initialCss },
  {
    label: `largest lazy chunk (${largest?.file ?? 'none'})`,
    value: largest?.gzip ?? 0,
    budget: BUDGETS.lazyChunk,
  },
];
console.log('Budgets (gzip):');
for (const { label, value, budget } of checks) {
  const verdict = value <= budget ? 'within' : 'OVER';
  console.log(
    `  ${label}: ${kb(value)} of ${kb(budget)} — ${verdict} (${((value / budget) * 100).toFixed(0)}%)`,
  );
}
const over = checks.filter(({ value, budget }) => value > budget);
if (process.argv.includes('--check') && over.length > 0) {
  console.error(`Over budget: ${over.map(({ label }) => label).join(', ')}`);
  process.exit(1);
}
