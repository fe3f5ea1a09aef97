import type { TLoanTransaction } from '@loanbook/domain/servicing/schemas';
import Decimal from 'decimal.js';
import { downloadText, toCsv } from '../../lib/csv';
import { withRunningBalance } from './model';

const HEADER = [
  'loan_id',
  'value_date',
  'type',
  'amount',
  'principal',
  'interest',
  'fees',
  'principal_balance',
  'reference',
  'reduce',
  'reverses',
  'reversed_by',
  'recorded_at_utc',
  'recorded_by',
] as const;

/**
 * A loan statement as CSV: the ledger with its running principal balance, one row per transaction in
 * value-date order; amounts as exact decimal strings, text guarded against spreadsheet formulas
 * (`lib/csv.ts`). A single loan's ledger is small: the browser builds it from what the screen shows.
 */
export function statementCsv(transactions: readonly TLoanTransaction[]): string {
  return toCsv(
    HEADER,
    withRunningBalance(transactions).map(({ transaction, balance }) => [
      transaction.loanId,
      transaction.valueDate,
      transaction.type,
      transaction.amount,
      transaction.allocation.principal,
      new Decimal(transaction.allocation.interest).plus(transaction.allocation.accruedInterest).toFixed(2),
      transaction.allocation.fees,
      balance,
      transaction.reference,
      transaction.reduce,
      transaction.reverses,
      transaction.reversedBy,
      transaction.recordedAt,
      transaction.recordedBy.username,
    ]),
  );
}

export function downloadStatementCsv(loan: { id: string }, transactions: readonly TLoanTransaction[]): void {
  downloadText(
    `statement-${loan.id.slice(0, 8)}-${new Date().toISOString().slice(0, 10)}.csv`,
    statementCsv(transactions),
  );
}
