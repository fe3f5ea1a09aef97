import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { arrearsBucketOf } from './constants';
import { computePosition } from './position';
import { smallLoan } from './test-loans';

describe('computePosition', () => {
  it('shows two overdue installments, the fee charged so far and the next one due', () => {
    // Nothing paid by 2025-03-20: installments 1 (2025-02-15) and 2 (2025-03-15) are overdue; 33 days past due.
    // Principal overdue 396.03 + 399.99 = 796.02, interest 12.00 + 8.04 = 20.04; installment 1's fee was
    // charged on 2025-02-21, installment 2's comes on 2025-03-21.
    const position = computePosition(smallLoan(), '2025-03-20');

    expect(position).toMatchObject({
      asOf: '2025-03-20',
      status: 'ACTIVE',
      principalOutstanding: '1200.00',
      principalOverdue: '796.02',
      interestOverdue: '20.04',
      feesOverdue: '25.00',
      daysPastDue: 33,
      arrearsBucket: '31-60',
      nextDue: { number: 3, dueOn: '2025-04-15', amount: '408.02' },
      totalPaid: '0.00',
    });
    expect(position.installments.map((i) => i.state)).toEqual(['OVERDUE', 'OVERDUE', 'DUE']);
  });

  it('counts only transactions dated on or before asOf', () => {
    const loan = smallLoan([['REPAYMENT', '408.03', '2025-02-15']]);
    expect(computePosition(loan, '2025-02-14')).toMatchObject({ totalPaid: '0.00', daysPastDue: 0 });
    expect(computePosition(loan, '2025-02-15')).toMatchObject({ totalPaid: '408.03', daysPastDue: 0 });
  });

  it('is refused before the disbursement', () => {
    expect(() => computePosition(smallLoan(), '2025-01-14')).toThrow(DomainError);
  });
});

describe('arrearsBucketOf', () => {
  it.each([
    [0, 'CURRENT'],
    [1, '1-30'],
    [30, '1-30'],
    [31, '31-60'],
    [60, '31-60'],
    [61, '61-90'],
    [90, '61-90'],
    [91, '90+'],
  ])('%i days past due → %s', (days, bucket) => {
    expect(arrearsBucketOf(days)).toBe(bucket);
  });
});
