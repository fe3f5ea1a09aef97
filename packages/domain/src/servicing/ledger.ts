import { DomainError } from '../errors';
import { formatCents } from './cents';
import { isCalendarDate } from './dates';
import { computePayoff, formatPayoff } from './payoff';
import { describeTransaction, latestDate, runLedger, type TLedgerRun } from './replay';
import type { TAllocation, TInstallment, TPayoffQuote } from './schemas';
import { isSettled, requireActive, type TAllocationCents, type TLedgerState } from './state';
import type { TLedger, TLedgerInput } from './types';
import { allocationTotal, computeWriteOff } from './write-off';

/** Allocation in cents → the API's strings. */
export function formatAllocation(allocation: TAllocationCents): TAllocation {
  return {
    principal: formatCents(allocation.principal),
    interest: formatCents(allocation.interest),
    fees: formatCents(allocation.fees),
    accruedInterest: formatCents(allocation.accruedInterest),
  };
}

/** The installments as the API shows them. */
export function formatInstallments(state: TLedgerState): TInstallment[] {
  return state.installments.map((installment) => ({
    number: installment.number,
    dueOn: installment.dueOn,
    principal: formatCents(installment.principal),
    interest: formatCents(installment.interest),
    fee: formatCents(installment.fee),
    paidPrincipal: formatCents(installment.paidPrincipal),
    paidInterest: formatCents(installment.paidInterest),
    paidFee: formatCents(installment.paidFee),
  }));
}

/** Unpaid principal on the books: none once written off. */
export function principalOutstandingOf(state: TLedgerState): bigint {
  if (state.status === 'WRITTEN_OFF') {
    return 0n;
  }
  let outstanding = 0n;
  for (const installment of state.installments) {
    outstanding += installment.principal - installment.paidPrincipal;
  }
  return outstanding;
}

/** A replay's state as the public `TLedger`. */
export function toLedger(run: TLedgerRun, asOf: string): TLedger {
  const { state } = run;
  const oldestUnpaid = state.status === 'ACTIVE' ? state.installments.find((i) => !isSettled(i)) : undefined;
  return {
    asOf,
    status: state.status,
    closedOn: state.closedOn,
    installments: formatInstallments(state),
    applied: run.applied.map(({ transaction, allocation }) => ({
      id: transaction.id,
      type: transaction.type,
      valueDate: transaction.valueDate,
      amount: transaction.amount,
      allocation: formatAllocation(allocation),
    })),
    writtenOff: state.writtenOff === null ? null : formatAllocation(state.writtenOff),
    principalOutstanding: formatCents(principalOutstandingOf(state)),
    nextDueOn: oldestUnpaid?.dueOn ?? null,
    // Interest and principal only: fees depend on the day they are looked at (position has them), so the
    // posted columns stay a function of the transactions alone.
    nextDueAmount:
      oldestUnpaid === undefined
        ? null
        : formatCents(
            oldestUnpaid.interest -
              oldestUnpaid.paidInterest +
              oldestUnpaid.principal -
              oldestUnpaid.paidPrincipal,
          ),
    totalPaid: formatCents(state.totalPaid),
  };
}

/** BAD_REQUEST on `field` unless `date` is a calendar date on or after the disbursement. */
export function requireServicingDate(input: TLedgerInput, date: string, field: string): void {
  if (!isCalendarDate(date)) {
    throw new DomainError('BAD_REQUEST', 'Date must be a calendar date YYYY-MM-DD', {
      [field]: ['Date must be a calendar date YYYY-MM-DD'],
    });
  }
  if (date < input.disbursedOn) {
    const message = `Date must not be before the disbursement on ${input.disbursedOn}`;
    throw new DomainError('BAD_REQUEST', message, { [field]: [message] });
  }
}

/** Replays and throws CONFLICT naming the first stored transaction that no longer applies. */
export function runLedgerOrThrow(input: TLedgerInput, asOf: string): TLedgerRun {
  const run = runLedger(input, asOf);
  if (run.failure !== null) {
    const { transaction, error } = run.failure;
    throw new DomainError(
      'CONFLICT',
      `${describeTransaction(transaction)} cannot be applied: ${error.message}`,
    );
  }
  return run;
}

/**
 * Replays a loan's posted transactions (servicing spec §4): value-date order, same day in record order;
 * reversed transactions and REVERSAL rows left out; late fees charged through `asOf` (default: the latest
 * value date). Returns the installments, each transaction's allocation, the status and the posted
 * columns. Throws CONFLICT if a stored transaction cannot be applied.
 */
export function replayLedger(input: TLedgerInput, options: { asOf?: string } = {}): TLedger {
  const asOf = options.asOf ?? latestDate(input);
  requireServicingDate(input, asOf, 'asOf');
  return toLedger(runLedgerOrThrow(input, asOf), asOf);
}

/**
 * The payoff quote on `on` (spec §4; `loans.payoffQuote`), counting transactions dated on or before it
 * and the fees charged by then. BAD_REQUEST for a date before disbursement; CONFLICT once the loan is
 * closed.
 */
export function quotePayoff(input: TLedgerInput, on: string): TPayoffQuote {
  requireServicingDate(input, on, 'on');
  const { state } = runLedgerOrThrow(input, on);
  requireActive(state);
  return formatPayoff(on, computePayoff(state, on));
}

/** What a write-off on `on` would take off the books; its total is the WRITE_OFF transaction's amount. */
export function quoteWriteOff(input: TLedgerInput, on: string): TAllocation & { total: string } {
  requireServicingDate(input, on, 'writtenOffOn');
  const { state } = runLedgerOrThrow(input, on);
  requireActive(state);
  const writtenOff = computeWriteOff(state, on);
  return { ...formatAllocation(writtenOff), total: formatCents(allocationTotal(writtenOff)) };
}
