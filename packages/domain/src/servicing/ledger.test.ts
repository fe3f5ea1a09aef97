import { describe, expect, it } from 'vitest';
import { quotePayoff, quoteWriteOff, replayLedger } from './ledger';
import { computePosition } from './position';
import { errorOf, smallLoan } from './test-loans';

const EMI = '408.03';

describe('the published example (servicing spec §3)', () => {
  it('puts 12,000.00 at 9 % over 12 months disbursed 2025-01-31 on clamped due dates', () => {
    const ledger = replayLedger({
      terms: {
        principal: '12000.00',
        annualRatePercent: '9.00',
        termMonths: 12,
        lateFee: '25.00',
        lateFeeGraceDays: 5,
      },
      disbursedOn: '2025-01-31',
      transactions: [],
    });

    expect(ledger.installments.slice(0, 4).map((i) => [i.number, i.dueOn, i.interest, i.principal])).toEqual([
      [1, '2025-02-28', '90.00', '959.42'],
      [2, '2025-03-31', '82.80', '966.62'],
      [3, '2025-04-30', '75.55', '973.87'],
      [4, '2025-05-31', '68.25', '981.17'],
    ]);
    expect(ledger.nextDueAmount).toBe('1049.42');
    expect(ledger.status).toBe('ACTIVE');
    expect(ledger.principalOutstanding).toBe('12000.00');
  });
});

describe('late fees', () => {
  it('charges the fee on the day after the grace period, not on its last day', () => {
    // Installment 1 is due 2025-02-15; 5 grace days end on 2025-02-20; the fee date is 2025-02-21.
    const loan = smallLoan();

    const lastGraceDay = computePosition(loan, '2025-02-20');
    expect(lastGraceDay.feesOverdue).toBe('0.00');
    expect(lastGraceDay.daysPastDue).toBe(5);
    expect(lastGraceDay.arrearsBucket).toBe('1-30');

    const feeDay = computePosition(loan, '2025-02-21');
    expect(feeDay.feesOverdue).toBe('25.00');
    expect(feeDay.installments[0]).toMatchObject({ fee: '25.00', state: 'OVERDUE' });
    expect(feeDay.daysPastDue).toBe(6);
  });

  it('lets a payment on the last grace day count, and puts a payment on the fee date after the charge', () => {
    const inGrace = replayLedger(smallLoan([['REPAYMENT', EMI, '2025-02-20']]), { asOf: '2025-03-01' });
    expect(inGrace.installments[0]?.fee).toBe('0.00');

    // 408.03 on 2025-02-21: fee 25.00, interest 12.00, principal 408.03 − 37.00 = 371.03 (25.00 still owed).
    const onFeeDate = replayLedger(smallLoan([['REPAYMENT', EMI, '2025-02-21']]), { asOf: '2025-03-01' });
    expect(onFeeDate.applied[0]?.allocation).toEqual({
      fees: '25.00',
      interest: '12.00',
      principal: '371.03',
      accruedInterest: '0.00',
    });
    expect(computePosition(smallLoan([['REPAYMENT', EMI, '2025-02-21']]), '2025-03-01')).toMatchObject({
      principalOverdue: '25.00',
      daysPastDue: 14,
    });
  });

  it('charges nothing when the late fee is 0.00', () => {
    expect(computePosition(smallLoan([], { lateFee: '0.00' }), '2025-04-30').feesOverdue).toBe('0.00');
  });
});

