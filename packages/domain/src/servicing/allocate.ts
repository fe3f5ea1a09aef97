import { minCents } from './cents';
import { addDays } from './dates';
import { noAllocation, type TAllocationCents, type TInstallmentCents, type TLedgerState } from './state';

/**
 * Pays `amount` into the installments oldest first, and within one installment late fee → interest →
 * principal (spec §4). What is left after the installments already due simply continues into the next
 * ones, in the same order, as payment in advance. Interest of installments numbered `accruedFrom` or
 * later is reported as `accruedInterest` (a payoff's running period). Returns what could not be placed,
 * in `leftover`; callers refuse that case before paying.
 */
export function payOldestFirst(
  installments: readonly TInstallmentCents[],
  amount: bigint,
  accruedFrom = Number.POSITIVE_INFINITY,
): { allocation: TAllocationCents; leftover: bigint } {
  const allocation = noAllocation();
  let left = amount;
  for (const installment of installments) {
    if (left === 0n) {
      break;
    }
    const fee = minCents(left, installment.fee - installment.paidFee);
    installment.paidFee += fee;
    allocation.fees += fee;
    left -= fee;

    const interest = minCents(left, installment.interest - installment.paidInterest);
    installment.paidInterest += interest;
    if (installment.number >= accruedFrom) {
      allocation.accruedInterest += interest;
    } else {
      allocation.interest += interest;
    }
    left -= interest;

    const principal = minCents(left, installment.principal - installment.paidPrincipal);
    installment.paidPrincipal += principal;
    allocation.principal += principal;
    left -= principal;
  }
  return { allocation, leftover: left };
}

/**
 * Puts money already paid in advance back onto recomputed installments: interest then principal, in
 * order (spec §4, prepayment and payoff). The installments must carry no payments and no fees yet.
 * Returns what did not fit.
 */
export function creditInOrder(installments: readonly TInstallmentCents[], credit: bigint): bigint {
  return payOldestFirst(installments, credit).leftover;
}

/**
 * Charges the late fee on every installment whose fee date (`dueOn + grace + 1`) is on or before
 * `through` and whose interest + principal was not fully paid by the end of the grace period. Replays call
 * this before each transaction, with its value date, so payments dated on or before the grace end have
 * been applied and payments on the fee date itself come after the charge.
 */
export function chargeLateFees(state: TLedgerState, through: string): void {
  if (state.status !== 'ACTIVE') {
    return;
  }
  // Fee dates rise with due dates, so a cursor visits every installment once over the whole replay.
  while (state.feeCursor < state.installments.length) {
    const installment = state.installments[state.feeCursor];
    if (installment === undefined || addDays(installment.dueOn, state.lateFeeGraceDays + 1) > through) {
      return;
    }
    const scheduled = installment.interest + installment.principal;
    if (state.lateFee > 0n && installment.paidInterest + installment.paidPrincipal < scheduled) {
      installment.fee = state.lateFee;
    }
    state.feeCursor += 1;
  }
}
