import { mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const ARTIFACTS_DIR = fileURLToPath(new URL('../../../test-artifacts/', import.meta.url));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface TBrowser {
  context: BrowserContext;
  /** Uncaught errors thrown in any page: a journey ends by asserting there were none. */
  pageErrors: string[];
  /** A new tab: each tab has its own sessionStorage, so each holds its own signed-in person. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with a throwaway profile. */
export async function launchBrowser(): Promise<TBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'loanbook-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    locale: 'en-US',
    timezoneId: 'Europe/Berlin',
    viewport: { width: 1280, height: 860 },
    acceptDownloads: true,
    timeout: 60_000,
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const pageErrors: string[] = [];
  context.on('weberror', (webError) => pageErrors.push(webError.error().message));
  return {
    context,
    pageErrors,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot as test-artifacts/<journey>/<nn>-<name>.png. */
export function screenshotter(journey: string) {
  const dir = join(ARTIFACTS_DIR, journey);
  mkdirSync(dir, { recursive: true });
  let step = 0;
  return async (page: Page, name: string) => {
    step += 1;
    // Full-page captures of a scrolled page draw the fixed header mid-page.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({
      path: join(dir, `${String(step).padStart(2, '0')}-${name}.png`),
      fullPage: true,
    });
  };
}

interface TViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core in the page and fails on any serious or critical violation (WCAG 2.x A/AA rules and
 * best practices), listing the rule, help text and offending elements.
 */
export async function assertAccessible(page: Page, label: string): Promise<void> {
  const hasAxe = await page.evaluate(() => 'axe' in window);
  // Evaluated through the DevTools protocol: the app's CSP (script-src 'self') rightly refuses inline
  // <script> tags, and the check must not weaken the policy it runs under.
  if (!hasAxe) await page.evaluate(AXE_SOURCE);
  let blocking: TViolation[] = [];
  // Colours are only final once transitions have finished (a dialog fading in, a notification fading out
  // on its timer). A result taken while something started to move is taken again on the settled page.
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    await page.evaluate(() =>
      Promise.allSettled(document.getAnimations().map((animation) => animation.finished)),
    );
    const { violations, wasMoving } = await page.evaluate(
      async (): Promise<{ violations: TViolation[]; wasMoving: boolean }> => {
        const { axe } = window as unknown as { axe: typeof import('axe-core') };
        // Anything that starts to move while axe reads the colours (and may be gone when it is done).
        let moved = false;
        const markMoved = () => {
          moved = true;
        };
        for (const type of ['transitionrun', 'animationstart'])
          document.addEventListener(type, markMoved, true);
        const results = await axe.run(document, { resultTypes: ['violations'] });
        for (const type of ['transitionrun', 'animationstart'])
          document.removeEventListener(type, markMoved, true);
        return {
          wasMoving: moved || document.getAnimations().length > 0,
          violations: results.violations.map((violation) => ({
            id: violation.id,
            impact: violation.impact ?? null,
            help: violation.help,
            nodes: violation.nodes
              .slice(0, 5)
              .map((node) => `${node.target.join(' ')} — ${node.failureSummary ?? ''}`),
          })),
        };
      },
    );
    blocking = violations.filter(
      (violation) => violation.impact === 'serious' || violation.impact === 'critical',
    );
    if (blocking.length === 0 || !wasMoving) break;
  }
  if (blocking.length > 0) {
    const details = blocking
      .map(
        (violation) =>
          `- [${violation.impact}] ${violation.id}: ${violation.help}\n    ${violation.nodes.join('\n    ')}`,
      )
      .join('\n');
    throw new Error(`Accessibility violations on ${label} (${page.url()}):\n${details}`);
  }
}

/** Whether the page fits the viewport's width (no sideways scrolling of the whole page). */
export async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}