describe('repayments', () => {
  it('does not make a payment on the due date late', () => {
    const position = computePosition(smallLoan([['REPAYMENT', EMI, '2025-02-15']]), '2025-02-15');

    expect(position.installments.map((i) => i.state)).toEqual(['PAID', 'DUE', 'UPCOMING']);
    expect(position.daysPastDue).toBe(0);
    expect(position.arrearsBucket).toBe('CURRENT');
    expect(position.nextDue).toEqual({ number: 2, dueOn: '2025-03-15', amount: EMI });
    expect(position.principalOutstanding).toBe('803.97');
  });

  it('re-allocates a later repayment when an earlier one is back-dated before it', () => {
    // Recorded alone, 408.03 on 2025-03-15 pays the late installment 1: fee 25.00 (charged 2025-02-21),
    // interest 12.00, principal 371.03.
    const alone = replayLedger(smallLoan([['REPAYMENT', EMI, '2025-03-15']]));
    expect(alone.applied[0]?.allocation).toEqual({
      fees: '25.00',
      interest: '12.00',
      principal: '371.03',
      accruedInterest: '0.00',
    });

    // A cash payment collected on 2025-02-15 is recorded afterwards: it pays installment 1 on time (no fee),
    // and the 2025-03-15 payment moves to installment 2: interest 8.04, principal 399.99.
    const ledger = replayLedger(
      smallLoan([
        ['REPAYMENT', EMI, '2025-03-15'],
        ['REPAYMENT', EMI, '2025-02-15'],
      ]),
    );
    expect(ledger.applied.map((a) => a.id)).toEqual(['t2', 't1']);
    expect(ledger.applied[1]?.allocation).toEqual({
      fees: '0.00',
      interest: '8.04',
      principal: '399.99',
      accruedInterest: '0.00',
    });
    expect(ledger.installments.map((i) => i.fee)).toEqual(['0.00', '0.00', '0.00']);
    expect(ledger.nextDueOn).toBe('2025-04-15');
  });

  it('pays the next installments in advance with what is left', () => {
    // 500.00 on 2025-02-15: installment 1 (408.03), then 91.97 on installment 2: interest 8.04, principal 83.93.
    const ledger = replayLedger(smallLoan([['REPAYMENT', '500.00', '2025-02-15']]));
    expect(ledger.installments[1]).toMatchObject({ paidInterest: '8.04', paidPrincipal: '83.93' });
    expect(ledger.nextDueOn).toBe('2025-03-15');
    expect(ledger.nextDueAmount).toBe('316.06');
  });

  it('closes the loan when everything owed on the schedule is paid, and refuses a cent more', () => {
    // Everything owed on 2025-02-15: 408.03 + 408.03 + 408.02 = 1,224.08.
    const paidInFull = replayLedger(smallLoan([['REPAYMENT', '1224.08', '2025-02-15']]));
    expect(paidInFull.status).toBe('PAID_OFF');
    expect(paidInFull.closedOn).toBe('2025-02-15');
    expect(paidInFull.nextDueOn).toBeNull();

    // A stored ledger that cannot replay names the transaction (posting refuses it earlier: posting.test.ts).
    const error = errorOf(() => replayLedger(smallLoan([['REPAYMENT', '1224.09', '2025-02-15']])));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('REPAYMENT t1 of 1224.09 on 2025-02-15 cannot be applied');
  });
});

