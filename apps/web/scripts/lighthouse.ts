/**
 * Benchmark, not a test: Lighthouse 12.8.2 with its default MOBILE preset (a mid-range phone on a slow 4G
 * connection, simulated throttling) on three pages of the production build, as a new visitor meets them:
 * the sign-in page, a loan's detail page (signed in as a demo customer) and the portfolio dashboard
 * (signed in as the admin). Builds nothing: run `pnpm build` first. Starts the API the way the browser
 * journeys do (test/journeys/support/api-server.ts: a fresh embedded database in a temporary DATA_DIR,
 * serving `apps/web/dist`), with the demo book, and audits each page in Debian's Chromium.
 *
 *   pnpm bench:lighthouse                 # prints the scores and metrics of each page
 *   pnpm bench:lighthouse --check         # exits 1 when a page scores performance < 95,
 *                                         # accessibility < 100 or best practices < 100
 *   pnpm bench:lighthouse --runs 3        # each page 3 times, the run with the median performance kept
 *   pnpm bench:lighthouse --page login    # one page only (login, loan, dashboard)
 *
 * The full reports (JSON) are written to apps/web/test-artifacts/lighthouse/ (gitignored). Slow (about a
 * minute per page on two cores) and noisy (a busy machine costs points): not part of `pnpm test`
 * (docs/web.md "Delivery").
 *
 * Signed-in pages: the app keeps its session in `sessionStorage` (`loanbook.session`, lib/session.ts),
 * which belongs to one tab. The script signs in through the API, opens a tab on the app's origin, stores
 * the session there, then has Lighthouse audit that same tab (`lighthouse(url, flags, config, page)`).
 * Lighthouse clears the HTTP cache and the origin's caches before loading the page (a cold first load),
 * but not its sessionStorage (`clearStorageTypes`).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import lighthouse, { type Flags, type Result } from 'lighthouse';
import { SESSION_STORAGE_KEY, type TSession } from '../src/lib/session';
import { apiClient } from '../test/journeys/support/api-client';
import { ADMIN, startApiServer } from '../test/journeys/support/api-server';

const WEB_DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const REPORTS = fileURLToPath(new URL('../test-artifacts/lighthouse/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? process.env.CHROME_PATH ?? '/usr/bin/chromium';
/** The demo book's customer (apps/api/src/modules/demo/demo-book.ts) and its one password. */
const CUSTOMER = { username: 'demo.customer1', password: 'loanbook-demo' };

/** What `--check` requires of every page (scores out of 100). */
const THRESHOLDS = { performance: 95, accessibility: 100, 'best-practices': 100 } as const;
type TCategory = keyof typeof THRESHOLDS;
const CATEGORIES = Object.keys(THRESHOLDS) as TCategory[];

const { values: options } = parseArgs({
  options: {
    check: { type: 'boolean', default: false },
    runs: { type: 'string', default: '1' },
    page: { type: 'string', multiple: true },
  },
});
const runs = Math.max(1, Number.parseInt(options.runs ?? '1', 10) || 1);

/**
 * chrome-launcher and puppeteer-core are Lighthouse's own dependencies (the versions it is tested with):
 * loaded from its package rather than declared again here.
 */
const fromLighthouse = createRequire(createRequire(import.meta.url).resolve('lighthouse'));
const loadFromLighthouse = async <T>(name: string): Promise<T> =>
  (await import(pathToFileURL(fromLighthouse.resolve(name)).href)) as T;

interface TChromeLauncher {
  launch(options: { chromePath: string; chromeFlags: string[] }): Promise<{ port: number; kill(): void }>;
}
interface TPage {
  goto(url: string): Promise<unknown>;
  evaluate<A>(fn: (arg: A) => void, arg: A): Promise<void>;
  close(): Promise<void>;
}
interface TPuppeteer {
  connect(options: { browserURL: string; defaultViewport: null }): Promise<{
    newPage(): Promise<TPage>;
    disconnect(): Promise<void>;
  }>;
}

// ------------------------------------------------------------------------------------------ the sessions

