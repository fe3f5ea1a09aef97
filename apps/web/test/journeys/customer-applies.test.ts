import { computeLoanFigures } from '@loanbook/domain/money';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiClient, PASSWORD, uniqueName } from './support/api-client';
import { assertAccessible, fitsWidth, launchBrowser, screenshotter, type TBrowser } from './support/browser';
import { confirmInDialog } from './support/ui';

const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const baseUrl = inject('apiBaseUrl');
let browser: TBrowser;
const shot = screenshotter('1-customer');

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function chooseProduct(page: Page, name: RegExp) {
  await page.getByRole('combobox', { name: 'Loan product' }).click();
  await page.getByRole('option', { name }).click();
}

describe('journey 1: a customer signs up, gets a quote, applies, sees the loan and withdraws another', () => {
  it('works end to end in the browser', async () => {
    const page = await browser.newPage();
    const username = uniqueName('borrower');
    const products = await apiClient(baseUrl).loanProducts.list.query();
    const personal = products.find((product) => product.code === 'PERSONAL');
    expect(personal).toBeDefined();

    // Sign up: a customer is signed in at once and lands on the application form.
    await page.goto(`${baseUrl}/signup`);
    await expect.poll(() => page.title()).toContain('Create an account');
    await assertAccessible(page, 'sign-up');
    await shot(page, 'signup');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Email').fill(`${username}@example.com`);
    await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Apply for a loan' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/apply');
    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toContain(username);

    // A live quote appears as they type, with the exact figures of the domain's loan math.
    await chooseProduct(page, /Personal loan/);
    await page.getByLabel('Amount').fill('25000');
    await page.getByLabel('Term (months)').fill('36');
    const expected = computeLoanFigures({
      principal: '25000.00',
      annualRatePercent: personal?.annualRatePercent ?? '',
      termMonths: 36,
    });
    const installment = page.getByTestId('quote-installment');
    await expect
      .poll(() => installment.textContent())
      .toBe(money.format(Number(expected.monthlyInstallment)));
    await expect
      .poll(() => page.getByTestId('quote-total').textContent())
      .toBe(money.format(Number(expected.totalPayable)));
    await expect
      .poll(() => page.getByRole('table', { name: 'Repayment schedule' }).locator('tbody tr').count())
      .toBe(12);
    await page.getByRole('button', { name: 'Show all 36 months' }).click();
    await expect
      .poll(() => page.getByRole('table', { name: 'Repayment schedule' }).locator('tbody tr').count())
      .toBe(36);
    await assertAccessible(page, 'apply with quote');
    await shot(page, 'apply-quote');

    // Changing the amount updates the quote; an amount outside the product's limits is explained on the field.
    await page.getByLabel('Amount').fill('999999');
    await expect.poll(() => page.getByText(/Amount for PERSONAL must be between/).count()).toBe(1);
    await page.getByLabel('Amount').fill('25000');
    await expect
      .poll(() => installment.textContent())
      .toBe(money.format(Number(expected.monthlyInstallment)));

    // Apply: the loan's page shows it as new, with its schedule.
    await page.getByRole('button', { name: 'Apply for this loan' }).click();
    await page.waitForURL(/\/loans\/[0-9a-f-]{36}$/);
    await expect
      .poll(() => page.locator('main').getByText('New', { exact: true }).first().isVisible())
      .toBe(true);
    await expect.poll(() => page.locator('main').textContent()).toContain('25,000.00');
    await assertAccessible(page, 'loan detail (new)');
    await shot(page, 'loan-detail');

    // My loans lists it.
    await page.getByRole('link', { name: 'My loans' }).click();
    await page.getByRole('heading', { name: 'My loans' }).waitFor();
    await expect.poll(() => page.getByTestId('loan-row').count()).toBe(1);
    await assertAccessible(page, 'my loans');

    // A second application, then withdrawn from its page.
    await page.getByRole('link', { name: 'Apply for a loan' }).first().click();
    await chooseProduct(page, /Home loan/);
    await page.getByLabel('Amount').fill('150000');
    await page.getByLabel('Term (months)').fill('240');
    await expect
      .poll(() => page.getByTestId('quote-installment').textContent())
      .not.toBe(money.format(Number(expected.monthlyInstallment)));
    await page.getByRole('button', { name: 'Apply for this loan' }).click();
    await page.waitForURL(/\/loans\/[0-9a-f-]{36}$/);
    const withdrawnUrl = page.url();
    await page.getByRole('button', { name: 'Withdraw', exact: true }).click();
    await page.getByRole('dialog', { name: 'Withdraw this application?' }).waitFor();
    await assertAccessible(page, 'withdraw dialog');
    await confirmInDialog(page, 'Withdraw application');
    await expect
      .poll(() => page.locator('main').getByText('Withdrawn', { exact: true }).first().isVisible())
      .toBe(true);
    await expect.poll(() => page.getByRole('button', { name: 'Withdraw', exact: true }).count()).toBe(0);

    // Both loans are listed with their statuses.
    await page.getByRole('link', { name: 'My loans' }).click();
    await expect.poll(() => page.getByTestId('loan-row').count()).toBe(2);
    const statuses = await page
      .getByTestId('loan-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-status')));
    expect(statuses.sort()).toEqual(['NEW', 'WITHDRAWN']);
    await shot(page, 'my-loans');

    // Readable on a phone: nothing forces the page wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => fitsWidth(page)).toBe(true);
    await assertAccessible(page, 'my loans (phone)');
    await shot(page, 'my-loans-phone');
    await page.setViewportSize({ width: 1280, height: 860 });

    // An expired session sends the person to login with a message, and back to the same page after.
    await page.goto(withdrawnUrl);
    await page.getByRole('heading', { name: /Home loan/ }).waitFor();
    await page.evaluate(() => {
      const raw = sessionStorage.getItem('loanbook.session');
      if (!raw) throw new Error('no session stored');
      sessionStorage.setItem(
        'loanbook.session',
        JSON.stringify({ ...JSON.parse(raw), token: 'expired.token.value' }),
      );
    });
    await page.reload();
    await page.waitForURL(/\/login\?/);
    await expect.poll(() => page.getByTestId('login-notice').textContent()).toContain('session has expired');
    await assertAccessible(page, 'login after expiry');
    await shot(page, 'session-expired');
    await page.getByLabel('Username').fill(username);
    await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(withdrawnUrl);
    await page.getByRole('heading', { name: /Home loan/ }).waitFor();
    expect(browser.pageErrors).toEqual([]);
  });
});
