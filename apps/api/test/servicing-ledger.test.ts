import { describe, expect, it } from 'vitest';
import {
  activeLoan,
  daysFrom,
  EXAMPLE_TERMS,
  expectLoanMatchesReplay,
  newKey,
  PRODUCT_12,
  SMALL_TERMS,
  todayUtc,
  useServicingFixture,
} from './support/servicing';

/**
 * docs/servicing.md §3–§4 through the procedures: the published schedule, late fees, back-dated and
 * advance payments, prepayment (payoff is in servicing-payoff, reversal, write-off and history in
 * servicing-reversal). Every expected figure is computed by hand in the
 * comments (r = annual % / 1200; round_half_up to the cent), never by calling the ledger engine; after each
 * scenario the loan's persisted columns are checked against a replay of its ledger.
 *
 * Most cases use the 1,200.00 at 12 % over 3 months loan of `support/servicing.ts` (EMI 408.03; 12.00 /
 * 396.03, 8.04 / 399.99, 4.04 / 403.98) disbursed 2026-01-10: installments due 2026-02-10, 2026-03-10 and
 * 2026-04-10 (28 and 31 days apart); late fee 25.00 after 5 grace days, so installment 1's grace ends
 * 2026-02-15 and its fee date is 2026-02-16.
 */

const { as, admin } = useServicingFixture();
const DISBURSED = '2026-01-10';

const smallLoan = () => activeLoan(as, DISBURSED);
const repay = (loanId: string, amount: string, paidOn: string) =>
  admin().loans.repay({ loanId, amount, paidOn, idempotencyKey: newKey('repay') });
const position = (loanId: string, asOf: string) => as('customer').loans.position({ loanId, asOf });
const transactions = (loanId: string) => as('customer').loans.transactions({ loanId });
const figures = (p: { installments: { interest: string; principal: string }[] }) =>
  p.installments.map((i) => [i.interest, i.principal]);

describe('the published example (§3): 12,000.00 at 9.00 % for 12 months disbursed 2025-01-31', () => {
  it('has EMI 1,049.42 and the clamped due dates and interest/principal of the spec', async () => {
    const loan = await activeLoan(as, '2025-01-31', EXAMPLE_TERMS);
    // EMI = 12000 · 0.0075 / (1 − 1.0075^−12) = 1049.4200… → 1049.42; the last installment absorbs:
    // 11 · 1049.42 + 1049.38 = 12593.00, so the interest is 593.00.
    expect(loan).toMatchObject({
      status: 'ACTIVE',
      monthlyInstallment: '1049.42',
      totalInterest: '593.00',
      disbursedOn: '2025-01-31',
      closedOn: null,
      principalOutstanding: '12000.00',
      nextDueOn: '2025-02-28',
      nextDueAmount: '1049.42',
      totalPaid: '0.00',
      lateFee: '25.00',
      lateFeeGraceDays: 5,
      // Nothing paid: today − the first due date.
      daysPastDue: daysFrom('2025-02-28', todayUtc()),
    });

    const p = await position(loan.id, '2025-01-31');
    // Always counted from 31 Jan, clamped to the month's end (not chained from 28 Feb).
    expect(p.installments.map((i) => i.dueOn)).toEqual([
      '2025-02-28',
      '2025-03-31',
      '2025-04-30',
      '2025-05-31',
      '2025-06-30',
      '2025-07-31',
      '2025-08-31',
      '2025-09-30',
      '2025-10-31',
      '2025-11-30',
      '2025-12-31',
      '2026-01-31',
    ]);
    // 12000.00 · 0.0075 = 90.00 → 959.42; 11040.58 · 0.0075 = 82.80435 → 82.80 / 966.62;
    // 10073.96 · 0.0075 = 75.5547 → 75.55 / 973.87; 9100.09 · 0.0075 = 68.2507 → 68.25 / 981.17.
    expect(figures(p).slice(0, 4)).toEqual([
      ['90.00', '959.42'],
      ['82.80', '966.62'],
      ['75.55', '973.87'],
      ['68.25', '981.17'],
    ]);
    // Last: balance 1041.57 · 0.0075 = 7.8118 → 7.81, principal 1041.57 (1049.38).
    expect(figures(p).at(-1)).toEqual(['7.81', '1041.57']);
    expect(p).toMatchObject({
      status: 'ACTIVE',
      principalOutstanding: '12000.00',
      daysPastDue: 0,
      arrearsBucket: 'CURRENT',
      nextDue: { number: 1, dueOn: '2025-02-28', amount: '1049.42' },
      totalPaid: '0.00',
    });
    expect(p.installments.map((i) => i.state)).toEqual(['DUE', ...Array(11).fill('UPCOMING')]);

    const ledger = await transactions(loan.id);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ type: 'DISBURSEMENT', amount: '12000.00', valueDate: '2025-01-31' });
    await expectLoanMatchesReplay(admin(), loan.id);
  });
});

