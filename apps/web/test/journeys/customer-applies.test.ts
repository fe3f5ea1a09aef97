import { computeLoanFigures } from '@loanbook/domain/money';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from 'vitest';
import { apiClient, PASSWORD, uniqueName } from './support/api-client';
import {
  assertAccessible,
  checkScreen,
  JOURNEY_TIMEOUT_MS,
  launchBrowser,
  screenshotter,
  type TBrowser,
} from './support/browser';
import { confirmInDialog, openPage, signInUi, signOutUi, toastTitles } from './support/ui';

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

const password = (page: Page) => page.getByRole('textbox', { name: 'Password' });

describe('journey 1: a customer signs up, gets a quote, applies, sees the loan and withdraws another', () => {
  it(
    'works end to end in the browser',
    async () => {
      onTestFailed(() => browser.captureFailure('1-customer'));
      const page = await browser.newPage();
      const username = uniqueName('borrower');
      const products = await apiClient(baseUrl).loanProducts.list.query();
      const personal = products.find((product) => product.code === 'PERSONAL');
      expect(personal).toBeDefined();

      // Sign-up and sign-in say, in plain words, what each empty field needs; the password field is
      // marked invalid for screen readers.
      await openPage(page, `${baseUrl}/login`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByText('Password is required').count()).toBe(1);
      expect(await page.getByText('Username is required').count()).toBe(1);
      expect(await password(page).getAttribute('aria-invalid')).toBe('true');
      await checkScreen(page, 'sign-in with errors');
      await page.getByRole('link', { name: 'Create an account' }).click();
      await expect.poll(() => page.title()).toContain('Create an account');
      await page.getByRole('button', { name: 'Create account' }).click();
      await expect.poll(() => page.getByText('Email is required').count()).toBe(1);
      expect(await password(page).getAttribute('aria-invalid')).toBe('true');
      await checkScreen(page, 'sign-up with errors');
      await openPage(page, `${baseUrl}/signup`);
      await checkScreen(page, 'sign-up');
      await shot(page, 'signup');

      // Sign up: a customer is signed in at once and lands on the application form.
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Email').fill(`${username}@example.com`);
      await password(page).fill(PASSWORD);
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
      await checkScreen(page, 'apply with quote');
      await shot(page, 'apply-quote');

      // An amount outside the product's limits is explained with the product's name and amounts as the
      // hint shows them — by the browser, without a request the API would refuse (no 400 in the console).
      await page.getByLabel('Amount').fill('999999');
      await expect
        .poll(() => page.getByText('Personal loan: enter an amount from 500.00 to 50,000.00').count())
        .toBe(1);
      await page.getByLabel('Amount').fill('25000');
      await expect
        .poll(() => installment.textContent())
        .toBe(money.format(Number(expected.monthlyInstallment)));

      // An emptied term is required; its placeholder stays grey, not the error's red.
      await page.getByLabel('Term (months)').fill('');
      await expect.poll(() => page.getByText('Term is required').count()).toBe(1);
      const placeholderColours = await page.getByLabel('Term (months)').evaluate((input) => ({
        placeholder: getComputedStyle(input, '::placeholder').color,
        text: getComputedStyle(input).color,
      }));
      expect(placeholderColours.placeholder).not.toBe(placeholderColours.text);
      await page.getByLabel('Term (months)').fill('36');
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
      await checkScreen(page, 'loan detail (new)');
      await shot(page, 'loan-detail');

      // My loans lists it.
      await page.getByRole('link', { name: 'My loans' }).click();
      await page.getByRole('heading', { name: 'My loans' }).waitFor();
      await expect.poll(() => page.getByTestId('loan-row').count()).toBe(1);
      await checkScreen(page, 'my loans');

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
      await page.getByRole('tab', { name: 'History' }).click();
      await page.locator('[data-testid="history-entry"][data-action="WITHDRAWN"]').waitFor();
      await checkScreen(page, 'loan history (withdrawn)');

      // Both loans are listed with their statuses; on a phone, as cards.
      await page.getByRole('link', { name: 'My loans' }).click();
      await expect.poll(() => page.getByTestId('loan-row').count()).toBe(2);
      const statuses = await page
        .getByTestId('loan-row')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-status')));
      expect(statuses.sort()).toEqual(['NEW', 'WITHDRAWN']);
      await shot(page, 'my-loans');
      await page.setViewportSize({ width: 390, height: 844 });
      await expect
        .poll(() => page.getByRole('list', { name: 'My loans' }).getByTestId('loan-row').count())
        .toBe(2);
      await assertAccessible(page, 'my loans (phone)');
      await shot(page, 'my-loans-phone');
      await page.setViewportSize({ width: 1280, height: 800 });

      // A tampered (or revoked) token sends the person to login with a message, and back to the same page.
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
      await expect
        .poll(() => page.getByTestId('login-notice').textContent())
        .toContain('session has expired');
      await browser.expectConsoleError(/status of 401/);
      await checkScreen(page, 'login after a revoked token');
      await shot(page, 'session-expired');
      await page.getByLabel('Username').fill(username);
      await password(page).fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(withdrawnUrl);
      await page.getByRole('heading', { name: /Home loan/ }).waitFor();

      // A session whose hour is over says so too, without asking the API.
      await page.evaluate(() => {
        const raw = sessionStorage.getItem('loanbook.session');
        if (!raw) throw new Error('no session stored');
        const expiresAt = new Date(Date.now() - 1000).toISOString();
        sessionStorage.setItem('loanbook.session', JSON.stringify({ ...JSON.parse(raw), expiresAt }));
      });
      await page.reload();
      await page.waitForURL(/\/login\?/);
      await expect
        .poll(() => page.getByTestId('login-notice').textContent())
        .toContain('session has expired');
      await signInUi(page, baseUrl, username);
      await page.getByRole('heading', { name: 'My loans' }).waitFor();

      // Signing out from a loan's page: no console error, and the toasts go with the session.
      await page.goto(withdrawnUrl);
      await page.getByRole('heading', { name: /Home loan/ }).waitFor();
      await page.getByRole('link', { name: 'Apply for a loan' }).first().click();
      await chooseProduct(page, /Personal loan/);
      await page.getByLabel('Amount').fill('1500');
      await page.getByLabel('Term (months)').fill('12');
      await expect.poll(() => installment.textContent()).toMatch(/\d/);
      await page.getByRole('button', { name: 'Apply for this loan' }).click();
      await page.waitForURL(/\/loans\/[0-9a-f-]{36}$/);
      await expect.poll(() => toastTitles(page)).toContain('Application sent');
      await signOutUi(page);
      await expect.poll(() => toastTitles(page)).toEqual([]);
      await expect.poll(() => page.getByTestId('login-notice').textContent()).toContain('signed out');

      // Changing the password keeps this tab signed in and ends the session in another one.
      const otherTab = await browser.newPage();
      await signInUi(otherTab, baseUrl, username);
      await otherTab.getByRole('heading', { name: 'My loans' }).waitFor();
      await signInUi(page, baseUrl, username);
      await page.getByRole('heading', { name: 'My loans' }).waitFor();
      await page.getByRole('button', { name: /^Account:/ }).click();
      await page.getByRole('menuitem', { name: 'Change password' }).click();
      await page.getByRole('heading', { name: 'Change password' }).waitFor();
      const newPassword = `${PASSWORD}-renewed`;
      await page.getByLabel('Current password', { exact: false }).fill(PASSWORD);
      await page.getByLabel('New password', { exact: false }).first().fill(newPassword);
      await page.getByLabel('Repeat the new password', { exact: false }).fill(newPassword);
      await page.getByRole('main').getByRole('button', { name: 'Change password' }).click();
      await page.getByTestId('password-changed').waitFor();
      await checkScreen(page, 'password changed');
      await shot(page, 'password-changed');
      await page.getByRole('link', { name: 'My loans' }).click();
      await expect.poll(() => page.getByTestId('loan-row').count()).toBe(3);
      // The other tab learns it the next time it talks to the API, and is sent to sign in again.
      await otherTab.bringToFront();
      await otherTab.reload();
      await otherTab.waitForURL(/\/login\?/);
      await expect
        .poll(() => otherTab.getByTestId('login-notice').textContent())
        .toContain('password change');
      await browser.expectConsoleError(/status of 401/);
      await signInUi(otherTab, baseUrl, username, newPassword);
      await otherTab.getByRole('heading', { name: 'My loans' }).waitFor();

      expect(browser.pageErrors).toEqual([]);
      expect(browser.consoleErrors).toEqual([]);
    },
    JOURNEY_TIMEOUT_MS,
  );
});
