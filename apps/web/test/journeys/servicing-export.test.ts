import type { Download } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { ADMIN, startApiServer, type TApiServer } from './support/api-server';
import { checkScreen, launchBrowser, type TBrowser } from './support/browser';
import { seedLoanBook, toasts } from './support/servicing';
import { signInUi } from './support/ui';

/**
 * The CSV export of a large list is the server's stream, not the browser paging the API: on a server of its
 * own whose database was seeded with 10,000 loans in one SQL statement, the admin exports "All loans" and
 * the file holds every one of them, once; the export shows its progress from the start.
 */

const LOANS = 10_000;
const JOURNEY = '8-export';
let browser: TBrowser;
let server: TApiServer;
let seeded: string[];

beforeAll(async () => {
  const { dataDir, loanIds } = await seedLoanBook(LOANS);
  seeded = loanIds;
  server = await startApiServer({ dataDir });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function readDownload(download: Download): Promise<string> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('journey 8: a CSV export of 10,000 loans arrives whole', () => {
  it('streams from the server with progress, every loan once', async () => {
    onTestFailed(() => browser.captureFailure(JOURNEY));
    expect(seeded).toHaveLength(LOANS);
    const page = await browser.newPage();
    await signInUi(page, server.baseUrl, ADMIN.username, ADMIN.password);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto(`${server.baseUrl}/loans`);
    await page.getByTestId('loan-row').first().waitFor();

    // Everything the progress line says while the export runs.
    await page.evaluate(() => {
      const seen: string[] = [];
      Object.assign(window, { exportProgress: seen });
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="csv-export-progress"]')?.textContent;
        if (text && seen.at(-1) !== text) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    // The browser asks the server for one file, never for pages of the list.
    const listCalls: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/trpc/') && request.url().includes('loans.list'))
        listCalls.push(request.url());
    });
    const exports: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/exports/loans.csv')) exports.push(request.url());
    });

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.getByRole('button', { name: /Export CSV/ }).click(),
    ]);
    const progress = await page.evaluate(
      () => (window as unknown as { exportProgress: string[] }).exportProgress,
    );
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]).toMatch(/^Exporting: [\d,]+ loans? \(/);
    expect(exports).toHaveLength(1);
    expect(listCalls).toEqual([]);

    const text = await readDownload(download);
    expect(download.suggestedFilename()).toMatch(/^loans-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(text.startsWith('\uFEFF"id","status"')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    const rows = lines.slice(1, -1);
    expect(rows).toHaveLength(LOANS);
    const ids = rows.map((row) => row.slice(1, 37));
    expect(new Set(ids).size).toBe(LOANS);
    expect([...ids].sort()).toEqual([...seeded].sort());
    expect(rows.every((row) => row.includes('"NEW","PERSONAL","Personal loan","5000.00"'))).toBe(true);
    await expect.poll(() => toasts(page)).toContain('CSV exported');
    expect(await page.getByText('Exported 10,000 loans.').count()).toBe(1);
    await checkScreen(page, 'all loans after a large export');

    expect(browser.pageErrors).toEqual([]);
    expect(browser.consoleErrors).toEqual([]);
  });
});