describe('late fees and due dates', () => {
  it('charges the fee the day after the grace period, not on its last day', async () => {
    const loan = await smallLoan();
    // On the due date nothing is late yet.
    expect(await position(loan.id, '2026-02-10')).toMatchObject({
      daysPastDue: 0,
      principalOverdue: '0.00',
      nextDue: { number: 1, dueOn: '2026-02-10', amount: '408.03' },
    });
    expect((await position(loan.id, '2026-02-10')).installments[0]?.state).toBe('DUE');
    // The day after: 1 day past due, installment 1 overdue (12.00 interest, 396.03 principal).
    const dayAfter = await position(loan.id, '2026-02-11');
    expect(dayAfter).toMatchObject({ daysPastDue: 1, interestOverdue: '12.00', principalOverdue: '396.03' });
    expect(dayAfter.installments[0]?.state).toBe('OVERDUE');
    // Last day of grace (2026-02-10 + 5): no fee yet.
    const lastGraceDay = await position(loan.id, '2026-02-15');
    expect(lastGraceDay).toMatchObject({ feesOverdue: '0.00', daysPastDue: 5, arrearsBucket: '1-30' });
    expect(lastGraceDay.installments[0]?.fee).toBe('0.00');
    // Fee date: 25.00, once.
    const feeDay = await position(loan.id, '2026-02-16');
    expect(feeDay).toMatchObject({ feesOverdue: '25.00', daysPastDue: 6 });
    expect(feeDay.installments[0]).toMatchObject({ fee: '25.00', state: 'OVERDUE' });
    expect((await position(loan.id, '2026-03-01')).installments[0]?.fee).toBe('25.00');

    // Payoff on the fee date: fee 25.00 + interest 12.00 + all principal 1200.00 + accrued in period 2
    // (s = 02-10, e = 03-10: 28 days; d − s = 6): 803.97 · 0.01 · 6 / 28 = 1.72279 → 1.72; total 1238.72.
    expect(await as('customer').loans.payoffQuote({ loanId: loan.id, on: '2026-02-16' })).toEqual({
      on: '2026-02-16',
      principal: '1200.00',
      interest: '12.00',
      fees: '25.00',
      accruedInterest: '1.72',
      credit: '0.00',
      total: '1238.72',
    });
    await expectLoanMatchesReplay(admin(), loan.id);
  });

  it('counts a payment on the last grace day; a payment on the fee date comes after the charge', async () => {
    const inGrace = await smallLoan();
    await repay(inGrace.id, '408.03', '2026-02-15');
    const paid = await position(inGrace.id, '2026-02-20');
    expect(paid.installments[0]).toMatchObject({ fee: '0.00', paidFee: '0.00', state: 'PAID' });
    expect(paid).toMatchObject({ feesOverdue: '0.00', daysPastDue: 0 });

    const onFeeDate = await smallLoan();
    const posted = await repay(onFeeDate.id, '408.03', '2026-02-16');
    // 408.03 → fee 25.00, interest 12.00, principal 408.03 − 37.00 = 371.03 (396.03 − 371.03 = 25.00 left).
    expect(posted.allocation).toEqual({
      fees: '25.00',
      interest: '12.00',
      principal: '371.03',
      accruedInterest: '0.00',
    });
    const late = await position(onFeeDate.id, '2026-02-20');
    expect(late).toMatchObject({ principalOverdue: '25.00', feesOverdue: '0.00', daysPastDue: 10 });
    expect(late.installments[0]).toMatchObject({ fee: '25.00', paidFee: '25.00', state: 'OVERDUE' });
    await expectLoanMatchesReplay(admin(), inGrace.id);
    await expectLoanMatchesReplay(admin(), onFeeDate.id);
  });

  it('does not treat a payment on the due date as late', async () => {
    const loan = await smallLoan();
    const posted = await repay(loan.id, '408.03', '2026-02-10');
    expect(posted).toMatchObject({ type: 'REPAYMENT', amount: '408.03', valueDate: '2026-02-10' });
    expect(posted.allocation).toEqual({
      fees: '0.00',
      interest: '12.00',
      principal: '396.03',
      accruedInterest: '0.00',
    });
    const onDueDate = await position(loan.id, '2026-02-10');
    expect(onDueDate).toMatchObject({
      daysPastDue: 0,
      nextDue: { number: 2, dueOn: '2026-03-10', amount: '408.03' },
      totalPaid: '408.03',
      principalOutstanding: '803.97',
    });
    expect(onDueDate.installments.map((i) => i.state)).toEqual(['PAID', 'DUE', 'UPCOMING']);
    const later = await position(loan.id, '2026-02-28');
    expect(later).toMatchObject({ daysPastDue: 0, feesOverdue: '0.00' });
    expect(later.installments[0]?.fee).toBe('0.00');
    const { loan: row } = await expectLoanMatchesReplay(admin(), loan.id);
    // As of today installment 2 (due 2026-03-10) is the oldest unpaid one.
    expect(row).toMatchObject({
      nextDueOn: '2026-03-10',
      nextDueAmount: '408.03',
      totalPaid: '408.03',
      principalOutstanding: '803.97',
      daysPastDue: daysFrom('2026-03-10', todayUtc()),
    });
  });
});

