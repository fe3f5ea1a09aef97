import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from 'vitest';
import { ADMIN } from './support/api-server';
import { checkScreen, launchBrowser, screenshotter, type TBrowser } from './support/browser';
import {
  addDays,
  addMonths,
  approvedLoan,
  formatDay,
  formatMoney,
  toasts,
  todayUtc,
} from './support/servicing';
import { signInUi } from './support/ui';

const baseUrl = inject('apiBaseUrl');
let browser: TBrowser;
const JOURNEY = '7-portfolio';
const shot = screenshotter(JOURNEY);

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const share = new Intl.NumberFormat('en-US', {
  style: 'percent',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const formatShare = (value: string) => share.format(value as `${number}`);
const count = new Intl.NumberFormat('en-US');
const month = new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const humanize = (code: string) => code.charAt(0) + code.slice(1).toLowerCase().replaceAll('_', ' ');

/** The cells of a dashboard table's row, by its key. */
const rowCells = (page: Page, chart: string, key: string) =>
  page.getByTestId(chart).locator(`tr[data-row="${key}"]`).locator('th, td').allTextContents();

async function readDownload(download: Download): Promise<string> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
}

describe('journey 7: the portfolio dashboard is the database’s summary; the queue sorts the late', () => {
  it('works end to end in the browser', async () => {
    onTestFailed(() => browser.captureFailure(JOURNEY));
    const today = todayUtc();
    // Two late loans of one agent: one over 90 days late, one 31–60; and a third loan left current.
    const veryLate = await approvedLoan(baseUrl, { productCode: 'CAR', amount: '6000.00', termMonths: 12 });
    const { admin } = veryLate;
    await admin.api.loans.disburse.mutate({ loanId: veryLate.loan.id, disbursedOn: addMonths(today, -5) });
    const late = await approvedLoan(baseUrl, {
      productCode: 'PERSONAL',
      amount: '2400.00',
      termMonths: 12,
    });
    await admin.api.loans.disburse.mutate({
      loanId: late.loan.id,
      disbursedOn: addDays(addMonths(today, -2), -10),
    });
    const current = await approvedLoan(baseUrl, {
      productCode: 'PERSONAL',
      amount: '900.00',
      termMonths: 6,
    });
    await admin.api.loans.disburse.mutate({ loanId: current.loan.id, disbursedOn: addDays(today, -3) });

    // The dashboard shows portfolio.summary, figure for figure.
    const page = await browser.newPage();
    await signInUi(page, baseUrl, ADMIN.username, ADMIN.password);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto(`${baseUrl}/dashboard`);
    await page.getByTestId('kpi-principal-outstanding').waitFor();
    await page.locator('.chart-surface').first().waitFor();
    const summary = await admin.api.portfolio.summary.query({});
    expect(await page.getByTestId('kpi-principal-outstanding').textContent()).toBe(
      formatMoney(summary.principalOutstanding),
    );
    expect(await page.getByTestId('kpi-par-30').textContent()).toBe(formatShare(summary.par30));
    expect(await page.getByTestId('kpi-par-90').textContent()).toBe(formatShare(summary.par90));
    expect(await page.getByTestId('kpi-approval-rate').textContent()).toBe(formatShare(summary.approvalRate));
    expect(Number(summary.par90)).toBeGreaterThan(0);
    for (const row of summary.byStatus) {
      expect(await rowCells(page, 'chart-status', row.status)).toEqual([
        humanize(row.status),
        count.format(row.count),
        formatMoney(row.principal),
      ]);
    }
    const products = new Map(
      (await admin.api.loanProducts.list.query()).map((product) => [product.code, product.name]),
    );
    for (const row of summary.byProduct) {
      expect(await rowCells(page, 'chart-product', row.productCode)).toEqual([
        products.get(row.productCode) ?? row.productCode,
        count.format(row.count),
        formatMoney(row.principal),
        formatMoney(row.principalOutstanding),
      ]);
    }
    expect(summary.disbursedByMonth).toHaveLength(12);
    for (const [index, row] of summary.disbursedByMonth.entries()) {
      expect(await rowCells(page, 'chart-months', row.month)).toEqual([
        month.format(new Date(`${row.month}-01T00:00:00Z`)),
        formatMoney(row.amount),
        formatMoney(summary.collectedByMonth[index]?.amount ?? '0.00'),
      ]);
    }
    expect((await rowCells(page, 'chart-arrears', 'over90'))[1]).toBe(formatShare(summary.par90));
    // Every chart is hidden from screen readers, which read its table instead.
    expect(await page.locator('[inert] .chart-surface').count()).toBe(
      await page.locator('.chart-surface').count(),
    );
    await checkScreen(page, 'dashboard');
    await shot(page, 'dashboard');

    // The collections queue: worst first; each loan under its bucket; the current loan in none.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Collections queue' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Collections queue' }).waitFor();
    const row = (loanId: string) => page.locator(`[data-testid="collections-row"][data-loan-id="${loanId}"]`);
    await page
      .getByRole('group', { name: 'Days past due' })
      .getByText('Over 90 days', { exact: true })
      .click();
    // The unfiltered queue already showed the 90+ loan: wait for the 31–60 one to leave, then check.
    await expect.poll(() => row(late.loan.id).count()).toBe(0);
    expect(await row(veryLate.loan.id).getAttribute('data-bucket')).toBe('90+');
    await page.getByRole('group', { name: 'Days past due' }).getByText('Any', { exact: true }).click();
    await expect.poll(() => row(late.loan.id).getAttribute('data-bucket')).toBe('31-60');
    expect(await row(current.loan.id).count()).toBe(0);
    const days = await page
      .getByTestId('collections-days')
      .evaluateAll((cells) => cells.map((cell) => Number.parseInt(cell.textContent ?? '', 10)));
    expect(days).toEqual([...days].sort((a, b) => b - a));
    const position = await admin.api.loans.position.query({ loanId: late.loan.id });
    expect(await row(late.loan.id).textContent()).toContain(formatDay(position.nextDue?.dueOn ?? today));
    // By agent: each loan here has its own.
    await page.getByRole('combobox', { name: 'Agent' }).click();
    await page.getByRole('option', { name: late.agentName }).click();
    await expect.poll(() => page.getByTestId('collections-row').count()).toBe(1);
    expect(await row(late.loan.id).count()).toBe(1);
    await checkScreen(page, 'collections queue (admin)');
    await shot(page, 'collections');

    // Its CSV comes from the server, with the same filter.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Export CSV/ }).click(),
    ]);
    const lines = (await readDownload(download)).trim().split('\r\n');
    expect(lines[0]).toContain('"days_past_due","arrears_bucket"');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"${late.loan.id}"`);
    expect(lines[1]).toContain(`"${position.daysPastDue}","31-60"`);
    await expect.poll(() => toasts(page)).toContain('CSV exported');

    expect(browser.pageErrors).toEqual([]);
    expect(browser.consoleErrors).toEqual([]);
  });
});
