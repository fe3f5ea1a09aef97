import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from 'vitest';
import { apiClient, PASSWORD, signIn, uniqueName } from './support/api-client';
import { ADMIN } from './support/api-server';
import {
  assertAccessible,
  checkScreen,
  JOURNEY_TIMEOUT_MS,
  launchBrowser,
  screenshotter,
  type TBrowser,
} from './support/browser';
import { confirmInDialog, loanRow, navigate, signInUi, toastTitles } from './support/ui';

const baseUrl = inject('apiBaseUrl');
let browser: TBrowser;
const shot = screenshotter('3-admin');

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const main = (page: Page) => page.locator('main');

/** A customer with two loans forwarded by an approved agent, set up through the API. */
async function setUp() {
  const anonymous = apiClient(baseUrl);
  const customerName = uniqueName('cust');
  const agentName = uniqueName('agent');
  await anonymous.auth.registerCustomer.mutate({
    username: customerName,
    password: PASSWORD,
    email: `${customerName}@example.com`,
  });
  const agentUser = await anonymous.auth.registerAgent.mutate({
    username: agentName,
    password: PASSWORD,
    email: `${agentName}@example.com`,
  });
  const admin = await signIn(baseUrl, ADMIN.username, ADMIN.password);
  await admin.api.agents.approve.mutate({ agentId: agentUser.id });
  const customer = await signIn(baseUrl, customerName, PASSWORD);
  const agent = await signIn(baseUrl, agentName, PASSWORD);
  const toReject = await customer.api.loans.create.mutate({
    productCode: 'PERSONAL',
    amount: '48000',
    termMonths: 60,
  });
  const toApprove = await customer.api.loans.create.mutate({
    productCode: 'EDUCATION',
    amount: '12000',
    termMonths: 36,
  });
  await agent.api.loans.forward.mutate({ loanId: toReject.id });
  await agent.api.loans.forward.mutate({ loanId: toApprove.id });
  await admin.api.loans.approve.mutate({ loanId: toApprove.id });
  return { customerName, agentName, toReject };
}

