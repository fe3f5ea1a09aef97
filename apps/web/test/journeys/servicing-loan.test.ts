import { arrearsBucketOf } from '@loanbook/domain/servicing/constants';
import Decimal from 'decimal.js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from 'vitest';
import { ADMIN } from './support/api-server';
import { checkScreen, launchBrowser, screenshotter, type TBrowser } from './support/browser';
import {
  addDays,
  addMonths,
  approvedLoan,
  dueDateOf,
  formatDay,
  formatMoney,
  pdfPageCount,
  toasts,
  todayUtc,
} from './support/servicing';
import { signInUi } from './support/ui';

const baseUrl = inject('apiBaseUrl');
let browser: TBrowser;
const JOURNEY = '6-servicing';
const shot = screenshotter(JOURNEY);

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const servicing = (page: Page) => page.getByTestId('servicing');
const ledgerRows = (page: Page) => page.getByTestId('ledger-row');

/** Signs in through the form and waits to land on the role's home page. */
async function signedIn(page: Page, username: string, password?: string) {
  await signInUi(page, baseUrl, username, password);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

async function openLoan(page: Page, loanId: string) {
  await page.goto(`${baseUrl}/loans/${loanId}`);
  await servicing(page).waitFor();
}

/** The collections queue filtered to one bucket, waiting for the list to settle on it. */
async function collectionsBucket(page: Page, label: string) {
  await page.getByRole('group', { name: 'Days past due' }).getByText(label, { exact: true }).click();
  await expect.poll(() => page.getByText('Loading the loans in arrears').count()).toBe(0);
}

describe('journey 6: a loan is paid out months back, repaid late, reversed, and followed by everyone', () => {
  it('works end to end in the browser', async () => {
    onTestFailed(() => browser.captureFailure(JOURNEY));
    const { loan, customer, agent, admin, customerName } = await approvedLoan(baseUrl);
    const today = todayUtc();
    // Three months and ten days ago: installment 1 is ~70 days late, 2 ~40, 3 ~10 (past its 5 grace days).
    const disbursedOn = addDays(addMonths(today, -3), -10);

    // 1. The admin pays the loan out, dated months ago; the dialog shows the due dates that gives.
    const adminPage = await browser.newPage();
    await signedIn(adminPage, ADMIN.username, ADMIN.password);
    await openLoan(adminPage, loan.id);
    await servicing(adminPage).getByRole('button', { name: 'Disburse…' }).click();
    const disburse = adminPage.getByRole('dialog', { name: 'Disburse this loan' });
    await disburse.getByLabel('Value date').fill(disbursedOn);
    await expect
      .poll(() => disburse.getByTestId('disburse-preview').textContent())
      .toContain(`the first due on ${formatDay(dueDateOf(disbursedOn, 1))}`);
    await checkScreen(adminPage, 'disburse dialog');
    await shot(adminPage, 'disburse');
    await disburse.getByRole('button', { name: /^Disburse 1,200\.00/ }).click();
    await expect.poll(() => toasts(adminPage)).toContain('Loan disbursed');
    const disbursed = await admin.api.loans.get.query({ loanId: loan.id });
    expect(disbursed).toMatchObject({ status: 'ACTIVE', disbursedOn });
    const lateBefore = await admin.api.loans.position.query({ loanId: loan.id });
    expect(arrearsBucketOf(lateBefore.daysPastDue)).toBe('61-90');
    await expect
      .poll(() => servicing(adminPage).getByTestId('days-past-due').textContent())
      .toContain(String(lateBefore.daysPastDue));

    // 2. The agent records the first installment, paid late: the preview and the ledger show its fee.
    const agentPage = await browser.newPage();
    await signedIn(agentPage, agent.user.username);
    await openLoan(agentPage, loan.id);
    await servicing(agentPage).getByRole('button', { name: 'Record repayment…' }).click();
    const repay = agentPage.getByRole('dialog', { name: 'Record a repayment' });
    const amount = new Decimal(loan.monthlyInstallment).plus('25.00').toFixed(2);
    await repay.getByRole('textbox', { name: /^Amount/ }).fill(amount);
    await repay.getByRole('textbox', { name: /^Reference/ }).fill('CASH-0001');
    await expect
      .poll(() => repay.getByTestId('allocation-preview').textContent())
      .toMatch(/^Goes to 25\.00 late fees, /);
    await checkScreen(agentPage, 'repayment dialog');
    await shot(agentPage, 'late-repayment');
    await repay.getByRole('button', { name: 'Record repayment' }).click();
    await expect.poll(() => toasts(agentPage)).toContain('Repayment recorded');
    await servicing(agentPage).getByRole('tab', { name: 'Transactions' }).click();
    const repaymentRow = agentPage.locator('[data-testid="ledger-row"][data-type="REPAYMENT"]');
    await expect.poll(() => repaymentRow.getByTestId('ledger-fees').textContent()).toBe('25.00');
    const [repayment] = (await admin.api.loans.transactions.query({ loanId: loan.id })).filter(
      (transaction) => transaction.type === 'REPAYMENT',
    );
    expect(repayment).toMatchObject({ amount, reference: 'CASH-0001', allocation: { fees: '25.00' } });
    // The running balance: the principal less what the repayment paid of it.
    expect(await repaymentRow.getByTestId('ledger-balance').textContent()).toBe(
      formatMoney(new Decimal('1200.00').minus(repayment?.allocation.principal ?? '0').toFixed(2)),
    );
    await checkScreen(agentPage, 'loan ledger');
    await shot(agentPage, 'ledger');

    // 3. The customer: the overdue warning on My loans, the installments' states and a payoff quote.
    const position = await customer.api.loans.position.query({ loanId: loan.id });
    expect(arrearsBucketOf(position.daysPastDue)).toBe('31-60');
    const overdue = new Decimal(position.principalOverdue)
      .plus(position.interestOverdue)
      .plus(position.feesOverdue)
      .toFixed(2);
    const customerPage = await browser.newPage();
    await signedIn(customerPage, customerName);
    const card = customerPage.locator(`[data-testid="next-payment-card"][data-loan-id="${loan.id}"]`);
    const warning = card.getByTestId('overdue-warning');
    // The amount overdue arrives with the loan's position, after the card itself: wait for it.
    await expect.poll(() => warning.textContent()).toContain(`Overdue now: ${formatMoney(overdue)}`);
    expect(await warning.textContent()).toContain(`${position.daysPastDue} days past due`);
    expect(await warning.textContent()).toContain(`Overdue now: ${formatMoney(overdue)}`);
    expect(await warning.textContent()).toContain(`including ${formatMoney(position.feesOverdue)} late fees`);
    if (position.nextDue) {
      expect(await card.getByTestId('next-payment').textContent()).toBe(
        `Next payment: ${formatMoney(position.nextDue.amount)} on ${formatDay(position.nextDue.dueOn)}`,
      );
    }
    await checkScreen(customerPage, 'my loans with an overdue loan');
    await shot(customerPage, 'my-loans-overdue');

    await card.getByRole('link').first().click();
    await servicing(customerPage).waitFor();
    await expect.poll(() => customerPage.getByTestId('installment').count()).toBe(6);
    const states = await customerPage
      .getByTestId('installment')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-state')));
    expect(states).toEqual(position.installments.map((installment) => installment.state));
    expect(states.slice(0, 3)).toEqual(['PAID', 'OVERDUE', 'OVERDUE']);
    expect(await servicing(customerPage).getByTestId('overdue-warning').textContent()).toContain(
      formatMoney(overdue),
    );
    // Customers see everything but record nothing.
    expect(
      await servicing(customerPage)
        .getByRole('button', { name: /Record repayment/ })
        .count(),
    ).toBe(0);
    await checkScreen(customerPage, 'loan detail with installments (customer)');
    await shot(customerPage, 'installments');

    const quoteDay = addDays(today, 7);
    const quote = await customer.api.loans.payoffQuote.query({ loanId: loan.id, on: quoteDay });
    await servicing(customerPage).getByRole('tab', { name: 'Payoff quote' }).click();
    await customerPage.getByLabel('Pay off on').fill(quoteDay);
    await expect
      .poll(() => customerPage.getByTestId('payoff-total').textContent())
      .toBe(formatMoney(quote.total));
    await checkScreen(customerPage, 'payoff quote');
    await shot(customerPage, 'payoff-quote');

    // The printable statement: on paper, no navigation, one page.
    await servicing(customerPage).getByRole('link', { name: 'Statement' }).click();
    await customerPage.getByTestId('statement').getByTestId('ledger').waitFor();
    await checkScreen(customerPage, 'statement');
    await customerPage.emulateMedia({ media: 'print' });
    expect(await customerPage.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    expect(await customerPage.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    expect(await customerPage.getByTestId('ledger').isVisible()).toBe(true);
    await shot(customerPage, 'statement-print');
    const pdf = await customerPage.pdf({ format: 'A4' });
    expect(pdfPageCount(pdf)).toBe(1);
    await customerPage.emulateMedia({ media: 'screen' });

    // 4. The collections queue lists the loan under 31–60 days, with the customer's contact.
    await agentPage.goto(`${baseUrl}/collections`);
    await agentPage.getByRole('heading', { level: 1, name: 'Collections queue' }).waitFor();
    const queued = agentPage.locator(`[data-testid="collections-row"][data-loan-id="${loan.id}"]`);
    await collectionsBucket(agentPage, '31–60 days');
    await expect.poll(() => queued.getAttribute('data-bucket')).toBe('31-60');
    await expect
      .poll(() => queued.getByTestId('collections-overdue').textContent())
      .toContain(formatMoney(overdue));
    expect(await queued.textContent()).toContain(`${customerName}@example.com`);
    expect(await queued.getByTestId('collections-days').textContent()).toBe(`${position.daysPastDue} days`);
    await checkScreen(agentPage, 'collections queue');
    await shot(agentPage, 'collections-queue');
    await collectionsBucket(agentPage, '1–30 days');
    await expect.poll(() => queued.count()).toBe(0);

    // 5. The admin reverses the repayment (a bounced cheque): the loan is late from installment 1 again.
    await openLoan(adminPage, loan.id);
    await servicing(adminPage).getByRole('tab', { name: 'Transactions' }).click();
    await adminPage.getByRole('button', { name: /^Reverse the repayment of / }).click();
    const reverse = adminPage.getByRole('dialog', { name: 'Reverse this transaction' });
    await expect.poll(() => reverse.textContent()).toContain('the installments it paid are owed again');
    await reverse.getByLabel('Reason').fill('The cash was counterfeit');
    await checkScreen(adminPage, 'reverse dialog');
    await shot(adminPage, 'reverse');
    await reverse.getByRole('button', { name: 'Reverse transaction' }).click();
    await expect.poll(() => toasts(adminPage)).toContain('Transaction reversed');
    await expect
      .poll(() =>
        adminPage.locator('[data-testid="ledger-row"][data-type="REPAYMENT"]').getAttribute('data-reversed'),
      )
      .toBe('true');
    await expect.poll(() => ledgerRows(adminPage).count()).toBe(3);
    // Back to the disbursed principal.
    expect(await ledgerRows(adminPage).last().getByTestId('ledger-balance').textContent()).toBe('1,200.00');
    const lateAgain = await admin.api.loans.position.query({ loanId: loan.id });
    expect(lateAgain.daysPastDue).toBe(lateBefore.daysPastDue);
    await expect
      .poll(() => servicing(adminPage).getByTestId('days-past-due').textContent())
      .toContain(String(lateAgain.daysPastDue));

    // The queue follows: 61–90 days now.
    await agentPage.reload();
    await collectionsBucket(agentPage, '61–90 days');
    await expect.poll(() => queued.getAttribute('data-bucket')).toBe('61-90');

    expect(browser.pageErrors).toEqual([]);
    expect(browser.consoleErrors).toEqual([]);
  });
});
