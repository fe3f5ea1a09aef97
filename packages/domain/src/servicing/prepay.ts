import { DomainError } from '../errors';
import { computeLoanFigures } from '../money/schedule';
import { periodInterest, scheduledPrincipalFrom } from './accrual';
import { creditInOrder } from './allocate';
import { divideHalfUp, formatCents, maxCents, minCents, sumCents, toCents } from './cents';
import type { TPrepaymentEffect } from './schemas';
import {
  firstDueAfter,
  isSettled,
  noAllocation,
  type TAllocationCents,
  type TInstallmentCents,
  type TLedgerState,
  unpaidOf,
} from './state';

/**
 * Rebuilds installments k… from principal B − A on their due dates. The first one's interest is the
 * day-by-day interest of its period; later ones charge a full month on the running balance, as the
 * schedule does. TERM keeps the installment amount and stops when the balance is repaid (fewer
 * installments); INSTALLMENT keeps the count. Either way the last one absorbs what is left.
 */
function reschedule(
  state: TLedgerState,
  templates: readonly TInstallmentCents[],
  first: { interest: bigint; prepaidInPeriod: TInstallmentCents['prepaidInPeriod'] },
  balance: bigint,
  emi: bigint,
  keepCount: boolean,
): TInstallmentCents[] {
  const rebuilt: TInstallmentCents[] = [];
  let left = balance;
  for (const [index, template] of templates.entries()) {
    if (!keepCount && left === 0n) {
      break;
    }
    const interest =
      index === 0 ? first.interest : divideHalfUp(left * state.rate.numerator, state.rate.denominator);
    const isLast = index === templates.length - 1;
    // Capped like the schedule: an EMI that over-pays the balance ends the loan early instead.
    const principal = isLast ? left : minCents(maxCents(emi - interest, 0n), left);
    left -= principal;
    rebuilt.push({
      ...template,
      principal,
      interest,
      fee: 0n,
      paidPrincipal: 0n,
      paidInterest: 0n,
      paidFee: 0n,
      prepaidInPeriod: index === 0 ? first.prepaidInPeriod : [],
    });
  }
  return rebuilt;
}

function refuseWhenOverdue(state: TLedgerState, on: string): void {
  const overdue = state.installments.filter(
    (installment) => installment.dueOn < on && !isSettled(installment),
  );
  if (overdue.length === 0) {
    return;
  }
  const owed = formatCents(sumCents(overdue, unpaidOf));
  const which = overdue.map((installment) => `${installment.number} (due ${installment.dueOn})`).join(', ');
  throw new DomainError(
    'CONFLICT',
    `Cannot prepay on ${on}: ${owed} is overdue on installment${overdue.length > 1 ? 's' : ''} ${which}; record a repayment first`,
  );
}

/**
 * Applies a prepayment of `amount` on `on` (spec §4): straight to principal, installments k… recomputed,
 * advance payments towards them re-credited. CONFLICT when anything is overdue; BAD_REQUEST when the
 * amount is not below the principal still scheduled, or would leave the loan overpaid.
 */
export function applyPrepayment(
  state: TLedgerState,
  on: string,
  amount: bigint,
  reduce: TPrepaymentEffect,
): TAllocationCents {
  refuseWhenOverdue(state, on);
  const kIndex = firstDueAfter(state, on);
  const scheduled = kIndex < 0 ? 0n : scheduledPrincipalFrom(state, kIndex);
  const current = state.installments[kIndex];
  if (current === undefined || amount >= scheduled) {
    const message =
      scheduled === 0n
        ? 'No installment is still to come, so there is nothing to prepay; use payoff to close the loan'
        : `A prepayment must be less than the ${formatCents(scheduled)} principal still scheduled (at most ${formatCents(scheduled - 1n)}); use payoff to repay all of it`;
    throw new DomainError('BAD_REQUEST', message, { amount: [message] });
  }
  const templates = state.installments.slice(kIndex);
  const credit = sumCents(templates, (installment) => installment.paidInterest + installment.paidPrincipal);
  const balance = scheduled - amount;
  const prepaidInPeriod = [...current.prepaidInPeriod, { on, amount }];
  const interest = periodInterest(state, { ...current, prepaidInPeriod }, balance);
  const emi =
    reduce === 'INSTALLMENT'
      ? toCents(
          computeLoanFigures({
            principal: formatCents(balance),
            annualRatePercent: state.annualRatePercent,
            termMonths: templates.length,
          }).monthlyInstallment,
        )
      : state.emi;
  const rebuilt = reschedule(
    state,
    templates,
    { interest, prepaidInPeriod },
    balance,
    emi,
    reduce === 'INSTALLMENT',
  );

  const stillOwed = sumCents(rebuilt, unpaidOf);
  if (credit >= stillOwed) {
    const message = `With ${formatCents(credit)} already paid in advance this prepayment would leave nothing to pay; use payoff to close the loan`;
    throw new DomainError('BAD_REQUEST', message, { amount: [message] });
  }
  creditInOrder(rebuilt, credit);
  state.installments = [...state.installments.slice(0, kIndex), ...rebuilt];
  state.emi = emi;
  return { ...noAllocation(), principal: amount };
}