describe('journey 3: the admin rejects a loan with a reason and suspends an agent', () => {
  it(
    'works end to end in the browser',
    async () => {
      onTestFailed(() => browser.captureFailure('3-admin'));
      const { customerName, agentName, toReject } = await setUp();
      const reason = 'Income documents do not support this amount';

      // The agent is working in their own tab.
      const agentPage = await browser.newPage();
      await signInUi(agentPage, baseUrl, agentName);
      await agentPage.getByRole('heading', { name: 'Work queue' }).waitFor();

      // The admin rejects the loan with a reason.
      const adminPage = await browser.newPage();
      await signInUi(adminPage, baseUrl, ADMIN.username, ADMIN.password);
      await adminPage.getByRole('heading', { name: 'Pending approvals' }).waitFor();
      const pending = loanRow(adminPage, toReject.id);
      await pending.waitFor();
      // At 1280×800 the table fits beside the navigation, decisions included; on a phone, cards.
      await checkScreen(adminPage, 'pending approvals');
      await shot(adminPage, 'pending-approvals');
      await pending.getByRole('button', { name: /^Reject/ }).click();
      const dialog = adminPage.getByRole('dialog');
      await dialog.waitFor();
      await confirmInDialog(adminPage, 'Reject loan');
      await expect.poll(() => dialog.getByText('Reason is required').count()).toBe(1);
      await dialog.getByLabel('Reason').fill(reason);
      await assertAccessible(adminPage, 'reject dialog');
      await shot(adminPage, 'reject-dialog');
      await confirmInDialog(adminPage, 'Reject loan');
      await expect.poll(() => pending.count()).toBe(0);

      // The customer sees the rejection and its reason.
      const customerPage = await browser.newPage();
      await signInUi(customerPage, baseUrl, customerName);
      const rejected = loanRow(customerPage, toReject.id);
      await expect.poll(() => rejected.getAttribute('data-status')).toBe('REJECTED');
      await rejected.getByRole('link').first().click();
      await expect.poll(() => customerPage.getByTestId('rejection-reason').textContent()).toContain(reason);
      await expect.poll(() => main(customerPage).getByRole('button', { name: 'Withdraw' }).count()).toBe(0);
      await checkScreen(customerPage, 'rejected loan');
      await shot(customerPage, 'customer-sees-reason');

      // The admin's other screens: dashboard, all loans with CSV export, users, products.
      await navigate(adminPage, 'Portfolio dashboard');
      await expect.poll(() => adminPage.getByTestId('kpi-approval-rate').textContent()).toMatch(/%$/);
      await adminPage.locator('.chart-surface').first().waitFor();
      await checkScreen(adminPage, 'dashboard');
      await shot(adminPage, 'dashboard');

      await navigate(adminPage, 'All loans');
      await adminPage.getByRole('group', { name: 'Status' }).getByText('Rejected', { exact: true }).click();
      await loanRow(adminPage, toReject.id).waitFor();
      const [download] = await Promise.all([
        adminPage.waitForEvent('download'),
        adminPage.getByRole('button', { name: /Export CSV/ }).click(),
      ]);
      const csv = await new Promise<string>((resolve, reject) => {
        void download.createReadStream().then((stream) => {
          let text = '';
          stream.on('data', (chunk: Buffer) => {
            text += chunk.toString('utf8');
          });
          stream.on('end', () => resolve(text));
          stream.on('error', reject);
        }, reject);
      });
      const lines = csv
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]).toContain('"principal"');
      const exported = lines.find((line) => line.startsWith(`"${toReject.id}"`));
      expect(exported).toContain('"REJECTED"');
      expect(exported).toContain('"48000.00"');
      expect(exported).toContain(`"${reason}"`);
      expect(lines.slice(1).every((line) => line.includes('"REJECTED"'))).toBe(true);
      // The export's toast describes that filter: it goes when the filter changes.
      await expect.poll(() => toastTitles(adminPage)).toContain('CSV exported');
      await adminPage.getByRole('group', { name: 'Status' }).getByText('Approved', { exact: true }).click();
      await expect.poll(() => toastTitles(adminPage)).toEqual([]);
      await checkScreen(adminPage, 'all loans (admin)');

      await navigate(adminPage, 'Users');
      await adminPage.locator(`[data-testid="user-row"][data-username="${customerName}"]`).waitFor();
      await checkScreen(adminPage, 'users');
      await navigate(adminPage, 'Loan products');
      await adminPage.getByRole('button', { name: 'Edit Home loan' }).waitFor();
      await checkScreen(adminPage, 'loan products');

      // A new product with several mistakes hears of all of them at once, the limits' order included.
      await adminPage.getByRole('button', { name: 'New product' }).click();
      const productDialog = adminPage.getByRole('dialog', { name: 'New loan product' });
      await productDialog.getByLabel('Minimum amount', { exact: false }).fill('5000');
      await productDialog.getByLabel('Maximum amount', { exact: false }).fill('1000');
      await productDialog.getByLabel('Minimum term (months)', { exact: false }).fill('60');
      await productDialog.getByLabel('Maximum term (months)', { exact: false }).fill('12');
      await productDialog.getByRole('button', { name: 'Create product' }).click();
      for (const message of [
        'Code is required',
        'Name is required',
        'Annual rate is required',
        'Maximum amount must not be below the minimum amount',
        'Maximum term must not be below the minimum term',
      ]) {
        await expect.poll(() => productDialog.getByText(message, { exact: true }).count()).toBe(1);
      }
      await assertAccessible(adminPage, 'new product with errors');
      await shot(adminPage, 'new-product-errors');
      await productDialog.getByRole('button', { name: 'Cancel' }).click();
      await adminPage.getByRole('button', { name: 'Edit Home loan' }).click();
      await adminPage.getByRole('dialog').getByLabel('Annual rate (%)').waitFor();
      await checkScreen(adminPage, 'edit product dialog');
      await shot(adminPage, 'edit-product');
      await adminPage.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

      // The admin suspends the agent …
      await navigate(adminPage, 'Agents');
      const agentRow = adminPage.locator(`[data-testid="user-row"][data-username="${agentName}"]`);
      await agentRow.getByRole('button', { name: `Suspend ${agentName}` }).click();
      await adminPage.getByRole('dialog').waitFor();
      await checkScreen(adminPage, 'suspend dialog');
      await confirmInDialog(adminPage, 'Suspend agent');
      await expect.poll(() => agentRow.count()).toBe(0);
      await adminPage.getByRole('tab', { name: 'Suspended' }).click();
      await expect
        .poll(() => agentRow.getByRole('button', { name: `Reinstate ${agentName}` }).count())
        .toBe(1);
      await checkScreen(adminPage, 'suspended agents');
      await shot(adminPage, 'agents-suspended');

      // … whose open session is sent to login as soon as it next talks to the API (here: returning to the
      // tab refetches the account; otherwise the next click or the one-minute check), remembering the page.
      await agentPage.bringToFront();
      const allLoans = agentPage
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'All loans' });
      if (!agentPage.url().includes('/login') && (await allLoans.isVisible())) await allLoans.click();
      await agentPage.waitForURL(/\/login\?/);
      await expect.poll(() => agentPage.getByTestId('login-notice').textContent()).toContain('suspended');
      expect(['/queue', '/loans']).toContain(new URL(agentPage.url()).searchParams.get('redirect'));
      await browser.expectConsoleError(/status of 403/);
      await checkScreen(agentPage, 'login after suspension');
      await shot(agentPage, 'agent-signed-out');
      await signInUi(agentPage, baseUrl, agentName);
      await expect.poll(() => agentPage.getByTestId('login-error').textContent()).toContain('suspended');
      await browser.expectConsoleError(/status of 403/);

      expect(browser.pageErrors).toEqual([]);
      expect(browser.consoleErrors).toEqual([]);
    },
    JOURNEY_TIMEOUT_MS,
  );
});
