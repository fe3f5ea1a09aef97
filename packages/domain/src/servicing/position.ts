import { formatCents } from './cents';
import { arrearsBucketOf } from './constants';
import { daysBetween } from './dates';
import { formatInstallments, principalOutstandingOf, requireServicingDate, runLedgerOrThrow } from './ledger';
import type { TInstallmentState, TPosition } from './schemas';
import { isSettled, unpaidOf } from './state';
import type { TLedgerInput } from './types';

/**
 * Where the loan stands on `asOf` (spec §5; `loans.position`): transactions dated on or before `asOf`
 * and the late fees charged by then. An installment is overdue once its due date is before `asOf`; the
 * next one due is the first not fully paid that falls on or after `asOf`. A written-off loan owes
 * nothing on the books: its figures are zero and no installment is DUE.
 */
export function computePosition(input: TLedgerInput, asOf: string): TPosition {
  requireServicingDate(input, asOf, 'asOf');
  const { state: ledger } = runLedgerOrThrow(input, asOf);
  const isActive = ledger.status === 'ACTIVE';
  const overdue = { principal: 0n, interest: 0n, fees: 0n };
  let oldestUnpaidDueOn: string | null = null;
  let nextDueIndex = -1;
  for (const [index, installment] of ledger.installments.entries()) {
    if (!isActive || isSettled(installment)) {
      continue;
    }
    oldestUnpaidDueOn ??= installment.dueOn;
    if (installment.dueOn < asOf) {
      overdue.principal += installment.principal - installment.paidPrincipal;
      overdue.interest += installment.interest - installment.paidInterest;
      overdue.fees += installment.fee - installment.paidFee;
    } else if (nextDueIndex < 0) {
      nextDueIndex = index;
    }
  }
  const daysPastDue =
    oldestUnpaidDueOn !== null && oldestUnpaidDueOn < asOf ? daysBetween(oldestUnpaidDueOn, asOf) : 0;
  const next = ledger.installments[nextDueIndex];
  const installments = formatInstallments(ledger).map((installment, index) => {
    const source = ledger.installments[index];
    const state: TInstallmentState =
      source !== undefined && isSettled(source)
        ? 'PAID'
        : index === nextDueIndex
          ? 'DUE'
          : installment.dueOn < asOf
            ? 'OVERDUE'
            : 'UPCOMING';
    return { ...installment, state };
  });
  return {
    asOf,
    status: ledger.status,
    principalOutstanding: formatCents(principalOutstandingOf(ledger)),
    principalOverdue: formatCents(overdue.principal),
    interestOverdue: formatCents(overdue.interest),
    feesOverdue: formatCents(overdue.fees),
    daysPastDue,
    arrearsBucket: arrearsBucketOf(daysPastDue),
    nextDue:
      next === undefined
        ? null
        : { number: next.number, dueOn: next.dueOn, amount: formatCents(unpaidOf(next)) },
    totalPaid: formatCents(ledger.totalPaid),
    installments,
  };
}
