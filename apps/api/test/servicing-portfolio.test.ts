import type { TLoan } from '@loanbook/domain/loans';
import type { TPortfolioSummary } from '@loanbook/domain/servicing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  newKey,
  PRODUCT_9,
  PRODUCT_12,
  startServicingServer,
  type TServicingServer,
  todayUtc,
} from './support/servicing';

/**
 * `GET /api/v1/portfolio/summary` (docs/servicing.md §6) on a small book built over REST on a database of
 * its own, so every figure is known: counts and principal by status and product, principal outstanding,
 * PAR 30 / PAR 90, disbursed and collected per month over the last 12 months, and the approval rate.
 * SRV_TWELVE loans are 1,200.00 at 12 % over 3 months (EMI 408.03; due dates a month apart).
 */

const today = todayUtc();
const lateDisbursed = addDays(today, -75); // installment 1 due 44–47 days ago: PAR 30, not PAR 90
const currentDisbursed = addDays(today, -10); // installment 1 not due yet

let s: TServicingServer;
/** Every disbursed loan of the book, for the persistence invariant. */
const disbursed: string[] = [];
beforeAll(async () => {
  s = await startServicingServer();
  const book = async (...args: Parameters<TServicingServer['loan']>) => {
    const loan = await s.loan(...args);
    if (loan.disbursedOn) disbursed.push(loan.id);
    return loan;
  };
  const nine = (amount: string, termMonths = 12) => ({ productCode: PRODUCT_9.code, amount, termMonths });
  // ACTIVE: A1 (nothing paid since 2026-01-10), A2 (late 44–47 days), A3 (SRV_NINE 12,000.00, current),
  // A4 (installment 1 paid, then a 200.00 reversed), OLD (SRV_NINE 12,000.00 disbursed 2025-01-31).
  await book('2026-01-10');
  await book(lateDisbursed);
  await book(currentDisbursed, nine('12000.00'));
  const a4 = await book('2026-01-10');
  await s.repay(a4.id, '408.03', '2026-02-10');
  const mistaken = await s.repay(a4.id, '200.00', '2026-03-10');
  await s.post(a4.id, `transactions/${mistaken.id}/reverse`, { reason: 'Wrong loan' });
  await book('2025-01-31', nine('12000.00'));
  // PAID_OFF: 408.03 on 02-10, then 803.97 + 803.97 · 0.01 · 14 / 28 (= 4.02) = 807.99 on 02-24.
  const paid = await book('2026-01-10');
  await s.repay(paid.id, '408.03', '2026-02-10');
  await s.post(paid.id, 'payoff', { amount: '807.99', paidOn: '2026-02-24', idempotencyKey: newKey() });
  // WRITTEN_OFF after 100.00 on 2026-03-05.
  const written = await book('2026-01-10');
  await s.repay(written.id, '100.00', '2026-03-05');
  await s.post(written.id, 'write-off', { reason: 'Gone', writtenOffOn: '2026-06-01' });
  // REJECTED (SRV_NINE 5,000.00), APPROVED not disbursed (SRV_NINE 2,000.00), NEW (SRV_TWELVE 1,000.00).
  const rejected = await s.ok<TLoan>(201, 'otherCustomer', 'POST', '/loans', nine('5000.00'));
  await s.ok(200, 'agent', 'POST', `/loans/${rejected.id}/forward`);
  await s.ok(200, 'admin', 'POST', `/loans/${rejected.id}/reject`, { reason: 'Income too low' });
  await book(null, nine('2000.00', 6));
  await s.ok(201, 'customer', 'POST', '/loans', {
    productCode: PRODUCT_12.code,
    amount: '1000.00',
    termMonths: 3,
  });
});
afterAll(() => s?.server.close());