describe('late-fee terms', () => {
  it('charges nothing when the fee is 0.00, and on the day after the due date with 0 grace days', async () => {
    await admin().loanProducts.create({ ...PRODUCT_12, code: 'SRV_NO_FEE', name: 'No fee', lateFee: '0.00' });
    await admin().loanProducts.create({
      ...PRODUCT_12,
      code: 'SRV_NO_GRACE',
      name: 'No grace',
      lateFee: '10.00',
      lateFeeGraceDays: 0,
    });
    const free = await activeLoan(as, DISBURSED, { ...SMALL_TERMS, productCode: 'SRV_NO_FEE' });
    const late = await position(free.id, '2026-06-01');
    expect(late.installments.map((i) => i.fee)).toEqual(['0.00', '0.00', '0.00']);
    expect(late).toMatchObject({ feesOverdue: '0.00', principalOverdue: '1200.00' });

    const strict = await activeLoan(as, DISBURSED, { ...SMALL_TERMS, productCode: 'SRV_NO_GRACE' });
    // Due 02-10, grace ends the same day, fee date 02-11.
    expect((await position(strict.id, '2026-02-10')).feesOverdue).toBe('0.00');
    expect((await position(strict.id, '2026-02-11')).feesOverdue).toBe('10.00');
    await expectLoanMatchesReplay(admin(), free.id);
    await expectLoanMatchesReplay(admin(), strict.id);
  });
});

