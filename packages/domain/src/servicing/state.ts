import { DomainError } from '../errors';
import { computeLoanFigures } from '../money/schedule';
import { type TMonthlyRate, toCents, toMonthlyRate } from './cents';
import { dueDateOf, isCalendarDate } from './dates';
import type { TServicingStatus } from './schemas';
import type { TServicingTerms } from './types';

/** An installment inside the replay, in cents. Internal: the public shape is `TInstallment`. */
export interface TInstallmentCents {
  number: number;
  dueOn: string;
  /** Start of the interest period: the previous due date, or the disbursement date. */
  periodStart: string;
  principal: bigint;
  interest: bigint;
  fee: bigint;
  paidPrincipal: bigint;
  paidInterest: bigint;
  paidFee: bigint;
  /** Prepayments dated inside this installment's period, for its day-by-day interest (spec §4). */
  prepaidInPeriod: { on: string; amount: bigint }[];
}

/** Where one transaction's money went, in cents. */
export interface TAllocationCents {
  principal: bigint;
  interest: bigint;
  fees: bigint;
  accruedInterest: bigint;
}

/** A fresh all-zero allocation. */
export const noAllocation = (): TAllocationCents => ({
  principal: 0n,
  interest: 0n,
  fees: 0n,
  accruedInterest: 0n,
});

/** The mutable state a replay walks through, one transaction at a time. */
export interface TLedgerState {
  annualRatePercent: string;
  rate: TMonthlyRate;
  lateFee: bigint;
  lateFeeGraceDays: number;
  disbursedOn: string;
  installments: TInstallmentCents[];
  /** The current installment amount: the schedule's EMI until an INSTALLMENT prepayment changes it. */
  emi: bigint;
  /** Index of the first installment whose late-fee date has not been reached yet. */
  feeCursor: number;
  status: TServicingStatus;
  closedOn: string | null;
  totalPaid: bigint;
  writtenOff: TAllocationCents | null;
}

function badTerm(field: string, message: string): DomainError {
  return new DomainError('BAD_REQUEST', message, { [field]: [message] });
}

/**
 * Opens the ledger at disbursement: the approved schedule (`computeLoanFigures`, the one schedule source)
 * with installment k due on `disbursedOn + k months`.
 */
export function openLedger(terms: TServicingTerms, disbursedOn: string): TLedgerState {
  if (!isCalendarDate(disbursedOn)) {
    throw badTerm('disbursedOn', 'Disbursement date must be a calendar date YYYY-MM-DD');
  }
  const grace = terms.lateFeeGraceDays;
  if (!Number.isSafeInteger(grace) || grace < 0 || grace > 30) {
    throw badTerm('lateFeeGraceDays', 'Grace days must be a whole number from 0 to 30');
  }
  const figures = computeLoanFigures(terms);
  return {
    annualRatePercent: terms.annualRatePercent,
    rate: toMonthlyRate(terms.annualRatePercent),
    lateFee: toCents(terms.lateFee, 'lateFee'),
    lateFeeGraceDays: grace,
    disbursedOn,
    installments: figures.schedule.map((row) => ({
      number: row.period,
      dueOn: dueDateOf(disbursedOn, row.period),
      periodStart: row.period === 1 ? disbursedOn : dueDateOf(disbursedOn, row.period - 1),
      principal: toCents(row.principal),
      interest: toCents(row.interest),
      fee: 0n,
      paidPrincipal: 0n,
      paidInterest: 0n,
      paidFee: 0n,
      prepaidInPeriod: [],
    })),
    emi: toCents(figures.monthlyInstallment),
    feeCursor: 0,
    status: 'ACTIVE',
    closedOn: null,
    totalPaid: 0n,
    writtenOff: null,
  };
}

/** What is still owed on an installment: fee + interest + principal not yet paid. */
export function unpaidOf(installment: TInstallmentCents): bigint {
  return (
    installment.fee -
    installment.paidFee +
    installment.interest -
    installment.paidInterest +
    installment.principal -
    installment.paidPrincipal
  );
}

/** True once fee, interest and principal of the installment are all paid. */
export const isSettled = (installment: TInstallmentCents): boolean => unpaidOf(installment) === 0n;

/** Index of the first installment due strictly after `date` (ISO dates order as strings), or -1. */
export function firstDueAfter(state: TLedgerState, date: string): number {
  return state.installments.findIndex((installment) => installment.dueOn > date);
}

/** Everything still owed on the schedule, fees charged so far included. */
export function totalOwed(state: TLedgerState): bigint {
  let total = 0n;
  for (const installment of state.installments) {
    total += unpaidOf(installment);
  }
  return total;
}

/** Throws CONFLICT unless the loan is still being serviced. */
export function requireActive(state: TLedgerState): void {
  if (state.status === 'PAID_OFF') {
    throw new DomainError('CONFLICT', `The loan was already paid off on ${state.closedOn ?? '?'}`);
  }
  if (state.status === 'WRITTEN_OFF') {
    throw new DomainError('CONFLICT', `The loan was written off on ${state.closedOn ?? '?'}`);
  }
}