describe('prepayments (TERM / INSTALLMENT) on 2025-03-01, mid-period of installment 2', () => {
  // Installment 2 runs s = 2025-02-15 … e = 2025-03-15: 28 days, 14 before and 14 after the prepayment.
  // B = 803.97 (installments 2 and 3), r = 0.01.

  it('TERM keeps the installment amount and lets the last one absorb', () => {
    // A = 300.00: interest 2 = round((803.97·14 + 503.97·14)·0.01/28) = round(6.5397) = 6.54;
    // principal 2 = 408.03 − 6.54 = 401.49, balance 102.48; interest 3 = round(1.0248) = 1.02, last 103.50.
    const ledger = replayLedger(
      smallLoan([
        ['REPAYMENT', EMI, '2025-02-15'],
        ['PREPAYMENT', '300.00', '2025-03-01', { reduce: 'TERM' }],
      ]),
    );
    expect(ledger.installments.map((i) => [i.interest, i.principal])).toEqual([
      ['12.00', '396.03'],
      ['6.54', '401.49'],
      ['1.02', '102.48'],
    ]);
    expect(ledger.applied[1]?.allocation.principal).toBe('300.00');
    expect(ledger.principalOutstanding).toBe('503.97');
  });

  it('TERM drops the installments a large prepayment makes unnecessary', () => {
    // A = 500.00: interest 2 = round((803.97·14 + 303.97·14)·0.01/28) = round(5.5397) = 5.54;
    // principal 2 = min(408.03 − 5.54, 303.97) = 303.97, so installment 3 is no longer needed.
    const ledger = replayLedger(
      smallLoan([
        ['REPAYMENT', EMI, '2025-02-15'],
        ['PREPAYMENT', '500.00', '2025-03-01'],
      ]),
    );
    expect(ledger.installments.map((i) => [i.dueOn, i.interest, i.principal])).toEqual([
      ['2025-02-15', '12.00', '396.03'],
      ['2025-03-15', '5.54', '303.97'],
    ]);
  });

  it('INSTALLMENT keeps the count with a new EMI', () => {
    // New EMI for 503.97 over 2 months = 503.97·0.01·1.01²/(1.01²−1) = 255.771… → 255.77;
    // installment 2: interest 6.54, principal 249.23, balance 254.74; installment 3: interest 2.55, principal 254.74.
    const ledger = replayLedger(
      smallLoan([
        ['REPAYMENT', EMI, '2025-02-15'],
        ['PREPAYMENT', '300.00', '2025-03-01', { reduce: 'INSTALLMENT' }],
      ]),
    );
    expect(ledger.installments.slice(1).map((i) => [i.interest, i.principal])).toEqual([
      ['6.54', '249.23'],
      ['2.55', '254.74'],
    ]);
    expect(ledger.nextDueAmount).toBe('255.77');
  });

  it('keeps money paid in advance credited to the recomputed installments', () => {
    // 500.00 on 2025-02-15 leaves 91.97 on installment 2. After TERM A = 300.00 it stays there: interest 6.54,
    // then 85.43 of principal 401.49.
    const ledger = replayLedger(
      smallLoan([
        ['REPAYMENT', '500.00', '2025-02-15'],
        ['PREPAYMENT', '300.00', '2025-03-01'],
      ]),
    );
    expect(ledger.installments[1]).toMatchObject({
      interest: '6.54',
      paidInterest: '6.54',
      principal: '401.49',
      paidPrincipal: '85.43',
    });
  });

  it('counts two prepayments in one period day by day', () => {
    // 100.00 on 2025-02-22 (day 7 of 28) and 100.00 on 2025-03-08 (day 21): principal·days =
    // 803.97·28 − 100·21 − 100·7 = 19,711.16; interest 2 = round(19,711.16·0.01/28) = round(7.0397) = 7.04.
    const ledger = replayLedger(
      smallLoan([
        ['REPAYMENT', EMI, '2025-02-15'],
        ['PREPAYMENT', '100.00', '2025-02-22'],
        ['PREPAYMENT', '100.00', '2025-03-08'],
      ]),
    );
    expect(ledger.installments[1]?.interest).toBe('7.04');
    expect(ledger.principalOutstanding).toBe('603.97');
  });

  it('accepts a prepayment on the due date of an unpaid installment, which is due but not overdue', () => {
    // On 2025-03-15 installment 2 (408.03) is due, not overdue; k = 3 with s = 2025-03-15 = d, so
    // interest 3 = round((403.98 − 100.00)·0.01) = round(3.0398) = 3.04 and installment 3 = 303.98 + 3.04.
    const ledger = replayLedger(
      smallLoan([
        ['REPAYMENT', EMI, '2025-02-15'],
        ['PREPAYMENT', '100.00', '2025-03-15'],
      ]),
    );
    expect(ledger.installments.slice(1).map((i) => [i.interest, i.principal, i.paidPrincipal])).toEqual([
      ['8.04', '399.99', '0.00'],
      ['3.04', '303.98', '0.00'],
    ]);
  });

  it('refuses while an installment is overdue, naming it', () => {
    const error = errorOf(() => replayLedger(smallLoan([['PREPAYMENT', '300.00', '2025-03-01']])));
    expect(error.code).toBe('CONFLICT');
    // Installment 1: 408.03 + fee 25.00 (charged 2025-02-21).
    expect(error.message).toContain('433.03 is overdue on installment 1 (due 2025-02-15)');
  });

  it('refuses the whole scheduled principal and points to payoff', () => {
    const error = errorOf(() =>
      replayLedger(
        smallLoan([
          ['REPAYMENT', EMI, '2025-02-15'],
          ['PREPAYMENT', '803.97', '2025-03-01'],
        ]),
      ),
    );
    expect(error.message).toContain('at most 803.96');
    expect(error.message).toContain('payoff');
  });
});