describe('a back-dated repayment', () => {
  it('re-allocates the later repayments: the position is recomputed in value-date order', async () => {
    const loan = await smallLoan();
    const march = await repay(loan.id, '408.03', '2026-03-10');
    // Recorded alone, on 2026-03-10 installment 1 is late and charged (fee date 02-16): fee 25.00,
    // interest 12.00, principal 371.03.
    expect(march.allocation).toMatchObject({ fees: '25.00', interest: '12.00', principal: '371.03' });
    expect((await position(loan.id, '2026-03-10')).installments[0]).toMatchObject({
      fee: '25.00',
      paidPrincipal: '371.03',
      state: 'OVERDUE',
    });

    // The February payment, collected in cash and recorded late, dated 2026-02-10.
    const february = await repay(loan.id, '408.03', '2026-02-10');
    // Replayed: 02-10 pays installment 1 in full (12.00 + 396.03) so no fee is ever charged; 03-10 pays
    // installment 2 in full (8.04 + 399.99).
    expect(february.allocation).toMatchObject({ fees: '0.00', interest: '12.00', principal: '396.03' });
    const p = await position(loan.id, '2026-03-10');
    expect(
      p.installments.map(({ fee, paidInterest, paidPrincipal, state }) => [
        fee,
        paidInterest,
        paidPrincipal,
        state,
      ]),
    ).toEqual([
      ['0.00', '12.00', '396.03', 'PAID'],
      ['0.00', '8.04', '399.99', 'PAID'],
      ['0.00', '0.00', '0.00', 'DUE'],
    ]);
    // 1200.00 − 396.03 − 399.99 = 403.98; 2 · 408.03 = 816.06.
    expect(p).toMatchObject({ daysPastDue: 0, principalOutstanding: '403.98', totalPaid: '816.06' });

    // Listed in value-date order, each with the allocation today's replay gives it (docs/servicing.md):
    // the March repayment no longer pays a 25.00 fee that was never due after all, but installment 2
    // (interest 8.04, principal 399.99).
    const listed = await transactions(loan.id);
    expect(listed.map((t) => [t.type, t.valueDate])).toEqual([
      ['DISBURSEMENT', DISBURSED],
      ['REPAYMENT', '2026-02-10'],
      ['REPAYMENT', '2026-03-10'],
    ]);
    expect(listed[2]?.allocation).toMatchObject({ fees: '0.00', interest: '8.04', principal: '399.99' });
    const { loan: row } = await expectLoanMatchesReplay(admin(), loan.id);
    expect(row).toMatchObject({ nextDueOn: '2026-04-10', nextDueAmount: '408.02', totalPaid: '816.06' });
  });
});

