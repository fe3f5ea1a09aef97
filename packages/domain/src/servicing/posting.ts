import { DomainError } from '../errors';
import { formatCents, toCents } from './cents';
import { isCalendarDate, laterDate } from './dates';
import { formatAllocation, runLedgerOrThrow, toLedger } from './ledger';
import { describeTransaction, latestDate, runLedger } from './replay';
import type { TAllocation, TPrepaymentEffect } from './schemas';
import { requireActive } from './state';
import type { TLedger, TLedgerInput, TLedgerTransaction } from './types';

/** A money transaction about to be posted. */
export interface TPosting {
  type: 'REPAYMENT' | 'PREPAYMENT' | 'PAYOFF' | 'WRITE_OFF';
  /** Decimal string; for WRITE_OFF the total from `quoteWriteOff`. */
  amount: string;
  valueDate: string;
  reduce?: TPrepaymentEffect | null;
  /** The id the row will get, if already known; only used in the returned transaction. */
  id?: string;
}

/** The posting as it will be stored, where its money goes, and the loan after it. */
export interface TPostingResult {
  transaction: TLedgerTransaction;
  allocation: TAllocation;
  ledger: TLedger;
}

function badField(field: string, message: string): DomainError {
  return new DomainError('BAD_REQUEST', message, { [field]: [message] });
}

function nextSeq(transactions: readonly TLedgerTransaction[]): number {
  return transactions.reduce((max, transaction) => Math.max(max, transaction.seq), 0) + 1;
}

/**
 * Checks a new repayment, prepayment, payoff or write-off against the loan's ledger before it is inserted,
 * and returns the row to store (next `seq`), its allocation and the recomputed ledger as of `today` (the
 * posted columns to write). BAD_REQUEST with fieldErrors for a value date in the future or before the
 * disbursement (`paidOn`, or `writtenOffOn`) or a non-positive `amount`; CONFLICT when the loan is not
 * ACTIVE. A back-dated posting replays the later transactions: if one becomes impossible, CONFLICT names it.
 */
export function validatePosting(input: TLedgerInput, posting: TPosting, today: string): TPostingResult {
  const dateField = posting.type === 'WRITE_OFF' ? 'writtenOffOn' : 'paidOn';
  if (!isCalendarDate(posting.valueDate)) {
    throw badField(dateField, 'Date must be a calendar date YYYY-MM-DD');
  }
  if (posting.valueDate > today) {
    throw badField(dateField, `Date cannot be in the future (today is ${today})`);
  }
  if (posting.valueDate < input.disbursedOn) {
    throw badField(dateField, `Date cannot be before the disbursement on ${input.disbursedOn}`);
  }
  const amount = toCents(posting.amount, 'amount');
  if (amount <= 0n) {
    throw badField('amount', 'Amount must be greater than zero');
  }
  const asOf = laterDate(today, latestDate(input));
  requireActive(runLedgerOrThrow(input, asOf).state);

  const transaction: TLedgerTransaction = {
    id: posting.id ?? 'new',
    type: posting.type,
    amount: formatCents(amount),
    valueDate: posting.valueDate,
    seq: nextSeq(input.transactions),
    reduce: posting.type === 'PREPAYMENT' ? (posting.reduce ?? 'TERM') : null,
    reverses: null,
  };
  const run = runLedger({ ...input, transactions: [...input.transactions, transaction] }, asOf);
  if (run.failure !== null) {
    const { transaction: failed, error } = run.failure;
    if (failed === transaction) {
      throw error;
    }
    throw new DomainError(
      'CONFLICT',
      `Recording this ${posting.type} on ${posting.valueDate} would make the later ${describeTransaction(failed)} impossible: ${error.message}`,
    );
  }
  const own = run.applied.find((applied) => applied.transaction === transaction);
  if (own === undefined) {
    // Unreachable: the transaction is dated on or before asOf and the run did not fail.
    throw new DomainError('CONFLICT', 'The posting was not applied');
  }
  return { transaction, allocation: formatAllocation(own.allocation), ledger: toLedger(run, asOf) };
}

/**
 * Checks that reversing `transactionId` leaves a valid ledger (spec §4) and returns the REVERSAL row to
 * store (dated like the reversed transaction, next `seq`) and the recomputed ledger. NOT_FOUND for an unknown id; CONFLICT for
 * a transaction that cannot be reversed (only repayments, prepayments and payoffs; not twice; not on a
 * written-off loan) or whose removal makes a later transaction impossible (named in the message).
 */
export function validateReversal(
  input: TLedgerInput,
  transactionId: string,
  today: string,
): { transaction: TLedgerTransaction; ledger: TLedger } {
  const target = input.transactions.find((transaction) => transaction.id === transactionId);
  if (target === undefined) {
    throw new DomainError('NOT_FOUND', 'No such transaction on this loan');
  }
  if (target.type !== 'REPAYMENT' && target.type !== 'PREPAYMENT' && target.type !== 'PAYOFF') {
    throw new DomainError(
      'CONFLICT',
      `A ${target.type} cannot be reversed, only repayments, prepayments and payoffs`,
    );
  }
  if (
    input.transactions.some(
      (transaction) => transaction.type === 'REVERSAL' && transaction.reverses === transactionId,
    )
  ) {
    throw new DomainError('CONFLICT', `${describeTransaction(target)} is already reversed`);
  }
  const asOf = laterDate(today, latestDate(input));
  if (runLedgerOrThrow(input, asOf).state.status === 'WRITTEN_OFF') {
    throw new DomainError('CONFLICT', 'The loan is written off: its transactions can no longer be reversed');
  }
  const reversal: TLedgerTransaction = {
    id: `reversal-of-${transactionId}`,
    type: 'REVERSAL',
    amount: target.amount,
    // Dated like the transaction it cancels, so money in per month nets out in the month it counted.
    valueDate: target.valueDate,
    seq: nextSeq(input.transactions),
    reduce: null,
    reverses: transactionId,
  };
  const run = runLedger({ ...input, transactions: [...input.transactions, reversal] }, asOf);
  if (run.failure !== null) {
    const { transaction: failed, error } = run.failure;
    throw new DomainError(
      'CONFLICT',
      `Reversing ${describeTransaction(target)} would make ${describeTransaction(failed)} impossible: ${error.message}`,
    );
  }
  return { transaction: reversal, ledger: toLedger(run, asOf) };
}
