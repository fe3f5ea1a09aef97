import type { TLoan } from '@loanbook/domain/loans';
import { ledgerInputOfListed, replayLedger, type TLoanTransaction } from '@loanbook/domain/servicing';
import { TRPCError } from '@trpc/server';
import { beforeAll, expect } from 'vitest';
import { clientErrorDetails } from '../../src/trpc/error-mapping';
import type { TTestApi } from './api';
import { startTestServer, type TTestServer } from './http';
import { type TSignedInName, usePrincipals } from './principals';
import { createContractValidator, insertAccount, issueToken, restRequest } from './rest';

/**
 * Helpers of the servicing tests (test/servicing-*.test.ts): products whose figures are easy to check by
 * hand, a loan walked to APPROVED / ACTIVE through the procedures, independent date arithmetic (plain
 * `Date.UTC`, never the domain's date code), and the persistence invariant: the figures kept on the loan
 * row equal a replay of its ledger.
 */

export type TCaller = ReturnType<TTestApi['as']>;
export type TAs = (name: TSignedInName) => TCaller;

/** 9.00 % a year (r = 0.0075 a month): the published example of docs/servicing.md §3. */
export const PRODUCT_9 = {
  code: 'SRV_NINE',
  name: 'Servicing nine percent',
  annualRatePercent: '9.00',
  minAmount: '100.00',
  maxAmount: '100000.00',
  minTermMonths: 1,
  maxTermMonths: 60,
  lateFee: '25.00',
  lateFeeGraceDays: 5,
} as const;

/**
 * 12.00 % a year (r = 1 % a month), so a 1,200.00 loan over 3 months is checkable on paper:
 * EMI = 1200 · 0.01 · 1.01³ / (1.01³ − 1) = 408.0266… → 408.03
 *   1: interest 1200.00 · 0.01 = 12.00, principal 408.03 − 12.00 = 396.03, balance 803.97
 *   2: interest  803.97 · 0.01 =  8.0397 → 8.04, principal 399.99, balance 403.98
 *   3: interest  403.98 · 0.01 =  4.0398 → 4.04, principal 403.98 (the last absorbs): 408.02
 * Total owed on the schedule: 408.03 + 408.03 + 408.02 = 1224.08.
 */
export const PRODUCT_12 = {
  code: 'SRV_TWELVE',
  name: 'Servicing twelve percent',
  annualRatePercent: '12.00',
  minAmount: '100.00',
  maxAmount: '100000.00',
  minTermMonths: 1,
  maxTermMonths: 60,
  lateFee: '25.00',
  lateFeeGraceDays: 5,
} as const;

export const SMALL_TERMS = { productCode: PRODUCT_12.code, amount: '1200.00', termMonths: 3 } as const;
export const EXAMPLE_TERMS = { productCode: PRODUCT_9.code, amount: '12000.00', termMonths: 12 } as const;

/** Creates the two servicing products (once per test database). */
export async function createServicingProducts(admin: TCaller) {
  await admin.loanProducts.create({ ...PRODUCT_9 });
  await admin.loanProducts.create({ ...PRODUCT_12 });
}

// ---- dates, computed independently of the domain's date code ----

const DAY_MS = 86_400_000;
const parseDay = (date: string) => Date.parse(`${date}T00:00:00.000Z`);
const formatDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Today's business date (UTC), like the server's. */
export const todayUtc = () => new Date().toISOString().slice(0, 10);
export const addDays = (date: string, days: number) => formatDay(parseDay(date) + days * DAY_MS);
export const daysFrom = (from: string, to: string) => Math.round((parseDay(to) - parseDay(from)) / DAY_MS);
/** `date` + `months`, same day of month clamped to the target month's last day. */
export function addMonths(date: string, months: number): string {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  const first = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(day, lastDay));
  return formatDay(first.getTime());
}

// ---- loans ----

let keys = 0;
/** A fresh idempotency key (8–64 letters, digits, _ - : .). */
export const newKey = (label = 'key') => `${label}-${++keys}-${crypto.randomUUID().slice(0, 8)}`;

type TTerms = { productCode: string; amount: string; termMonths: number };

