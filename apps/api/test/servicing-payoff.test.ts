import { describe, expect, it } from 'vitest';
import {
  activeLoan,
  EXAMPLE_TERMS,
  expectLoanMatchesReplay,
  newKey,
  refusalOf,
  todayUtc,
  useServicingFixture,
} from './support/servicing';

/**
 * Payoff (docs/servicing.md §4) through the procedures: the quote, then `loans.payoff` with that exact
 * amount (PAID_OFF, closedOn) or another one (409 stating the right amount). Figures by hand in the
 * comments. The loan: 1,200.00 at 12 % over 3 months (EMI 408.03; 12.00 / 396.03, 8.04 / 399.99,
 * 4.04 / 403.98) disbursed 2026-01-10: due 2026-02-10, 2026-03-10 (28 days later) and 2026-04-10.
 */

const { as, admin } = useServicingFixture();

const smallLoan = () => activeLoan(as, '2026-01-10');
const repay = (loanId: string, amount: string, paidOn: string) =>
  admin().loans.repay({ loanId, amount, paidOn, idempotencyKey: newKey('repay') });
const position = (loanId: string, asOf: string) => as('customer').loans.position({ loanId, asOf });
const transactions = (loanId: string) => as('customer').loans.transactions({ loanId });

describe('payoff', () => {
  it('on a due date: that installment counts as due and nothing has accrued', async () => {
    const loan = await smallLoan();
    // Installment 1's 12.00 + 396.03, plus the principal not yet due 803.97; accrued 0 → 1212.00.
    const quote = await as('customer').loans.payoffQuote({ loanId: loan.id, on: '2026-02-10' });
    expect(quote).toEqual({
      on: '2026-02-10',
      principal: '1200.00',
      interest: '12.00',
      fees: '0.00',
      accruedInterest: '0.00',
      credit: '0.00',
      total: '1212.00',
    });
    const wrong = await refusalOf(
      admin().loans.payoff({
        loanId: loan.id,
        amount: '1224.08',
        paidOn: '2026-02-10',
        idempotencyKey: newKey(),
      }),
    );
    expect(wrong.code).toBe('CONFLICT');
    expect(wrong.message).toContain('1212.00');
    expect(await transactions(loan.id)).toHaveLength(1);

    const payoff = await admin().loans.payoff({
      loanId: loan.id,
      amount: quote.total,
      paidOn: '2026-02-10',
      idempotencyKey: newKey('payoff'),
    });
    expect(payoff).toMatchObject({ type: 'PAYOFF', amount: '1212.00', valueDate: '2026-02-10' });
    expect(payoff.allocation).toEqual({
      principal: '1200.00',
      interest: '12.00',
      fees: '0.00',
      accruedInterest: '0.00',
    });
    const { loan: row } = await expectLoanMatchesReplay(admin(), loan.id);
    expect(row).toMatchObject({
      status: 'PAID_OFF',
      closedOn: '2026-02-10',
      principalOutstanding: '0.00',
      nextDueOn: null,
      nextDueAmount: null,
      totalPaid: '1212.00',
      daysPastDue: 0,
    });
    // Later periods' interest is never charged.
    const p = await position(loan.id, todayUtc());
    expect(p.installments.map((i) => [i.interest, i.state])).toEqual([
      ['12.00', 'PAID'],
      ['0.00', 'PAID'],
      ['0.00', 'PAID'],
    ]);
    expect((await refusalOf(as('customer').loans.payoffQuote({ loanId: loan.id }))).code).toBe('CONFLICT');
  });

  it('between due dates: accrued interest of the running period; another amount is a 409 naming it', async () => {
    const loan = await smallLoan();
    await repay(loan.id, '408.03', '2026-02-10');
    // Period 2: s = 02-10, e = 03-10 (28 days), d = 02-24 (14 days): 803.97 · 0.01 · 14 / 28 = 4.01985
    // → 4.02; total 803.97 + 4.02 = 807.99.
    const quote = await as('customer').loans.payoffQuote({ loanId: loan.id, on: '2026-02-24' });
    expect(quote).toEqual({
      on: '2026-02-24',
      principal: '803.97',
      interest: '0.00',
      fees: '0.00',
      accruedInterest: '4.02',
      credit: '0.00',
      total: '807.99',
    });
    const before = await admin().loans.get({ loanId: loan.id });
    const wrong = await refusalOf(
      admin().loans.payoff({
        loanId: loan.id,
        amount: '800.00',
        paidOn: '2026-02-24',
        idempotencyKey: newKey(),
      }),
    );
    expect(wrong).toMatchObject({ code: 'CONFLICT' });
    expect(wrong.message).toMatch(/807\.99/);
    expect((await admin().loans.get({ loanId: loan.id })).version).toBe(before.version);

    const payoff = await as('agent').loans.payoff({
      loanId: loan.id,
      amount: '807.99',
      paidOn: '2026-02-24',
      idempotencyKey: newKey('payoff'),
    });
    expect(payoff.allocation).toEqual({
      principal: '803.97',
      interest: '0.00',
      fees: '0.00',
      accruedInterest: '4.02',
    });
    const { loan: row } = await expectLoanMatchesReplay(admin(), loan.id);
    // 408.03 + 807.99 = 1216.02.
    expect(row).toMatchObject({ status: 'PAID_OFF', closedOn: '2026-02-24', totalPaid: '1216.02' });
  });

  it('credits what was paid in advance towards installments not yet due', async () => {
    const loan = await smallLoan();
    // 500.00 on 02-10: installment 1 (408.03), then 91.97 in advance on installment 2 (8.04 interest,
    // 83.93 principal).
    await repay(loan.id, '500.00', '2026-02-10');
    // 803.97 scheduled principal not yet due + 4.02 accrued − 91.97 credit = 716.02.
    const quote = await as('customer').loans.payoffQuote({ loanId: loan.id, on: '2026-02-24' });
    expect(quote).toMatchObject({
      principal: '803.97',
      accruedInterest: '4.02',
      credit: '91.97',
      total: '716.02',
    });
    await admin().loans.payoff({
      loanId: loan.id,
      amount: '716.02',
      paidOn: '2026-02-24',
      idempotencyKey: newKey(),
    });
    const { loan: row } = await expectLoanMatchesReplay(admin(), loan.id);
    // 500.00 + 716.02 = 1216.02: the same as paying 408.03 and then 807.99.
    expect(row).toMatchObject({ status: 'PAID_OFF', totalPaid: '1216.02' });
  });

  it("accrues by the running period's own length (28 or 31 days)", async () => {
    const loan = await activeLoan(as, '2025-01-31', EXAMPLE_TERMS);
    // Period 1: 2025-01-31 → 02-28 (28 days), 14 days in: 12000.00 · 0.0075 · 14 / 28 = 45.00.
    expect(await admin().loans.payoffQuote({ loanId: loan.id, on: '2025-02-14' })).toMatchObject({
      principal: '12000.00',
      accruedInterest: '45.00',
      total: '12045.00',
    });
    await repay(loan.id, '1049.42', '2025-02-28');
    // Period 2: 02-28 → 03-31 (31 days), 15 days in: 11040.58 · 0.0075 · 15 / 31 = 40.0666 → 40.07;
    // 11040.58 + 40.07 = 11080.65.
    const quote = await admin().loans.payoffQuote({ loanId: loan.id, on: '2025-03-15' });
    expect(quote).toMatchObject({ principal: '11040.58', accruedInterest: '40.07', total: '11080.65' });
    await admin().loans.payoff({
      loanId: loan.id,
      amount: quote.total,
      paidOn: '2025-03-15',
      idempotencyKey: newKey(),
    });
    const { loan: row } = await expectLoanMatchesReplay(admin(), loan.id);
    // 1049.42 + 11080.65 = 12130.07.
    expect(row).toMatchObject({ status: 'PAID_OFF', closedOn: '2025-03-15', totalPaid: '12130.07' });
  });
});