interface TPageSpec {
  name: string;
  label: string;
  path: string;
  session: TSession | null;
}

/** The whole sign-in answer (token, expiry, user): what the app keeps as its session. */
const signIn = (baseUrl: string, credentials: { username: string; password: string }) =>
  apiClient(baseUrl).auth.login.mutate(credentials);

async function pagesToAudit(baseUrl: string): Promise<TPageSpec[]> {
  const customer = await signIn(baseUrl, CUSTOMER);
  const admin = await signIn(baseUrl, ADMIN);
  const { items } = await apiClient(baseUrl, customer.token).loans.list.query({ limit: 50 });
  // A disbursed loan shows the most: terms, schedule, timeline, history, installments, ledger, payoff.
  const loan = items.find((item) => item.status === 'ACTIVE') ?? items[0];
  if (!loan) throw new Error(`${CUSTOMER.username} has no loans: is the demo book on?`);
  const all: TPageSpec[] = [
    { name: 'login', label: 'Sign in', path: '/login', session: null },
    { name: 'loan', label: 'Loan detail (customer)', path: `/loans/${loan.id}`, session: customer },
    { name: 'dashboard', label: 'Dashboard (admin)', path: '/dashboard', session: admin },
  ];
  const wanted = options.page;
  return wanted?.length ? all.filter((page) => wanted.includes(page.name)) : all;
}

// ------------------------------------------------------------------------------------------- the audits

interface TOutcome {
  page: TPageSpec;
  scores: Record<TCategory, number>;
  metrics: { fcp: number; lcp: number; tbt: number; cls: number; si: number };
  /** Audits that cost points: performance opportunities, failed accessibility / best-practices audits. */
  findings: string[];
}

const scoreOf = (lhr: Result, category: TCategory) =>
  Math.round((lhr.categories[category]?.score ?? 0) * 100);
const numericOf = (lhr: Result, audit: string) => lhr.audits[audit]?.numericValue ?? Number.NaN;

function findingsOf(lhr: Result): string[] {
  const findings: string[] = [];
  for (const category of CATEGORIES) {
    for (const ref of lhr.categories[category]?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id];
      if (!audit || audit.score === null || audit.score >= 0.9) continue;
      if (audit.scoreDisplayMode === 'informative' || audit.scoreDisplayMode === 'notApplicable') continue;
      const value = audit.displayValue ? ` (${audit.displayValue})` : '';
      findings.push(`${category}: ${ref.id}${value}: ${audit.title}`);
    }
  }
  return findings;
}