/** customer `loans.create` → agent `loans.forward` → admin `loans.approve`. */
export async function approvedLoan(
  as: TAs,
  terms: TTerms = SMALL_TERMS,
  { customer = 'customer', agent = 'agent' }: { customer?: TSignedInName; agent?: TSignedInName } = {},
): Promise<TLoan> {
  const loan = await as(customer).loans.create(terms);
  await as(agent).loans.forward({ loanId: loan.id });
  return as('admin').loans.approve({ loanId: loan.id });
}

/** An APPROVED loan disbursed by the admin on `disbursedOn`. */
export async function activeLoan(
  as: TAs,
  disbursedOn: string,
  terms: TTerms = SMALL_TERMS,
  people: { customer?: TSignedInName; agent?: TSignedInName } = {},
): Promise<TLoan> {
  const loan = await approvedLoan(as, terms, people);
  return as('admin').loans.disburse({ loanId: loan.id, disbursedOn });
}

/** The code, message and field errors a client would get for a refused call (fails if it succeeded). */
export async function refusalOf(
  call: Promise<unknown>,
): Promise<{ code: string; message: string; fieldErrors: Record<string, string[]> }> {
  let outcome: unknown;
  try {
    outcome = await call;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const details = clientErrorDetails(error);
    return { code: error.code, message: details.message, fieldErrors: details.fieldErrors ?? {} };
  }
  throw new Error(`expected a refusal, got ${JSON.stringify(outcome)}`);
}

// ---- the persistence invariant ----

/** The loan's columns that the posting keeps (docs/servicing.md §5). */
export const postedColumns = (loan: TLoan) => ({
  status: loan.status,
  closedOn: loan.closedOn,
  principalOutstanding: loan.principalOutstanding,
  nextDueOn: loan.nextDueOn,
  nextDueAmount: loan.nextDueAmount,
  totalPaid: loan.totalPaid,
});

/**
 * Asserts that the loan's persisted servicing columns equal a replay of its ledger (`replayLedger` on the
 * loan's terms, its disbursement date and the transactions as `loans.transactions` lists them). This
 * checks persistence, not the ledger math: the math is checked against hand-computed figures elsewhere.
 */
export function expectColumnsEqualReplay(loan: TLoan, transactions: readonly TLoanTransaction[]) {
  if (loan.disbursedOn === null) {
    expect(transactions).toEqual([]);
    expect(postedColumns(loan)).toMatchObject({
      principalOutstanding: null,
      nextDueOn: null,
      closedOn: null,
    });
    return;
  }
  // The replay runs to the later of today and the latest value date, as the posting did (ISO dates sort
  // as strings).
  const asOf = [todayUtc(), loan.disbursedOn, ...transactions.map((t) => t.valueDate)].sort().at(-1);
  const ledger = replayLedger(ledgerInputOfListed({ ...loan, disbursedOn: loan.disbursedOn }, transactions), {
    asOf,
  });
  expect(postedColumns(loan), `loan ${loan.id}: persisted columns vs a replay of its ledger`).toEqual({
    status: ledger.status,
    closedOn: ledger.closedOn,
    principalOutstanding: ledger.principalOutstanding,
    nextDueOn: ledger.nextDueOn,
    nextDueAmount: ledger.nextDueAmount,
    totalPaid: ledger.totalPaid,
  });
}

/** The invariant through the procedures (as an admin, who sees every loan). */
export async function expectLoanMatchesReplay(admin: TCaller, loanId: string) {
  const [loan, transactions] = await Promise.all([
    admin.loans.get({ loanId }),
    admin.loans.transactions({ loanId }),
  ]);
  expectColumnsEqualReplay(loan, transactions);
  return { loan, transactions };
}

// ---- over real HTTP ----

export type TRestName = 'admin' | 'agent' | 'customer' | 'otherCustomer';
export interface TRestErrorBody {
  code: string;
  message: string;
  fieldErrors?: Record<string, string[]>;
}
interface TOpenApiOperation {
  'x-trpc-procedure'?: string;
  parameters?: unknown[];
  responses: Record<string, unknown>;
  [key: string]: unknown;
}
interface TOpenApiDocument {
  paths: Record<string, Record<string, TOpenApiOperation>>;
  [key: string]: unknown;
}

/**
 * A real API server on a fresh database with an admin, an approved agent and two customers, the servicing
 * products, and REST calls under /api/v1 whose every answer is checked against the schema the published
 * OpenAPI document gives for its operation and status (a status it does not document fails too).
 */
