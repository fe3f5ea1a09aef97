import { DomainError } from '../errors';
import { accruedInterest, scheduledPrincipalFrom } from './accrual';
import { creditInOrder, payOldestFirst } from './allocate';
import { formatCents } from './cents';
import type { TPayoffQuote } from './schemas';
import { firstDueAfter, type TAllocationCents, type TLedgerState } from './state';

/** A payoff quote in cents, with what applying it needs to rewrite the schedule. */
export interface TPayoffCents {
  principal: bigint;
  interest: bigint;
  fees: bigint;
  accruedInterest: bigint;
  credit: bigint;
  total: bigint;
  /** Index of the first installment not yet due on the date (-1: all are due). */
  firstNotDue: number;
  /** Advance payments towards the installments not yet due (before any cap). */
  paidInAdvance: bigint;
}

/**
 * What closes the loan on `on` (spec §4): unpaid fees + unpaid interest and principal of installments
 * due on or before `on` + the scheduled principal of the ones not yet due + interest accrued in the
 * running period − what was paid in advance towards the ones not yet due. On a due date that
 * installment counts as due and nothing has accrued. Fees must already be charged through `on`.
 */
export function computePayoff(state: TLedgerState, on: string): TPayoffCents {
  const firstNotDue = firstDueAfter(state, on);
  const dueCount = firstNotDue < 0 ? state.installments.length : firstNotDue;
  const quote: TPayoffCents = {
    principal: 0n,
    interest: 0n,
    fees: 0n,
    accruedInterest: 0n,
    credit: 0n,
    total: 0n,
    firstNotDue,
    paidInAdvance: 0n,
  };
  for (const [index, installment] of state.installments.entries()) {
    if (index < dueCount) {
      quote.fees += installment.fee - installment.paidFee;
      quote.interest += installment.interest - installment.paidInterest;
      quote.principal += installment.principal - installment.paidPrincipal;
    } else {
      quote.principal += installment.principal;
      quote.paidInAdvance += installment.paidInterest + installment.paidPrincipal + installment.paidFee;
    }
  }
  const running = state.installments[firstNotDue];
  if (running !== undefined) {
    quote.accruedInterest = accruedInterest(state, running, scheduledPrincipalFrom(state, firstNotDue), on);
  }
  const beforeCredit = quote.principal + quote.interest + quote.fees + quote.accruedInterest;
  // Interest paid in advance beyond what has accrued is credited against the principal, as the spec's
  // formula does; but there is no refund, so the credit stops where one cent is left to pay (decisions.md).
  quote.credit = beforeCredit - quote.paidInAdvance >= 1n ? quote.paidInAdvance : beforeCredit - 1n;
  quote.total = beforeCredit - quote.credit;
  return quote;
}

/** The public quote: money as two-decimal strings. */
export function formatPayoff(on: string, quote: TPayoffCents): TPayoffQuote {
  return {
    on,
    principal: formatCents(quote.principal),
    interest: formatCents(quote.interest),
    fees: formatCents(quote.fees),
    accruedInterest: formatCents(quote.accruedInterest),
    credit: formatCents(quote.credit),
    total: formatCents(quote.total),
  };
}

/**
 * Applies a payoff of exactly the quoted amount (CONFLICT stating it otherwise): the running period keeps
 * only its accrued interest, later periods none, advance payments are re-credited, the amount settles the
 * rest, and the loan is PAID_OFF on `on`.
 */
export function applyPayoff(state: TLedgerState, on: string, amount: bigint): TAllocationCents {
  const quote = computePayoff(state, on);
  if (amount !== quote.total) {
    const message = `The payoff on ${on} is exactly ${formatCents(quote.total)}, not ${formatCents(amount)}`;
    throw new DomainError('CONFLICT', message, { amount: [message] });
  }
  const notDue = quote.firstNotDue < 0 ? [] : state.installments.slice(quote.firstNotDue);
  for (const [index, installment] of notDue.entries()) {
    // Capped credit (see computePayoff) stays as interest of the running period: it is not refunded.
    installment.interest = index === 0 ? quote.accruedInterest + quote.paidInAdvance - quote.credit : 0n;
    installment.paidInterest = 0n;
    installment.paidPrincipal = 0n;
    installment.paidFee = 0n;
  }
  creditInOrder(notDue, quote.paidInAdvance);
  const accruedFrom = notDue[0]?.number ?? Number.POSITIVE_INFINITY;
  const { allocation } = payOldestFirst(state.installments, amount, accruedFrom);
  state.status = 'PAID_OFF';
  state.closedOn = on;
  return allocation;
}
