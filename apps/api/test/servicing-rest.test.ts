import type { TLoan } from '@loanbook/domain/loans';
import type { TLoanTransaction, TPayoffQuote, TPosition } from '@loanbook/domain/servicing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  newKey,
  startServicingServer,
  type TServicingServer,
  todayUtc,
} from './support/servicing';

/**
 * The servicing REST twins over real HTTP (api-contract.md "servicing"): every answer is checked against
 * the schema the published OpenAPI document gives for its operation and status, and error bodies are
 * `{ code, message, fieldErrors }`. The loan: 1,200.00 at 12 % over 3 months (EMI 408.03; 12.00 / 396.03,
 * 8.04 / 399.99, 4.04 / 403.98), disbursed 2026-01-10 (due 02-10, 03-10, 04-10) unless said otherwise.
 */

let s: TServicingServer;
beforeAll(async () => {
  s = await startServicingServer();
});
afterAll(() => s?.server.close());

describe('servicing over REST', () => {
  it('runs a loan through every servicing operation', async () => {
    const loan = await s.loan('2026-01-10');
    expect(loan).toMatchObject({
      status: 'ACTIVE',
      disbursedOn: '2026-01-10',
      principalOutstanding: '1200.00',
    });
    const id = loan.id;
    // Fee date 2026-02-16 (due 02-10 + 5 grace days + 1): 25.00, 6 days past due.
    const position = await s.ok<TPosition>(200, 'customer', 'GET', `/loans/${id}/position?asOf=2026-02-16`);
    expect(position).toMatchObject({ feesOverdue: '25.00', daysPastDue: 6, arrearsBucket: '1-30' });

    const body = { amount: '408.03', paidOn: '2026-02-10', reference: 'CASH-0210', idempotencyKey: newKey() };
    const repayment = await s.post(id, 'repayments', body, 'agent');
    expect(repayment).toMatchObject({ type: 'REPAYMENT', amount: '408.03', reference: 'CASH-0210' });
    // The same request again: the same transaction, nothing posted.
    const again = await s.call('agent', 'POST', `/loans/${id}/repayments`, body);
    expect([200, 201]).toContain(again.status);
    expect((again.body as TLoanTransaction).id).toBe(repayment.id);

    // 100.00 on 02-20 in period 2 (28 days: 10 + 18): (803.97 · 10 + 703.97 · 18) · 0.01 / 28 = 7.3968
    // → 7.40, so installment 2 is 7.40 + 400.63 and installment 3's principal 703.97 − 400.63 = 303.34.
    const prepayment = await s.post(id, 'prepayments', {
      amount: '100.00',
      paidOn: '2026-02-20',
      reduce: 'TERM',
      idempotencyKey: newKey(),
    });
    expect(prepayment).toMatchObject({ type: 'PREPAYMENT', reduce: 'TERM' });
    // On 03-10: 7.40 + 400.63 + 303.34 = 711.37.
    expect(
      await s.ok<TPayoffQuote>(200, 'customer', 'GET', `/loans/${id}/payoff-quote?on=2026-03-10`),
    ).toEqual({
      on: '2026-03-10',
      principal: '703.97',
      interest: '7.40',
      fees: '0.00',
      accruedInterest: '0.00',
      credit: '0.00',
      total: '711.37',
    });
    const wrong = await s.refused(409, 'admin', 'POST', `/loans/${id}/payoff`, {
      amount: '700.00',
      paidOn: '2026-03-10',
      idempotencyKey: newKey(),
    });
    expect(wrong.code).toBe('CONFLICT');
    expect(wrong.message).toContain('711.37');

    const payoff = await s.post(id, 'payoff', {
      amount: '711.37',
      paidOn: '2026-03-10',
      idempotencyKey: newKey(),
    });
    expect((await s.expectInvariant(id)).loan).toMatchObject({ status: 'PAID_OFF', closedOn: '2026-03-10' });
    const reversal = await s.post(id, `transactions/${payoff.id}/reverse`, { reason: 'Cheque bounced' });
    expect(reversal).toMatchObject({ type: 'REVERSAL', reverses: payoff.id });
    // 03-20: installment 2 unpaid past its fee date (03-16): 25.00 + 7.40 + principal 703.97 = 736.37.
    const writeOff = await s.post(id, 'write-off', { reason: 'Fraud', writtenOffOn: '2026-03-20' });
    expect(writeOff).toMatchObject({ type: 'WRITE_OFF', amount: '736.37' });

    const { loan: row, transactions } = await s.expectInvariant(id);
    expect(row).toMatchObject({
      status: 'WRITTEN_OFF',
      closedOn: '2026-03-20',
      principalOutstanding: '0.00',
    });
    expect(transactions.map((t) => t.type)).toEqual([
      'DISBURSEMENT',
      'REPAYMENT',
      'PREPAYMENT',
      'PAYOFF',
      'REVERSAL',
      'WRITE_OFF',
    ]);
  });

  it('answers refusals with { code, message, fieldErrors } and the documented status', async () => {
    const { id } = await s.loan('2026-01-10');
    const repayments = `/loans/${id}/repayments`;
    const zero = await s.refused(400, 'admin', 'POST', repayments, { amount: '0', idempotencyKey: newKey() });
    expect(zero).toMatchObject({ code: 'BAD_REQUEST', fieldErrors: { amount: [expect.any(String)] } });
    const noKey = await s.refused(400, 'admin', 'POST', repayments, { amount: '10.00' });
    expect(Object.keys(noKey.fieldErrors ?? {})).toContain('idempotencyKey');
    const future = await s.refused(400, 'admin', 'POST', repayments, {
      amount: '10.00',
      paidOn: addDays(todayUtc(), 1),
      idempotencyKey: newKey(),
    });
    expect(Object.keys(future.fieldErrors ?? {})).toContain('paidOn');
    // Everything owed on 02-10 is 408.03 + 408.03 + 408.02 = 1224.08.
    const over = await s.refused(400, 'admin', 'POST', repayments, {
      amount: '5000.00',
      paidOn: '2026-02-10',
      idempotencyKey: newKey(),
    });
    expect(over.message).toContain('1224.08');
    expect(over.fieldErrors?.amount?.join(' ')).toContain('1224.08');
    const overdue = await s.refused(409, 'admin', 'POST', `/loans/${id}/prepayments`, {
      amount: '100.00',
      paidOn: '2026-03-01',
      idempotencyKey: newKey(),
    });
    expect(overdue.code).toBe('CONFLICT');
    expect(overdue.message).toContain('2026-02-10');
    for (const tail of ['position', 'payoff-quote', 'transactions']) {
      expect((await s.refused(404, 'otherCustomer', 'GET', `/loans/${id}/${tail}`)).code).toBe('NOT_FOUND');
    }
    const badDate = await s.refused(400, 'customer', 'GET', `/loans/${id}/position?asOf=2026-02-30`);
    expect(Object.keys(badDate.fieldErrors ?? {})).toContain('asOf');
    const badId = await s.refused(400, 'admin', 'GET', '/loans/not-a-uuid/position');
    expect(badId.code).toBe('BAD_REQUEST');
    const unknown = await s.refused(404, 'admin', 'GET', `/loans/${crypto.randomUUID()}/position`);
    expect(unknown.code).toBe('NOT_FOUND');
    // Nothing was posted by any of them.
    expect((await s.expectInvariant(id)).transactions).toHaveLength(1);
  });

  it('answers 401 and 403 in the documented error body', async () => {
    const { id } = await s.loan('2026-01-10');
    expect((await s.refused(401, null, 'GET', `/loans/${id}/position`)).code).toBe('UNAUTHORIZED');
    const customer = await s.refused(403, 'customer', 'POST', `/loans/${id}/repayments`, {
      amount: '10.00',
      idempotencyKey: newKey(),
    });
    expect(customer.code).toBe('FORBIDDEN');
    expect((await s.refused(403, 'agent', 'POST', `/loans/${id}/write-off`, { reason: 'x' })).code).toBe(
      'FORBIDDEN',
    );
    expect((await s.refused(403, 'customer', 'GET', '/portfolio/summary')).code).toBe('FORBIDDEN');
    expect((await s.expectInvariant(id)).transactions).toHaveLength(1);
  });

  it('serves the collections queue: GET /loans?arrears=1-30&sort=daysPastDue', async () => {
    const today = todayUtc();
    // Installment 1 due about 10 days ago (a month after the disbursement), 2026-02-10, and not yet.
    const recent = await s.loan(addMonths(addDays(today, -10), -1));
    const recentDue = addMonths(recent.disbursedOn ?? '', 1);
    const old = await s.loan('2026-01-10');
    const current = await s.loan(addDays(today, -3));
    const mine = [recent.id, old.id, current.id];
    const page = await s.ok<{ items: TLoan[] }>(
      200,
      'admin',
      'GET',
      '/loans?arrears=1-30&sort=daysPastDue&limit=100',
    );
    const ids = page.items.map((loan) => loan.id);
    const recentIsIn130 = recentDue < today && recentDue >= addDays(today, -30);
    expect(recentIsIn130).toBe(true);
    expect(ids).toContain(recent.id);
    expect(ids).not.toContain(old.id);
    expect(ids).not.toContain(current.id);
    for (const loan of page.items) expect(loan.daysPastDue).toBeGreaterThanOrEqual(1);
    for (const loan of page.items) expect(loan.daysPastDue).toBeLessThanOrEqual(30);

    const all = await s.ok<{ items: TLoan[] }>(
      200,
      'agent',
      'GET',
      '/loans?arrears=ANY&sort=daysPastDue&limit=100',
    );
    const late = all.items.map((loan) => loan.daysPastDue ?? -1);
    expect(late).toEqual([...late].sort((a, b) => b - a));
    expect(all.items.map((loan) => loan.id).filter((id) => mine.includes(id))).toEqual([old.id, recent.id]);
    // A customer's queue holds their own loans only.
    const theirs = await s.ok<{ items: TLoan[] }>(
      200,
      'otherCustomer',
      'GET',
      '/loans?arrears=ANY&sort=daysPastDue',
    );
    expect(theirs.items).toEqual([]);
    expect((await s.refused(400, 'admin', 'GET', '/loans?arrears=7-14')).code).toBe('BAD_REQUEST');
    for (const id of mine) await s.expectInvariant(id);
  });

  it('lists every new operation in the OpenAPI document', () => {
    const operations: [string, string, string][] = [
      ['post', '/loans/{loanId}/disburse', 'loans.disburse'],
      ['post', '/loans/{loanId}/repayments', 'loans.repay'],
      ['post', '/loans/{loanId}/prepayments', 'loans.prepay'],
      ['post', '/loans/{loanId}/payoff', 'loans.payoff'],
      ['post', '/loans/{loanId}/transactions/{transactionId}/reverse', 'loans.reverseTransaction'],
      ['post', '/loans/{loanId}/write-off', 'loans.writeOff'],
      ['get', '/loans/{loanId}/position', 'loans.position'],
      ['get', '/loans/{loanId}/payoff-quote', 'loans.payoffQuote'],
      ['get', '/loans/{loanId}/transactions', 'loans.transactions'],
      ['get', '/portfolio/summary', 'portfolio.summary'],
    ];
    for (const [method, path, procedure] of operations) {
      expect(s.document.paths[path]?.[method]?.['x-trpc-procedure'], `${method} ${path}`).toBe(procedure);
    }
    for (const tail of ['repayments', 'prepayments', 'payoff', 'write-off']) {
      const responses = s.document.paths[`/loans/{loanId}/${tail}`]?.post?.responses ?? {};
      expect(Object.keys(responses), tail).toEqual(
        expect.arrayContaining(['201', '400', '403', '404', '409']),
      );
    }
    const listParameters = JSON.stringify(s.document.paths['/loans']?.get?.parameters ?? []);
    expect(listParameters).toContain('arrears');
    expect(listParameters).toContain('daysPastDue');
  });
});