async function audit(
  page: TPageSpec,
  baseUrl: string,
  port: number,
  puppeteer: TPuppeteer,
): Promise<TOutcome> {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}`, defaultViewport: null });
  const tab = await browser.newPage();
  try {
    if (page.session) {
      // Any page of the origin will do: the session goes into this tab's sessionStorage.
      await tab.goto(`${baseUrl}/favicon.svg`);
      await tab.evaluate(([key, value]) => sessionStorage.setItem(key, value), [
        SESSION_STORAGE_KEY,
        JSON.stringify(page.session),
      ] as const);
    }
    const flags: Flags = {
      port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: [...CATEGORIES],
    };
    // biome-ignore lint/suspicious/noExplicitAny: puppeteer-core's Page, loaded from Lighthouse's package.
    const result = await lighthouse(`${baseUrl}${page.path}`, flags, undefined, tab as any);
    if (!result) throw new Error(`Lighthouse returned nothing for ${page.path}`);
    const { lhr } = result;
    if (lhr.runtimeError) throw new Error(`${page.path}: ${lhr.runtimeError.message}`);
    mkdirSync(REPORTS, { recursive: true });
    writeFileSync(join(REPORTS, `${page.name}.json`), JSON.stringify(lhr, null, 1));
    // The page load's trace beside it: chrome://tracing or the DevTools Performance panel open it.
    const trace = (result.artifacts as { Trace?: unknown }).Trace;
    if (trace) writeFileSync(join(REPORTS, `${page.name}.trace.json`), JSON.stringify(trace));
    return {
      page,
      scores: Object.fromEntries(CATEGORIES.map((category) => [category, scoreOf(lhr, category)])) as Record<
        TCategory,
        number
      >,
      metrics: {
        fcp: numericOf(lhr, 'first-contentful-paint'),
        lcp: numericOf(lhr, 'largest-contentful-paint'),
        tbt: numericOf(lhr, 'total-blocking-time'),
        cls: numericOf(lhr, 'cumulative-layout-shift'),
        si: numericOf(lhr, 'speed-index'),
      },
      findings: findingsOf(lhr),
    };
  } finally {
    await tab.close().catch(() => {});
    await browser.disconnect();
  }
}

/** The run with the median performance score (runs of one page vary by a few points). */
function median(outcomes: TOutcome[]): TOutcome {
  const sorted = [...outcomes].sort((a, b) => a.scores.performance - b.scores.performance);
  return sorted[Math.floor((sorted.length - 1) / 2)] as TOutcome;
}

// ------------------------------------------------------------------------------------------------- main

if (!existsSync(join(WEB_DIST, 'index.html'))) {
  console.error(`No ${WEB_DIST}index.html: run "pnpm build" first (this script builds nothing).`);
  process.exit(2);
}
const chromeLauncher = await loadFromLighthouse<TChromeLauncher>('chrome-launcher');
const puppeteer = (await loadFromLighthouse<{ default: TPuppeteer }>('puppeteer-core')).default;
console.log('Starting the API with the demo book, serving apps/web/dist…');
const server = await startApiServer({ env: { LOANBOOK_DEMO: '1' }, readyTimeoutMs: 120_000 });
const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
});
const results: TOutcome[] = [];
try {
  const pages = await pagesToAudit(server.baseUrl);
  for (const page of pages) {
    const outcomes: TOutcome[] = [];
    for (let run = 1; run <= runs; run += 1) {
      process.stdout.write(
        `Auditing ${page.label} (${page.path})${runs > 1 ? `, run ${run}/${runs}` : ''}…\n`,
      );
      outcomes.push(await audit(page, server.baseUrl, chrome.port, puppeteer));
    }
    results.push(median(outcomes));
  }
} finally {
  chrome.kill();
  await server.stop();
}

const ms = (value: number) => `${(value / 1000).toFixed(2)} s`;
console.log('\nLighthouse 12.8.2, mobile preset (simulated slow 4G, 4× CPU slowdown)');
console.log(
  `${'page'.padEnd(24)} ${'perf'.padStart(5)} ${'a11y'.padStart(5)} ${'b.p.'.padStart(5)} ${'FCP'.padStart(8)} ${'LCP'.padStart(8)} ${'TBT'.padStart(7)} ${'CLS'.padStart(6)} ${'SI'.padStart(8)}`,
);
for (const { page, scores, metrics } of results) {
  console.log(
    `${page.label.padEnd(24)} ${String(scores.performance).padStart(5)} ${String(scores.accessibility).padStart(5)} ${String(scores['best-practices']).padStart(5)} ${ms(metrics.fcp).padStart(8)} ${ms(metrics.lcp).padStart(8)} ${`${Math.round(metrics.tbt)} ms`.padStart(7)} ${metrics.cls.toFixed(3).padStart(6)} ${ms(metrics.si).padStart(8)}`,
  );
}
const failures: string[] = [];
for (const { page, scores, findings } of results) {
  if (findings.length > 0) console.log(`\n${page.label}: what costs points\n  ${findings.join('\n  ')}`);
  for (const category of CATEGORIES) {
    if (scores[category] < THRESHOLDS[category])
      failures.push(`${page.label}: ${category} ${scores[category]} < ${THRESHOLDS[category]}`);
  }
}
console.log(`\nReports: ${REPORTS}`);
if (failures.length > 0) {
  console.log(`\nBelow the goal:\n  ${failures.join('\n  ')}`);
  if (options.check) process.exit(1);
} else {
  console.log(`\nEvery page meets the goal (performance ≥ 95, accessibility 100, best practices 100).`);
}
