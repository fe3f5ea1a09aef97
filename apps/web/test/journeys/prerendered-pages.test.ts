import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from 'vitest';
import { checkScreen, launchBrowser, type TBrowser } from './support/browser';
import { openPage } from './support/ui';

/**
 * The public pages prerendered at build (apps/web/build/prerender.ts, docs/web.md "Prerendered pages"):
 * the HTML itself shows the page, and the app, once started, adopts that markup instead of rebuilding it.
 */
const baseUrl = inject('apiBaseUrl');
let browser: TBrowser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const PAGES = [
  { path: '/login', heading: 'Sign in', fields: ['Username', 'Password'] },
  { path: '/signup', heading: 'Create an account', fields: ['Username', 'Email', 'Password'] },
] as const;

describe('prerendered pages', () => {
  it('come as HTML that shows the page, inert, with no script but the one that starts the app', async () => {
    for (const { path, heading, fields } of PAGES) {
      const response = await fetch(`${baseUrl}${path}`);
      expect(response.status, path).toBe(200);
      const html = await response.text();
      expect(html, path).toContain(`<div id="root" inert data-prerendered="${path}">`);
      expect(html, path).toMatch(new RegExp(`<h1[^>]*>${heading}</h1>`));
      for (const field of fields)
        expect(html, `${path} ${field}`).toMatch(new RegExp(`<label[^>]*>${field}`));
      // One classic script, deferred; the app's module script is added by it after the first paint.
      expect(html.match(/<script\b[^>]*>/g), path).toEqual([
        expect.stringMatching(/^<script src="\/assets\/start-[\w-]+\.js" defer>$/),
      ]);
    }
    // Every other page is the app shell.
    const shell = await (await fetch(`${baseUrl}/loans/123`)).text();
    expect(shell).toContain('<div id="root"></div>');
  });

  it('are adopted by the app as they are: the same elements, then usable', async () => {
    onTestFailed(() => browser.captureFailure('prerendered-pages'));
    const page = await browser.newPage();
    // Before any script of the page: keep the prerendered heading and first field to compare later.
    await page.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        const marked = window as unknown as { prerendered?: Element[] };
        // The heading and the first field, in document order.
        marked.prerendered = Array.from(document.querySelectorAll('h1, input')).slice(0, 2);
      });
    });
    for (const { path, heading } of PAGES) {
      await openPage(page, `${baseUrl}${path}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      const isSame = await page.evaluate(() => {
        const kept = (window as unknown as { prerendered?: Element[] }).prerendered ?? [];
        return kept.length === 2 && kept.every((element) => element.isConnected);
      });
      expect(isSame, `${path}: hydrated, not rebuilt`).toBe(true);
      await checkScreen(page, `prerendered ${path}`);
    }

    // Signing in with a wrong password works on the adopted page and is answered in words.
    await openPage(page, `${baseUrl}/login`);
    await page.getByLabel('Username').fill('nobody-here');
    await page.getByRole('textbox', { name: 'Password' }).fill('not-the-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByTestId('login-error').textContent())
      .toContain('Wrong username or password');
    await browser.expectConsoleError(/status of 401/);

    // An address the markup was not made for (a notice above the form) is rendered by the app instead.
    await openPage(page, `${baseUrl}/login?reason=expired`);
    await expect.poll(() => page.getByTestId('login-notice').textContent()).toContain('session has expired');

    expect(browser.pageErrors).toEqual([]);
    expect(browser.consoleErrors).toEqual([]);
  });
});
