import { interestOn, sumCents } from './cents';
import { daysBetween } from './dates';
import type { TInstallmentCents, TLedgerState } from './state';

/**
 * Day-by-day interest inside one installment's period (spec §4). `scheduledPrincipal` is B: the principal
 * of this installment and all later ones as currently scheduled (after any prepayment in the period).
 * The principal·days product counts B plus the period's prepayments from the period start, minus each
 * prepayment from its own date: with a single prepayment A on day d this is exactly the spec's
 * B·(d−s) + (B−A)·(e−d); a second prepayment in the same period keeps the first one's days right.
 */
function principalDays(installment: TInstallmentCents, scheduledPrincipal: bigint, until: string): bigint {
  const prepaid = sumCents(installment.prepaidInPeriod, (prepayment) => prepayment.amount);
  let product = (scheduledPrincipal + prepaid) * BigInt(daysBetween(installment.periodStart, until));
  for (const prepayment of installment.prepaidInPeriod) {
    product -= prepayment.amount * BigInt(daysBetween(prepayment.on, until));
  }
  return product;
}

/** The whole period's interest of an installment, day by day: round_half_up(Σ principal·days · r / (e−s)). */
export function periodInterest(
  state: TLedgerState,
  installment: TInstallmentCents,
  scheduled: bigint,
): bigint {
  return accruedInterest(state, installment, scheduled, installment.dueOn);
}

/**
 * Interest accrued in the running period up to `on` (payoff, spec §4): round_half_up(B·r·(d−s)/(e−s)),
 * with the period's prepayments counted day by day. Zero on the period's first day.
 */
export function accruedInterest(
  state: TLedgerState,
  installment: TInstallmentCents,
  scheduled: bigint,
  on: string,
): bigint {
  const periodDays = daysBetween(installment.periodStart, installment.dueOn);
  return interestOn(principalDays(installment, scheduled, on), state.rate, periodDays);
}

/** B: the scheduled principal of installments from `fromIndex` on (not reduced by advance payments). */
export function scheduledPrincipalFrom(state: TLedgerState, fromIndex: number): bigint {
  return sumCents(state.installments.slice(fromIndex), (installment) => installment.principal);
}
