import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeLoanFigures } from '@loanbook/domain/money';
import { addDays, addMonths, dueDateOf } from '@loanbook/domain/servicing/dates';
import type { Page } from 'playwright-core';
import { apiClient, PASSWORD, signIn, uniqueName } from './api-client';
import { ADMIN } from './api-server';

/**
 * Helpers of the servicing journeys (test/journeys/servicing-*.test.ts): dates relative to today (UTC, as
 * the server counts them), figures formatted as the app shows them to an en-US browser, a loan walked to
 * APPROVED through the API, and a DATA_DIR seeded with thousands of loans in one SQL statement.
 */

export const todayUtc = () => new Date().toISOString().slice(0, 10);
export { addDays, addMonths, dueDateOf };

const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** "1234.5" → "1,234.50", as `<Money>` shows it. */
export const formatMoney = (amount: string) => money.format(amount as `${number}`);
const businessDate = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
/** "2026-03-05" → "Mar 5, 2026", as `formatBusinessDate` shows it. */
export const formatDay = (day: string) => businessDate.format(new Date(`${day}T00:00:00Z`));

/** A customer's loan of `terms` forwarded by an approved agent and approved by the admin, via the API. */
export async function approvedLoan(
  baseUrl: string,
  terms = { productCode: 'PERSONAL', amount: '1200.00', termMonths: 6 },
) {
  const anonymous = apiClient(baseUrl);
  const customerName = uniqueName('borrower');
  const agentName = uniqueName('collector');
  await anonymous.auth.registerCustomer.mutate({
    username: customerName,
    password: PASSWORD,
    email: `${customerName}@example.com`,
    phone: '+44 20 7946 0123',
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
  const created = await customer.api.loans.create.mutate(terms);
  await agent.api.loans.forward.mutate({ loanId: created.id });
  const loan = await admin.api.loans.approve.mutate({ loanId: created.id });
  return { loan, customer, agent, admin, customerName, agentName };
}

/** The toast titles on screen. */
export const toasts = (page: Page) =>
  page.locator('.mantine-Notification-root .mantine-Notification-title').allTextContents();

/** The number of pages of a PDF (Chromium's `page.pdf()`), from its page objects. */
export const pdfPageCount = (pdf: Buffer): number =>
  (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;

const ORM_MODULE = fileURLToPath(new URL('../../../../api/src/db/orm.ts', import.meta.url));

interface TSeedDatabase {
  migrate(): Promise<void>;
  close(): Promise<void>;
  fork(): { execute<T>(sql: string, values?: unknown[]): Promise<T> };
}

/**
 * A DATA_DIR whose embedded database already holds `count` loans (NEW, one customer, created a second
 * apart), inserted with one set-based statement through the API's own database module (migrations
 * included), so a journey can start a server on it at once. Returns the loan ids.
 */
export async function seedLoanBook(count: number): Promise<{ dataDir: string; loanIds: string[] }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'loanbook-journey-seeded-'));
  // The API's module, loaded at run time (it is the API's code, not the web app's).
  const { openDatabase } = (await import(/* @vite-ignore */ ORM_MODULE)) as {
    openDatabase(target: { kind: 'pglite'; dataDir: string }): Promise<TSeedDatabase>;
  };
  const db = await openDatabase({ kind: 'pglite', dataDir: join(dataDir, 'pglite') });
  try {
    await db.migrate();
    const em = db.fork();
    const customerId = crypto.randomUUID();
    const name = uniqueName('bulk');
    const now = new Date().toISOString();
    await em.execute(
      `insert into users (id, username, email, phone, password_hash, role, status, status_reason, token_version,
         version, created_at, updated_at)
       values (?, ?, ?, null, 'seeded-account-without-password', 'customer', 'ACTIVE', null, 0, 1, ?, ?)`,
      [customerId, name, `${name}@example.com`, now, now],
    );
    const figures = computeLoanFigures({ principal: '5000.00', annualRatePercent: '10.75', termMonths: 24 });
    await em.execute(
      `insert into loans (id, status, product_code, principal, annual_rate_percent, term_months,
         monthly_installment, total_interest, total_payable, customer_id, version, created_at, updated_at,
         late_fee, late_fee_grace_days)
       select gen_random_uuid(), 'NEW', 'PERSONAL', 5000.00, 10.750, 24, ?, ?, ?, ?::uuid, 1,
         ?::timestamptz - g * interval '1 second', ?::timestamptz - g * interval '1 second', 25.00, 5
       from generate_series(1, ?::int) as g`,
      [figures.monthlyInstallment, figures.totalInterest, figures.totalPayable, customerId, now, now, count],
    );
    const rows = await em.execute<{ id: string }[]>('select id::text as id from loans');
    return { dataDir, loanIds: rows.map((row) => row.id) };
  } finally {
    await db.close();
  }
}
