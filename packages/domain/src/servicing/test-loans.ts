import { DomainError } from '../errors';
import type { TLedgerInput, TLedgerTransaction, TServicingTerms } from './types';

/**
 * Test fixture (not exported from the package): 1,200.00 at 12 % for 3 months, so r = 1 % a month and
 * every figure can be checked by hand. EMI = 1200·0.01·1.01³/(1.01³−1) = 408.0266… → 408.03.
 *   1 due 2025-02-15: interest 12.00, principal 396.03, balance 803.97
 *   2 due 2025-03-15: interest  8.04 (8.0397), principal 399.99, balance 403.98
 *   3 due 2025-04-15: interest  4.04 (4.0398), principal 403.98 (last absorbs: 408.02)
 * Total payable 1,224.08. Late fee 25.00 after 5 grace days: installment 1's fee date is 2025-02-21.
 */
export const SMALL_TERMS: TServicingTerms = {
  principal: '1200.00',
  annualRatePercent: '12.00',
  termMonths: 3,
  lateFee: '25.00',
  lateFeeGraceDays: 5,
};
export const SMALL_DISBURSED_ON = '2025-01-15';

type TRow = [
  type: TLedgerTransaction['type'],
  amount: string,
  valueDate: string,
  extra?: Partial<TLedgerTransaction>,
];

/** Transactions t1, t2, … with seq in the order given (the order they were recorded). */
export function recorded(rows: readonly TRow[]): TLedgerTransaction[] {
  return rows.map(([type, amount, valueDate, extra], index) => ({
    id: `t${index + 1}`,
    type,
    amount,
    valueDate,
    seq: index + 1,
    ...extra,
  }));
}

/** The small loan with the given transactions recorded in order. */
export function smallLoan(rows: readonly TRow[] = [], terms: Partial<TServicingTerms> = {}): TLedgerInput {
  return {
    terms: { ...SMALL_TERMS, ...terms },
    disbursedOn: SMALL_DISBURSED_ON,
    transactions: recorded(rows),
  };
}

/** The DomainError a call throws (fails the test if it throws nothing or something else). */
export function errorOf(call: () => unknown): DomainError {
  try {
    call();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}
