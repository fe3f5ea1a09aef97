import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from 'vitest';
import { apiClient, PASSWORD, signIn, uniqueName } from './support/api-client';
import { ADMIN } from './support/api-server';
import {
  checkScreen,
  JOURNEY_TIMEOUT_MS,
  launchBrowser,
  screenshotter,
  type TBrowser,
} from './support/browser';
import { confirmInDialog, loanRow, navigate, openPage, signInUi, signOutUi, toastTitles } from './support/ui';

const baseUrl = inject('apiBaseUrl');
let browser: TBrowser;
const shot = screenshotter('2-agent');

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const main = (page: Page) => page.locator('main');

describe('journey 2: an agent is approved, edits and forwards a loan; the admin approves it', () => {
  it(
    'works end to end in the browser',
    async () => {
      onTestFailed(() => browser.captureFailure('2-agent'));
      // A customer with a new application (set up through the API; journey 1 covers applying in the UI).
      const customerName = uniqueName('cust');
      await apiClient(baseUrl).auth.registerCustomer.mutate({
        username: customerName,
        password: PASSWORD,
        email: `${customerName}@example.com`,
      });
      const customer = await signIn(baseUrl, customerName, PASSWORD);
      const loan = await customer.api.loans.create.mutate({
        productCode: 'CAR',
        amount: '30000',
        termMonths: 48,
      });

      // The agent signs up, is told approval is pending, and cannot sign in yet.
      const agentPage = await browser.newPage();
      const agentName = uniqueName('agent');
      await openPage(agentPage, `${baseUrl}/signup`);
      await agentPage.getByText('A loan officer (agent)').click();
      await agentPage.getByLabel('Username').fill(agentName);
      await agentPage.getByLabel('Email').fill(`${agentName}@example.com`);
      await agentPage.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
      await agentPage.getByRole('button', { name: 'Apply as an agent' }).click();
      await expect
        .poll(() => agentPage.getByTestId('agent-pending').textContent())
        .toContain('pending approval');
      await checkScreen(agentPage, 'agent sign-up done');
      await signInUi(agentPage, baseUrl, agentName);
      await expect
        .poll(() => agentPage.getByTestId('login-error').textContent())
        .toContain('awaiting approval');
      await browser.expectConsoleError(/status of 403/);
      expect(new URL(agentPage.url()).pathname).toBe('/login');
      await shot(agentPage, 'agent-cannot-sign-in');

      // The admin approves the application.
      const adminPage = await browser.newPage();
      await signInUi(adminPage, baseUrl, ADMIN.username, ADMIN.password);
      await adminPage.getByRole('heading', { name: 'Pending approvals' }).waitFor();
      await navigate(adminPage, 'Agent applications');
      const application = adminPage.locator(`[data-testid="user-row"][data-username="${agentName}"]`);
      await application.waitFor();
      await checkScreen(adminPage, 'agent applications');
      await shot(adminPage, 'agent-applications');
      await application.getByRole('button', { name: `Approve ${agentName}` }).click();
      await confirmInDialog(adminPage, 'Approve agent');
      await expect.poll(() => application.count()).toBe(0);

      // Now the agent signs in and finds the loan in the work queue.
      await signInUi(agentPage, baseUrl, agentName);
      await agentPage.getByRole('heading', { name: 'Work queue' }).waitFor();
      const queued = loanRow(agentPage, loan.id);
      await queued.waitFor();
      await checkScreen(agentPage, 'work queue');
      await shot(agentPage, 'work-queue');
      await queued.getByRole('link').first().click();
      await agentPage.getByRole('button', { name: 'Forward to the lender' }).waitFor();
      await checkScreen(agentPage, 'new loan (agent)');
      await agentPage.getByRole('link', { name: 'Edit terms' }).click();
      await agentPage.getByRole('heading', { name: 'Edit loan terms' }).waitFor();
      await expect.poll(() => agentPage.getByLabel('Amount').inputValue()).toBe('30000.00');

      // Someone else changes the loan meanwhile: saving is refused, explained, and a reload shows their change.
      const agentApi = await signIn(baseUrl, agentName, PASSWORD);
      await agentApi.api.loans.update.mutate({
        loanId: loan.id,
        expectedVersion: loan.version,
        termMonths: 60,
      });
      await agentPage.getByLabel('Amount').fill('27500');
      await agentPage.getByRole('button', { name: 'Save changes' }).click();
      await expect
        .poll(() => agentPage.getByTestId('edit-conflict').textContent())
        .toContain('nothing was overwritten');
      await browser.expectConsoleError(/status of 409/);
      await checkScreen(agentPage, 'edit conflict');
      await shot(agentPage, 'edit-conflict');
      await agentPage.getByRole('button', { name: 'Reload the current version' }).click();
      await expect.poll(() => agentPage.getByLabel('Term (months)').inputValue()).toBe('60');
      await expect.poll(() => agentPage.getByLabel('Amount').inputValue()).toBe('30000.00');

      // The agent's own edit, with a live quote, then forward.
      await agentPage.getByLabel('Amount').fill('27500');
      await expect.poll(() => agentPage.getByTestId('quote-installment').textContent()).toMatch(/\d/);
      await checkScreen(agentPage, 'loan editor');
      await agentPage.getByRole('button', { name: 'Save changes' }).click();
      await agentPage.waitForURL(`${baseUrl}/loans/${loan.id}`);
      await expect.poll(() => main(agentPage).textContent()).toContain('27,500.00');
      await agentPage.getByRole('button', { name: 'Forward to the lender' }).click();
      await confirmInDialog(agentPage, 'Forward');
      await expect
        .poll(() => main(agentPage).getByText('Pending', { exact: true }).first().isVisible())
        .toBe(true);
      // One vocabulary: the toast, the timeline and the history say the same.
      await expect.poll(() => toastTitles(agentPage)).toContain('Forwarded to the lender');
      await expect
        .poll(() => main(agentPage).getByText('Forwarded to the lender', { exact: true }).count())
        .toBe(1);
      await checkScreen(agentPage, 'forwarded loan');

      // "My forwarded requests" lists it.
      await navigate(agentPage, 'My forwarded requests');
      await loanRow(agentPage, loan.id).waitFor();
      await checkScreen(agentPage, 'my forwarded requests');

      // All loans, filtered by status and customer, finds it too.
      await navigate(agentPage, 'All loans');
      await agentPage.getByRole('group', { name: 'Status' }).getByText('Pending', { exact: true }).click();
      await expect.poll(() => new URL(agentPage.url()).searchParams.get('status')).toContain('PENDING');
      await loanRow(agentPage, loan.id).waitFor();
      await expect
        .poll(() =>
          agentPage
            .getByTestId('loan-row')
            .evaluateAll((rows) => rows.every((row) => row.getAttribute('data-status') === 'PENDING')),
        )
        .toBe(true);
      await checkScreen(agentPage, 'all loans filtered');
      await shot(agentPage, 'all-loans-filtered');

      // The agent opens a second loan on the customer's behalf, from the customer list.
      await navigate(agentPage, 'Customers');
      await agentPage.getByLabel('Search customers').fill(customerName);
      const customerRow = agentPage.getByRole('row').filter({ hasText: customerName });
      await expect.poll(() => agentPage.getByRole('row').count()).toBe(2);
      await checkScreen(agentPage, 'customers');
      await customerRow.getByRole('link', { name: 'Open a loan' }).click();
      await agentPage.getByRole('heading', { name: 'Open a loan for a customer' }).waitFor();
      await expect
        .poll(() => agentPage.getByRole('combobox', { name: 'Customer' }).inputValue())
        .toContain(customerName);
      await agentPage.getByLabel('Amount').fill('5000');
      await agentPage.getByLabel('Term (months)').fill('24');
      await expect.poll(() => agentPage.getByTestId('quote-installment').textContent()).toMatch(/\d/);
      expect(await agentPage.getByRole('heading', { name: 'Quote', exact: true }).count()).toBe(1);
      await checkScreen(agentPage, 'open a loan');
      await agentPage.getByRole('button', { name: 'Open and forward the loan' }).click();
      await agentPage.waitForURL(/\/loans\/[0-9a-f-]{36}$/);
      await expect.poll(() => toastTitles(agentPage)).toContain('Loan opened');
      await expect
        .poll(() => main(agentPage).getByText('Pending', { exact: true }).first().isVisible())
        .toBe(true);
      await expect.poll(() => main(agentPage).textContent()).toContain(`Agent${agentName}`);

      // The agent signs out: the "Loan opened" toast goes with them, and the next person at this browser
      // never sees it.
      await signOutUi(agentPage);
      await expect.poll(() => toastTitles(agentPage)).toEqual([]);
      await signInUi(agentPage, baseUrl, customerName);
      await agentPage.getByRole('heading', { name: 'My loans' }).waitFor();
      expect(await toastTitles(agentPage)).toEqual([]);

      // The admin approves it from the pending list.
      await adminPage
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Pending approvals' })
        .click();
      const pending = loanRow(adminPage, loan.id);
      await pending.waitFor();
      await checkScreen(adminPage, 'pending approvals');
      await shot(adminPage, 'pending-approvals');
      await pending.getByRole('button', { name: /^Approve/ }).click();
      await confirmInDialog(adminPage, 'Approve loan');
      await expect.poll(() => pending.count()).toBe(0);

      // The customer sees it approved, with the agent's edit in its history.
      const customerPage = await browser.newPage();
      await signInUi(customerPage, baseUrl, customerName);
      await customerPage.getByRole('heading', { name: 'My loans' }).waitFor();
      const mine = loanRow(customerPage, loan.id);
      await expect.poll(() => mine.getAttribute('data-status')).toBe('APPROVED');
      await mine.getByRole('link').first().click();
      await customerPage.getByText('This loan is approved').waitFor();
      await customerPage.getByRole('tab', { name: 'History' }).click();
      const edits = customerPage.locator('[data-testid="history-entry"][data-action="UPDATED"]');
      await expect.poll(() => edits.count()).toBe(2);
      const ownEdit = edits.filter({ hasText: 'Amount' });
      await expect.poll(() => ownEdit.textContent()).toContain(`by ${agentName} (agent)`);
      const amountRow = ownEdit.locator('tr[data-field="principal"]');
      await expect.poll(() => amountRow.locator('[data-role="from"]').textContent()).toBe('30,000.00');
      await expect.poll(() => amountRow.locator('[data-role="to"]').textContent()).toContain('27,500.00');
      const decision = customerPage.locator('[data-testid="history-entry"][data-action="APPROVED"]');
      await expect.poll(() => decision.textContent()).toContain('by Lending team (admin)');
      const forwarded = customerPage.locator('[data-testid="history-entry"][data-action="FORWARDED"]');
      await expect.poll(() => forwarded.textContent()).toContain('Forwarded to the lender');
      await checkScreen(customerPage, 'approved loan history');
      await shot(customerPage, 'customer-history');

      expect(browser.pageErrors).toEqual([]);
      expect(browser.consoleErrors).toEqual([]);
    },
    JOURNEY_TIMEOUT_MS,
  );
});
