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

/** The two screens every journey checks its pages on: a laptop, and a phone. */
export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/** A journey checks every screen for accessibility and at two sizes: longer than vitest's default. */
export const JOURNEY_TIMEOUT_MS = 300_000;

export const ARTIFACTS_DIR = fileURLToPath(new URL('../../../test-artifacts/', import.meta.url));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface TBrowser {
  context: BrowserContext;
  /** Uncaught errors thrown in any page: a journey ends by asserting there were none. */
  pageErrors: string[];
  /**
   * Errors logged to any page's console — a failed request ("Failed to load resource: … 401"), a CSP
   * report, React's warnings — not yet accounted for: a journey ends by asserting there were none.
   */
  consoleErrors: string[];
  /**
   * Accounts for console errors a step causes on purpose (a refused sign-in is a 403): waits a moment for
   * one matching `pattern` (Chromium does not log every refused request), then removes every match.
   * Returns how many there were.
   */
  expectConsoleError(pattern: RegExp): Promise<number>;
  /** Screenshots of every open tab as test-artifacts/<journey>/failure-<n>.png, to see why a step failed. */
  captureFailure(journey: string): Promise<void>;
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
    viewport: DESKTOP,
    acceptDownloads: true,
    timeout: 60_000,
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  context.on('weberror', (webError) => pageErrors.push(webError.error().message));
  context.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url } = message.location();
    consoleErrors.push(url ? `${message.text()} (${url})` : message.text());
  });
  const expectConsoleError = async (pattern: RegExp) => {
    const deadline = Date.now() + 2_000;
    while (!consoleErrors.some((text) => pattern.test(text)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const kept = consoleErrors.filter((text) => !pattern.test(text));
    const removed = consoleErrors.length - kept.length;
    consoleErrors.splice(0, consoleErrors.length, ...kept);
    return removed;
  };
  const captureFailure = async (journey: string) => {
    const dir = join(ARTIFACTS_DIR, journey);
    mkdirSync(dir, { recursive: true });
    let index = 0;
    for (const page of context.pages()) {
      index += 1;
      await page.screenshot({ path: join(dir, `failure-${index}.png`), fullPage: true }).catch(() => {});
    }
    console.error(`Failure screenshots in ${dir}; console errors so far:`, consoleErrors);
  };
  return {
    context,
    pageErrors,
    consoleErrors,
    expectConsoleError,
    captureFailure,
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

/**
 * What does not fit the page at its current size: the page wider than the screen; text running out of
 * its box (a long username into the next column); on a wide screen, a table wider than the room it has
 * (its last columns scrolled out of sight).
 */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const name = (element: Element) => {
      const text = (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 60);
      const testId = element.closest('[data-testid]')?.getAttribute('data-testid');
      return `<${element.tagName.toLowerCase()}${testId ? ` in ${testId}` : ''}> "${text}"`;
    };
    const { scrollWidth } = document.documentElement;
    if (scrollWidth > window.innerWidth + 1) {
      problems.push(`the page is ${scrollWidth}px wide on a ${window.innerWidth}px screen`);
    }
    for (const element of document.querySelectorAll<HTMLElement>('header *, main *, nav *')) {
      const ownText = [...element.childNodes].some(
        (node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== '',
      );
      if (!ownText || element.clientWidth === 0) continue;
      const style = getComputedStyle(element);
      // Clipped on purpose (an ellipsis), or a scroller of its own.
      if (style.overflowX !== 'visible' || style.textOverflow === 'ellipsis') continue;
      if (element.scrollWidth > element.clientWidth + 1) {
        problems.push(`text runs out of its box: ${name(element)}`);
      }
    }
    if (window.innerWidth >= 1024) {
      for (const table of document.querySelectorAll('main table')) {
        const room = table.parentElement?.getBoundingClientRect();
        const box = table.getBoundingClientRect();
        if (room && box.width > room.width + 1) {
          problems.push(
            `a table is ${Math.round(box.width)}px wide in ${Math.round(room.width)}px: ${name(table)}`,
          );
        }
      }
    }
    return problems;
  });
}

/**
 * Waits for a resized page to settle: the shell's transitions (the navigation sliding in or out, the
 * content's margin following it) have run, and the size-dependent re-render (cards or a table) is drawn.
 */
async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(50);
  for (let round = 0; round < 2; round += 1) {
    await page.evaluate(() =>
      Promise.allSettled(document.getAnimations().map((animation) => animation.finished)),
    );
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
  }
  await page.waitForTimeout(100);
}

/**
 * Checks the page on a laptop (1280×800) and a phone (390×844): nothing wider than the screen, no text
 * out of its box, no table scrolled sideways on the laptop. Leaves the page at laptop size.
 */
export async function assertFits(page: Page, label: string): Promise<void> {
  const found: string[] = [];
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    await settle(page);
    for (const problem of await layoutProblems(page)) found.push(`${size.width}×${size.height}: ${problem}`);
  }
  await page.setViewportSize(DESKTOP);
  await settle(page);
  if (found.length > 0)
    throw new Error(`Layout problems on ${label} (${page.url()}):\n- ${found.join('\n- ')}`);
}

/** Every check a visited screen must pass: accessible, and fitting a laptop and a phone. */
export async function checkScreen(page: Page, label: string): Promise<void> {
  await assertAccessible(page, label);
  await assertFits(page, label);
}