describe('portfolio.summary on a known book', () => {
  it('counts, sums, PAR and approval rate as the book says', async () => {
    const summary = await s.ok<TPortfolioSummary>(200, 'admin', 'GET', '/portfolio/summary');
    expect(summary.asOf).toBe(today);
    expect(
      Object.fromEntries(summary.byStatus.map((row) => [row.status, [row.count, row.principal]])),
    ).toEqual({
      ACTIVE: [5, '27600.00'], // 1200 + 1200 + 12000 + 1200 + 12000
      PAID_OFF: [1, '1200.00'],
      WRITTEN_OFF: [1, '1200.00'],
      REJECTED: [1, '5000.00'],
      APPROVED: [1, '2000.00'],
      NEW: [1, '1000.00'],
    });
    const byProduct = Object.fromEntries(
      summary.byProduct.map((row) => [row.productCode, [row.count, row.principal, row.principalOutstanding]]),
    );
    expect(byProduct).toEqual({
      // A1, A2, A4, paid off, written off, new: 5 · 1200 + 1000; outstanding (active) 1200 + 1200 + 803.97.
      [PRODUCT_12.code]: [6, '7000.00', '3203.97'],
      // A3, OLD, rejected, approved: 12000 + 12000 + 5000 + 2000; outstanding 12000 + 12000.
      [PRODUCT_9.code]: [4, '31000.00', '24000.00'],
    });
    expect(summary.principalOutstanding).toBe('27203.97');
    // > 30 days: A1 1200 + A2 1200 + A4 803.97 + OLD 12000 = 15203.97 / 27203.97 = 0.55888… → 0.5589.
    // > 90 days: A1 + A4 + OLD = 14003.97 / 27203.97 = 0.51477… → 0.5148.
    expect([summary.par30, summary.par90]).toEqual(['0.5589', '0.5148']);
    // Approved at some point: 5 active + 1 paid off + 1 written off + 1 approved = 8; 8 / (8 + 1) = 0.8889.
    expect(summary.approvalRate).toBe('0.8889');
  });

  it('sums money out and in per month over the last 12 months, reversals netted', async () => {
    const summary = await s.ok<TPortfolioSummary>(200, 'agent', 'GET', '/portfolio/summary');
    // The 12 months ending with this one, oldest first.
    const months = Array.from({ length: 12 }, (_, i) =>
      addMonths(`${today.slice(0, 7)}-01`, i - 11).slice(0, 7),
    );
    const inCents = () => new Map<string, number>();
    const add = (map: Map<string, number>, date: string, cents: number) =>
      map.set(date.slice(0, 7), (map.get(date.slice(0, 7)) ?? 0) + cents);
    const disbursed = inCents();
    // A1, A4, the paid-off and the written-off loan on 2026-01-10, A2 and A3; OLD (2025-01) is outside.
    for (const date of ['2026-01-10', '2026-01-10', '2026-01-10', '2026-01-10', lateDisbursed]) {
      add(disbursed, date, 120_000);
    }
    add(disbursed, currentDisbursed, 1_200_000);
    const collected = inCents();
    add(collected, '2026-02-10', 2 * 40_803); // A4 and the paid-off loan
    add(collected, '2026-02-24', 80_799); // the payoff
    add(collected, '2026-03-05', 10_000); // the written-off loan; A4's 200.00 of 03-10 was reversed
    const format = (cents = 0) => (cents / 100).toFixed(2);
    expect(summary.disbursedByMonth).toEqual(
      months.map((month) => ({ month, amount: format(disbursed.get(month)) })),
    );
    expect(summary.collectedByMonth).toEqual(
      months.map((month) => ({ month, amount: format(collected.get(month)) })),
    );
  });

  it("keeps every loan's columns equal to a replay of its ledger", async () => {
    expect(disbursed).toHaveLength(7);
    for (const loanId of disbursed) await s.expectInvariant(loanId);
  });

  it('is for staff only', async () => {
    expect((await s.call('agent', 'GET', '/portfolio/summary')).status).toBe(200);
    expect((await s.refused(403, 'customer', 'GET', '/portfolio/summary')).code).toBe('FORBIDDEN');
    expect((await s.refused(401, null, 'GET', '/portfolio/summary')).code).toBe('UNAUTHORIZED');
  });
});