export async function startServicingServer() {
  const server: TTestServer = await startTestServer();
  const document = (await (await fetch(`${server.baseUrl}/api/openapi.json`)).json()) as TOpenApiDocument;
  const validate = createContractValidator(document);
  const templates = Object.keys(document.paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`),
  }));
  /** The document's path template of a concrete path: `/loans/{loanId}/position` for `/loans/6f1c…/position`. */
  const templateOf = (path: string) => {
    const bare = path.split('?')[0] ?? path;
    const matches = templates.filter(({ pattern }) => pattern.test(bare));
    // A literal segment beats a parameter: `/loans/quote` over `/loans/{loanId}`.
    matches.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
    return matches[0]?.template ?? bare;
  };
  const roles = { admin: 'admin', agent: 'agent', customer: 'customer', otherCustomer: 'customer' } as const;
  const tokens = {} as Record<TRestName, string>;
  const ids = {} as Record<TRestName, string>;
  for (const name of Object.keys(roles) as TRestName[]) {
    const role = roles[name];
    const account = await insertAccount(server, role, role === 'agent' ? 'APPROVED' : 'ACTIVE');
    tokens[name] = await issueToken(account);
    ids[name] = account.id;
  }

  async function call(who: TRestName | null, method: string, path: string, body?: unknown) {
    const response = await restRequest(server.baseUrl, method, path, {
      ...(who ? { token: tokens[who] } : {}),
      ...(body === undefined ? {} : { body }),
    });
    const violations = validate(templateOf(path), method, response.status, response.body);
    const what = `${method} ${path} → ${response.status}: ${JSON.stringify(response.body)}`;
    expect(violations, what).toEqual([]);
    return response;
  }
  /** A successful call's body. */
  async function ok<T>(status: number, who: TRestName, method: string, path: string, body?: unknown) {
    const response = await call(who, method, path, body);
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    return response.body as T;
  }
  /** A refused call's error body. */
  async function refused(
    status: number,
    who: TRestName | null,
    method: string,
    path: string,
    body?: unknown,
  ) {
    const response = await call(who, method, path, body);
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    const error = response.body as TRestErrorBody;
    expect(typeof error.code).toBe('string');
    expect(typeof error.message).toBe('string');
    return error;
  }
  /** customer POST /loans → agent forward → admin approve → admin disburse (unless `disbursedOn` is null). */
  async function loan(
    disbursedOn: string | null,
    terms: TTerms = SMALL_TERMS,
    customer: TRestName = 'customer',
  ): Promise<TLoan> {
    const created = await ok<TLoan>(201, customer, 'POST', '/loans', terms);
    await ok(200, 'agent', 'POST', `/loans/${created.id}/forward`);
    const approved = await ok<TLoan>(200, 'admin', 'POST', `/loans/${created.id}/approve`);
    if (disbursedOn === null) return approved;
    return ok<TLoan>(200, 'admin', 'POST', `/loans/${created.id}/disburse`, { disbursedOn });
  }
  const post = (loanId: string, tail: string, body: unknown, who: TRestName = 'admin') =>
    ok<TLoanTransaction>(201, who, 'POST', `/loans/${loanId}/${tail}`, body);
  const repay = (loanId: string, amount: string, paidOn: string) =>
    post(loanId, 'repayments', { amount, paidOn, idempotencyKey: newKey() });
  /** The persistence invariant, read over REST. */
  async function expectInvariant(loanId: string) {
    const loan = await ok<TLoan>(200, 'admin', 'GET', `/loans/${loanId}`);
    const transactions = await ok<TLoanTransaction[]>(200, 'admin', 'GET', `/loans/${loanId}/transactions`);
    expectColumnsEqualReplay(loan, transactions);
    return { loan, transactions };
  }

  await ok(201, 'admin', 'POST', '/loan-products', PRODUCT_12);
  await ok(201, 'admin', 'POST', '/loan-products', PRODUCT_9);
  return { server, document, ids, call, ok, refused, loan, post, repay, expectInvariant };
}
export type TServicingServer = Awaited<ReturnType<typeof startServicingServer>>;

/**
 * The servicing test files' fixture: the principals (`usePrincipals`), the two servicing products
 * created once, and the admin's caller.
 */
export function useServicingFixture() {
  const fixture = usePrincipals();
  const admin = () => fixture.as('admin');
  beforeAll(() => createServicingProducts(admin()));
  return { fixture, as: fixture.as, admin };
}
