import { describe, expect, it } from 'vitest';
import { replayLedger } from './ledger';
import { validatePosting, validateReversal } from './posting';
import { errorOf, smallLoan } from './test-loans';

const EMI = '408.03';
const TODAY = '2025-06-30';

describe('validatePosting', () => {
  it('returns the row to insert, its allocation and the posted columns', () => {
    const result = validatePosting(
      smallLoan([['REPAYMENT', EMI, '2025-02-15']]),
      { type: 'REPAYMENT', amount: '408.03', valueDate: '2025-03-15', id: 'r2' },
      '2025-03-20',
    );
    expect(result.transaction).toMatchObject({ id: 'r2', seq: 2, amount: '408.03', reduce: null });
    expect(result.allocation).toEqual({
      principal: '399.99',
      interest: '8.04',
      fees: '0.00',
      accruedInterest: '0.00',
    });
    expect(result.ledger).toMatchObject({
      asOf: '2025-03-20',
      principalOutstanding: '403.98',
      nextDueOn: '2025-04-15',
      nextDueAmount: '408.02',
      totalPaid: '816.06',
    });
  });

  it.each([
    [{ valueDate: '2025-07-01' }, 'paidOn', 'future'],
    [{ valueDate: '2025-01-14' }, 'paidOn', 'before the disbursement'],
    [{ valueDate: '2025-02-30' }, 'paidOn', 'calendar date'],
    [{ amount: '0.00' }, 'amount', 'greater than zero'],
    [{ amount: '1.005' }, 'amount', 'two decimals'],
    [{ type: 'WRITE_OFF' as const, valueDate: '2025-07-01' }, 'writtenOffOn', 'future'],
  ])('refuses %o with BAD_REQUEST on %s', (change, field, words) => {
    const error = errorOf(() =>
      validatePosting(
        smallLoan(),
        { type: 'REPAYMENT', amount: '10.00', valueDate: '2025-02-01', ...change },
        TODAY,
      ),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.fieldErrors?.[field]?.[0]).toContain(words);
  });

  it('refuses an overpayment with BAD_REQUEST naming the largest amount and pointing to payoff', () => {
    // Owed on 2025-02-15: 408.03 + 408.03 + 408.02 = 1,224.08.
    const error = errorOf(() =>
      validatePosting(smallLoan(), { type: 'REPAYMENT', amount: '1224.09', valueDate: '2025-02-15' }, TODAY),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.fieldErrors?.amount?.[0]).toContain('at most 1224.08');
    expect(error.fieldErrors?.amount?.[0]).toContain('payoff');
  });

  it('refuses anything on a loan that is no longer active', () => {
    const paidOff = smallLoan([['REPAYMENT', '1224.08', '2025-02-15']]);
    const error = errorOf(() =>
      validatePosting(paidOff, { type: 'REPAYMENT', amount: '1.00', valueDate: '2025-02-10' }, TODAY),
    );
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('paid off on 2025-02-15');
  });

  it('refuses a back-dated posting that makes a later transaction impossible, naming it', () => {
    // After t1 816.05 is owed; t2 pays 816.04 of it on 2025-03-15, leaving 0.01. A 1.00 collected on
    // 2025-03-01 and recorded now would leave only 815.05 owed when t2 comes.
    const loan = smallLoan([
      ['REPAYMENT', EMI, '2025-02-15'],
      ['REPAYMENT', '816.04', '2025-03-15'],
    ]);
    const error = errorOf(() =>
      validatePosting(loan, { type: 'REPAYMENT', amount: '1.00', valueDate: '2025-03-01' }, TODAY),
    );
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('REPAYMENT t2 of 816.04 on 2025-03-15');
    expect(error.message).toContain('at most 815.05');
  });
});

describe('validateReversal', () => {
  it('reverses a repayment: the later one is re-allocated to the late installment', () => {
    // Without t1, 408.03 on 2025-03-15 pays installment 1 late: fee 25.00, interest 12.00, principal 371.03.
    const loan = smallLoan([
      ['REPAYMENT', EMI, '2025-02-15'],
      ['REPAYMENT', EMI, '2025-03-15'],
    ]);
    const { transaction, ledger } = validateReversal(loan, 't1', TODAY);
    expect(transaction).toMatchObject({ type: 'REVERSAL', reverses: 't1', amount: EMI, seq: 3 });
    expect(ledger.applied.map((a) => [a.id, a.allocation])).toEqual([
      ['t2', { fees: '25.00', interest: '12.00', principal: '371.03', accruedInterest: '0.00' }],
    ]);
    // And a replay with the stored REVERSAL row gives the same ledger.
    const stored = { ...loan, transactions: [...loan.transactions, transaction] };
    expect(replayLedger(stored, { asOf: TODAY })).toEqual(ledger);
  });

  it('reverses a payoff: the loan is ACTIVE again with its schedule back', () => {
    const before = smallLoan([['REPAYMENT', EMI, '2025-02-15']]);
    const loan = smallLoan([
      ['REPAYMENT', EMI, '2025-02-15'],
      ['PAYOFF', '807.99', '2025-03-01'],
    ]);
    const { ledger } = validateReversal(loan, 't2', '2025-03-02');
    expect(ledger.status).toBe('ACTIVE');
    expect(ledger.closedOn).toBeNull();
    expect(ledger.installments.map((i) => i.interest)).toEqual(['12.00', '8.04', '4.04']);
    expect(ledger).toEqual(replayLedger(before, { asOf: '2025-03-02' }));
  });

  it.each([
    ['t9', 'NOT_FOUND'],
    ['t1', 'CONFLICT'],
  ])('refuses %s with %s', (id, code) => {
    const loan = smallLoan([
      ['DISBURSEMENT', '1200.00', '2025-01-15'],
      ['REPAYMENT', EMI, '2025-02-15'],
    ]);
    expect(errorOf(() => validateReversal(loan, id, TODAY)).code).toBe(code);
  });

  it('refuses a reversal that makes a later payoff impossible, naming the payoff', () => {
    // With t2 the payoff on 2025-03-01 is 807.99 − 100.00 = 707.99; without it, 807.99.
    const loan = smallLoan([
      ['REPAYMENT', EMI, '2025-02-15'],
      ['REPAYMENT', '100.00', '2025-02-20'],
      ['PAYOFF', '707.99', '2025-03-01'],
    ]);
    expect(replayLedger(loan).status).toBe('PAID_OFF');
    const error = errorOf(() => validateReversal(loan, 't2', TODAY));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('PAYOFF t3 of 707.99 on 2025-03-01');
    expect(error.message).toContain('exactly 807.99');
  });

  it('refuses to reverse twice and on a written-off loan', () => {
    const reversed = smallLoan([
      ['REPAYMENT', EMI, '2025-02-15'],
      ['REVERSAL', EMI, '2025-02-16', { reverses: 't1' }],
    ]);
    expect(errorOf(() => validateReversal(reversed, 't1', TODAY)).message).toContain('already reversed');

    const writtenOff = smallLoan([
      ['REPAYMENT', EMI, '2025-02-15'],
      ['WRITE_OFF', '812.01', '2025-03-20'],
    ]);
    expect(errorOf(() => validateReversal(writtenOff, 't1', TODAY)).message).toContain('written off');
  });
});