describe('payoff', () => {
  const paidFirst = smallLoan([['REPAYMENT', EMI, '2025-02-15']]);

  it('quotes a due date with that installment due and nothing accrued', () => {
    // On 2025-03-15 installment 2 is due: interest 8.04; principal 399.99 + 403.98 = 803.97; total 812.01.
    expect(quotePayoff(paidFirst, '2025-03-15')).toEqual({
      on: '2025-03-15',
      principal: '803.97',
      interest: '8.04',
      fees: '0.00',
      accruedInterest: '0.00',
      credit: '0.00',
      total: '812.01',
    });
  });

  it('quotes between due dates with interest accrued day by day', () => {
    // 2025-03-01: accrued = round(803.97·0.01·14/28) = round(4.01985) = 4.02; total 807.99.
    expect(quotePayoff(paidFirst, '2025-03-01')).toMatchObject({ accruedInterest: '4.02', total: '807.99' });
  });

  it('subtracts money paid in advance as credit', () => {
    // 500.00 on 2025-02-15 put 8.04 + 83.93 = 91.97 on installment 2: 807.99 − 91.97 = 716.02.
    const quote = quotePayoff(smallLoan([['REPAYMENT', '500.00', '2025-02-15']]), '2025-03-01');
    expect(quote).toMatchObject({
      principal: '803.97',
      accruedInterest: '4.02',
      credit: '91.97',
      total: '716.02',
    });
  });

  it('credits prepaid interest only down to a last cent: there are no refunds', () => {
    // 1,224.07 on 2025-01-20 pays all but 0.01 in advance. Payoff that day: principal 1,200.00, accrued
    // round(1200.00·0.01·5/31) = round(1.9355) = 1.94, so 1,201.94 − 1,224.07 would be negative; the credit
    // stops at 1,201.93 and the payoff is 0.01, closing the loan for what the schedule asked in all.
    const loan = smallLoan([['REPAYMENT', '1224.07', '2025-01-20']]);
    expect(quotePayoff(loan, '2025-01-20')).toMatchObject({
      principal: '1200.00',
      accruedInterest: '1.94',
      credit: '1201.93',
      total: '0.01',
    });
    const closed = replayLedger(
      smallLoan([
        ['REPAYMENT', '1224.07', '2025-01-20'],
        ['PAYOFF', '0.01', '2025-01-20'],
      ]),
    );
    expect(closed.status).toBe('PAID_OFF');
    expect(closed.totalPaid).toBe('1224.08');
  });

  it('refuses a quote before the disbursement and on a closed loan', () => {
    expect(errorOf(() => quotePayoff(paidFirst, '2025-01-14')).fieldErrors?.on).toBeDefined();
    const closed = smallLoan([['REPAYMENT', '1224.08', '2025-02-15']]);
    expect(errorOf(() => quotePayoff(closed, '2025-03-01')).code).toBe('CONFLICT');
  });

  it('closes the loan for exactly the quote and never charges later interest', () => {
    const ledger = replayLedger(
      smallLoan([
        ['REPAYMENT', EMI, '2025-02-15'],
        ['PAYOFF', '807.99', '2025-03-01'],
      ]),
    );
    expect(ledger.status).toBe('PAID_OFF');
    expect(ledger.closedOn).toBe('2025-03-01');
    expect(ledger.installments.map((i) => i.interest)).toEqual(['12.00', '4.02', '0.00']);
    expect(ledger.applied[1]?.allocation).toEqual({
      principal: '803.97',
      interest: '0.00',
      fees: '0.00',
      accruedInterest: '4.02',
    });
    expect(ledger.totalPaid).toBe('1216.02');
    expect(computePosition(smallLoan(), '2025-06-01').feesOverdue).toBe('75.00');
    expect(
      computePosition(
        smallLoan([
          ['REPAYMENT', EMI, '2025-02-15'],
          ['PAYOFF', '807.99', '2025-03-01'],
        ]),
        '2025-06-01',
      ),
    ).toMatchObject({ status: 'PAID_OFF', feesOverdue: '0.00', principalOutstanding: '0.00', nextDue: null });
  });

  it('refuses another amount with CONFLICT stating the right one', () => {
    const error = errorOf(() =>
      replayLedger(
        smallLoan([
          ['REPAYMENT', EMI, '2025-02-15'],
          ['PAYOFF', '807.98', '2025-03-01'],
        ]),
      ),
    );
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('exactly 807.99');
  });
});

describe('write-off', () => {
  it('writes off unpaid fees, interest of due installments and all principal', () => {
    // Nothing paid by 2025-03-20: fee of installment 1 (2025-02-21) 25.00; installment 2's fee date is
    // 2025-03-21. Interest due: 12.00 + 8.04 = 20.04. Principal 1,200.00. Total 1,245.04.
    const loan = smallLoan();
    expect(quoteWriteOff(loan, '2025-03-20')).toEqual({
      principal: '1200.00',
      interest: '20.04',
      fees: '25.00',
      accruedInterest: '0.00',
      total: '1245.04',
    });
    const ledger = replayLedger(smallLoan([['WRITE_OFF', '1245.04', '2025-03-20']]), { asOf: '2025-06-01' });
    expect(ledger).toMatchObject({
      status: 'WRITTEN_OFF',
      closedOn: '2025-03-20',
      principalOutstanding: '0.00',
    });
    expect(ledger.writtenOff).toMatchObject({ principal: '1200.00', interest: '20.04', fees: '25.00' });
    // No fee is charged after the write-off, and the books carry nothing.
    expect(ledger.installments.map((i) => i.fee)).toEqual(['25.00', '0.00', '0.00']);
    expect(computePosition(smallLoan([['WRITE_OFF', '1245.04', '2025-03-20']]), '2025-06-01')).toMatchObject({
      status: 'WRITTEN_OFF',
      principalOutstanding: '0.00',
      principalOverdue: '0.00',
      daysPastDue: 0,
      arrearsBucket: 'CURRENT',
      nextDue: null,
    });
  });
});
