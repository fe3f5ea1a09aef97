import type { TLateBucket, TTransactionType } from '@loanbook/domain/servicing/constants';
import type { TInstallmentState, TLoanTransaction } from '@loanbook/domain/servicing/schemas';
import { formatBusinessDate } from '../../lib/format';

/** How the servicing vocabulary reads on screen (docs/servicing.md). */

export const TRANSACTION_LABEL: Record<TTransactionType, string> = {
  DISBURSEMENT: 'Disbursement',
  REPAYMENT: 'Repayment',
  PREPAYMENT: 'Prepayment',
  PAYOFF: 'Payoff',
  WRITE_OFF: 'Write-off',
  REVERSAL: 'Reversal',
};

/** "Prepayment (fewer installments)", "Reversal of the repayment of 12 Mar 2026". */
export function describeTransaction(
  transaction: TLoanTransaction,
  byId: ReadonlyMap<string, TLoanTransaction>,
): string {
  if (transaction.type === 'PREPAYMENT') {
    return `Prepayment (${transaction.reduce === 'INSTALLMENT' ? 'smaller installments' : 'fewer installments'})`;
  }
  if (transaction.type === 'REVERSAL') {
    const reversed = transaction.reverses ? byId.get(transaction.reverses) : undefined;
    return reversed
      ? `Reversal of the ${TRANSACTION_LABEL[reversed.type].toLowerCase()} of ${formatBusinessDate(reversed.valueDate)}`
      : 'Reversal';
  }
  return TRANSACTION_LABEL[transaction.type];
}

export const INSTALLMENT_STATE: Record<TInstallmentState, { label: string; color: string }> = {
  PAID: { label: 'Paid', color: 'green' },
  OVERDUE: { label: 'Overdue', color: 'red' },
  DUE: { label: 'Due next', color: 'blue' },
  UPCOMING: { label: 'Upcoming', color: 'gray' },
};

export const BUCKET_LABEL: Record<TLateBucket | 'CURRENT', string> = {
  CURRENT: 'Current',
  '1-30': '1–30 days',
  '31-60': '31–60 days',
  '61-90': '61–90 days',
  '90+': 'Over 90 days',
};

export const BUCKET_COLOR: Record<TLateBucket | 'CURRENT', string> = {
  CURRENT: 'green',
  '1-30': 'yellow',
  '31-60': 'orange',
  '61-90': 'red',
  '90+': 'grape',
};

export const daysText = (days: number) => `${days} ${days === 1 ? 'day' : 'days'}`;
