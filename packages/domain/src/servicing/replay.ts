import { DomainError, isDomainError } from '../errors';
import { chargeLateFees, payOldestFirst } from './allocate';
import { formatCents, toCents } from './cents';
import { isCalendarDate } from './dates';
import { applyPayoff } from './payoff';
import { applyPrepayment } from './prepay';
import {
  isSettled,
  noAllocation,
  openLedger,
  requireActive,
  type TAllocationCents,
  type TLedgerState,
  totalOwed,
} from './state';
import type { TLedgerInput, TLedgerTransaction } from './types';
import { applyWriteOff } from './write-off';

/** One transaction as the replay applied it. */
export interface TAppliedCents {
  transaction: TLedgerTransaction;
  allocation: TAllocationCents;
}

/** A replay's outcome: the state reached, and the first transaction that could not be applied, if any. */
export interface TLedgerRun {
  state: TLedgerState;
  applied: TAppliedCents[];
  failure: { transaction: TLedgerTransaction; error: DomainError } | null;
}

/** Value-date order, same day in record order (seq); the id only makes equal seqs deterministic. */
export function compareTransactions(a: TLedgerTransaction, b: TLedgerTransaction): number {
  if (a.valueDate !== b.valueDate) {
    return a.valueDate < b.valueDate ? -1 : 1;
  }
  if (a.seq !== b.seq) {
    return a.seq - b.seq;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The transactions a replay applies: REVERSAL rows and the transactions they reverse drop out. */
export function effectiveTransactions(transactions: readonly TLedgerTransaction[]): TLedgerTransaction[] {
  const reversed = new Set<string>();
  for (const transaction of transactions) {
    if (transaction.type === 'REVERSAL' && transaction.reverses) {
      reversed.add(transaction.reverses);
    }
  }
  return transactions
    .filter((transaction) => transaction.type !== 'REVERSAL' && !reversed.has(transaction.id))
    .sort(compareTransactions);
}

/** Names a transaction in messages: "REPAYMENT t-7 of 500.00 on 2025-03-03". */
export const describeTransaction = (transaction: TLedgerTransaction): string =>
  `${transaction.type} ${transaction.id} of ${transaction.amount} on ${transaction.valueDate}`;

function applyRepayment(state: TLedgerState, on: string, amount: bigint): TAllocationCents {
  const owed = totalOwed(state);
  if (amount > owed) {
    const message = `Only ${formatCents(owed)} is still owed on the schedule, so a repayment can be at most ${formatCents(owed)}; to close the loan early use payoff`;
    throw new DomainError('BAD_REQUEST', message, { amount: [message] });
  }
  const { allocation } = payOldestFirst(state.installments, amount);
  if (state.installments.every(isSettled)) {
    state.status = 'PAID_OFF';
    state.closedOn = on;
  }
  return allocation;
}

function applyTransaction(state: TLedgerState, transaction: TLedgerTransaction): TAllocationCents {
  const { type, valueDate } = transaction;
  if (!isCalendarDate(valueDate) || valueDate < state.disbursedOn) {
    const message = `The value date must be a date on or after the disbursement on ${state.disbursedOn}`;
    throw new DomainError('BAD_REQUEST', message, { valueDate: [message] });
  }
  const amount = toCents(transaction.amount);
  if (type === 'DISBURSEMENT' || type === 'REVERSAL') {
    // The disbursement opened the ledger (its principal is the schedule's); reversals never get here.
    return type === 'DISBURSEMENT' ? { ...noAllocation(), principal: amount } : noAllocation();
  }
  if (amount <= 0n) {
    throw new DomainError('BAD_REQUEST', 'Amount must be greater than zero', {
      amount: ['Amount must be greater than zero'],
    });
  }
  requireActive(state);
  const allocation = applyMoney(state, { ...transaction, type }, amount);
  if (type !== 'WRITE_OFF') {
    state.totalPaid += amount;
  }
  return allocation;
}

/** The transaction types that move money or close the loan. */
type TMoneyTransaction = TLedgerTransaction & { type: 'REPAYMENT' | 'PREPAYMENT' | 'PAYOFF' | 'WRITE_OFF' };

function applyMoney(state: TLedgerState, transaction: TMoneyTransaction, amount: bigint): TAllocationCents {
  const { valueDate } = transaction;
  switch (transaction.type) {
    case 'REPAYMENT':
      return applyRepayment(state, valueDate, amount);
    case 'PREPAYMENT':
      return applyPrepayment(state, valueDate, amount, transaction.reduce ?? 'TERM');
    case 'PAYOFF':
      return applyPayoff(state, valueDate, amount);
    case 'WRITE_OFF':
      return applyWriteOff(state, valueDate, amount);
  }
}

/** The date a replay runs to when none is given: the latest value date, or the disbursement. */
export function latestDate(input: TLedgerInput): string {
  let latest = input.disbursedOn;
  for (const transaction of input.transactions) {
    if (transaction.valueDate > latest) {
      latest = transaction.valueDate;
    }
  }
  return latest;
}

/**
 * Replays the loan from its disbursement: transactions dated on or before `asOf` in value-date order,
 * late fees charged as their dates pass (through `asOf`). Stops at the first transaction that the
 * recomputed ledger makes impossible and reports it, instead of throwing.
 */
export function runLedger(input: TLedgerInput, asOf: string): TLedgerRun {
  const state = openLedger(input.terms, input.disbursedOn);
  const applied: TAppliedCents[] = [];
  for (const transaction of effectiveTransactions(input.transactions)) {
    if (transaction.valueDate > asOf) {
      break;
    }
    chargeLateFees(state, transaction.valueDate);
    try {
      applied.push({ transaction, allocation: applyTransaction(state, transaction) });
    } catch (error) {
      if (!isDomainError(error)) {
        throw error;
      }
      return { state, applied, failure: { transaction, error } };
    }
  }
  chargeLateFees(state, asOf);
  return { state, applied, failure: null };
}