describe('prepayment on a mid-period day (§4)', () => {
  // The published example, installment 1 paid on its due date 2025-02-28, then 3,000.00 prepaid on
  // 2025-03-15. Installment 2's period: s = 2025-02-28, e = 2025-03-31 (31 days), d − s = 15, e − d = 16;
  // B = 12000.00 − 959.42 = 11040.58, B − A = 8040.58.
  // Interest 2 = round_half_up((11040.58 · 15 + 8040.58 · 16) · 0.0075 / 31)
  //            = round_half_up((165608.70 + 128649.28) · 0.0075 / 31) = 2206.93485 / 31 = 71.1914 → 71.19.
  const prepaid = async (reduce: 'TERM' | 'INSTALLMENT') => {
    const loan = await activeLoan(as, '2025-01-31', EXAMPLE_TERMS);
    await repay(loan.id, '1049.42', '2025-02-28');
    const transaction = await as('agent').loans.prepay({
      loanId: loan.id,
      amount: '3000.00',
      paidOn: '2025-03-15',
      reduce,
      idempotencyKey: newKey('prepay'),
    });
    expect(transaction).toMatchObject({ type: 'PREPAYMENT', amount: '3000.00', reduce });
    expect(transaction.allocation).toEqual({
      principal: '3000.00',
      interest: '0.00',
      fees: '0.00',
      accruedInterest: '0.00',
    });
    return { loan, p: await position(loan.id, '2025-03-15') };
  };

  it('TERM keeps the installment amount and drops installments', async () => {
    const { loan, p } = await prepaid('TERM');
    // From 8040.58 at EMI 1049.42: 2: 71.19 / 978.23 → 7062.35; 3: 7062.35 · 0.0075 = 52.9676 → 52.97 /
    // 996.45 → 6065.90; 4: 45.49 / 1003.93 → 5061.97; 5: 37.96 / 1011.46 → 4050.51; 6: 30.38 / 1019.04
    // → 3031.47; 7: 22.74 / 1026.68 → 2004.79; 8: 15.04 / 1034.38 → 970.41; 9: 970.41 · 0.0075 = 7.278
    // → 7.28 / 970.41 (977.69). Nine installments instead of twelve.
    expect(p.installments).toHaveLength(9);
    expect(figures(p)).toEqual([
      ['90.00', '959.42'],
      ['71.19', '978.23'],
      ['52.97', '996.45'],
      ['45.49', '1003.93'],
      ['37.96', '1011.46'],
      ['30.38', '1019.04'],
      ['22.74', '1026.68'],
      ['15.04', '1034.38'],
      ['7.28', '970.41'],
    ]);
    expect(p.installments.at(-1)?.dueOn).toBe('2025-10-31');
    // 12000.00 − 959.42 − 3000.00 = 8040.58; paid 1049.42 + 3000.00.
    expect(p).toMatchObject({
      principalOutstanding: '8040.58',
      totalPaid: '4049.42',
      nextDue: { number: 2, dueOn: '2025-03-31', amount: '1049.42' },
    });
    const { loan: row } = await expectLoanMatchesReplay(admin(), loan.id);
    expect(row).toMatchObject({
      principalOutstanding: '8040.58',
      totalPaid: '4049.42',
      nextDueOn: '2025-03-31',
    });
  });

  it('INSTALLMENT keeps the count and lowers the installment', async () => {
    const { loan, p } = await prepaid('INSTALLMENT');
    // New EMI over the 11 remaining: 8040.58 · 0.0075 / (1 − 1.0075^−11) = 764.2577… → 764.26.
    // 2: 71.19 / 693.07 → 7347.51; 3: 55.1063 → 55.11 / 709.15 → 6638.36; …; 11: 11.42 / 752.84 → 770.27;
    // 12: 770.27 · 0.0075 = 5.777 → 5.78 / 770.27 (776.05).
    expect(p.installments).toHaveLength(12);
    expect(figures(p).slice(0, 3)).toEqual([
      ['90.00', '959.42'],
      ['71.19', '693.07'],
      ['55.11', '709.15'],
    ]);
    expect(figures(p).slice(-2)).toEqual([
      ['11.42', '752.84'],
      ['5.78', '770.27'],
    ]);
    expect(p.nextDue).toEqual({ number: 2, dueOn: '2025-03-31', amount: '764.26' });
    const { loan: row } = await expectLoanMatchesReplay(admin(), loan.id);
    expect(row).toMatchObject({ principalOutstanding: '8040.58', nextDueAmount: '764.26' });
  });

  it('keeps money paid in advance credited to the recomputed installments', async () => {
    const loan = await activeLoan(as, DISBURSED);
    // 500.00 on 02-10: installment 1 (408.03), then 91.97 ahead on installment 2.
    await repay(loan.id, '500.00', '2026-02-10');
    // 100.00 on 02-20; B = 803.97 (the advance does not reduce it): interest 2 = 7.40 (10 days of 803.97
    // and 18 of 703.97 over 28, see servicing-reversal), principal 408.03 − 7.40 = 400.63; 3: 3.03 / 303.34.
    await admin().loans.prepay({
      loanId: loan.id,
      amount: '100.00',
      paidOn: '2026-02-20',
      idempotencyKey: newKey(),
    });
    const p = await position(loan.id, '2026-02-20');
    // The 91.97 goes back onto installment 2: interest 7.40, principal 84.57.
    expect(p.installments.map((i) => [i.interest, i.principal, i.paidInterest, i.paidPrincipal])).toEqual([
      ['12.00', '396.03', '12.00', '396.03'],
      ['7.40', '400.63', '7.40', '84.57'],
      ['3.03', '303.34', '0.00', '0.00'],
    ]);
    // 400.63 − 84.57 + 303.34 = 619.40 outstanding; installment 2 still owes 408.03 − 91.97 = 316.06.
    expect(p).toMatchObject({
      principalOutstanding: '619.40',
      nextDue: { number: 2, dueOn: '2026-03-10', amount: '316.06' },
      totalPaid: '600.00',
    });
    await expectLoanMatchesReplay(admin(), loan.id);
  });
});
