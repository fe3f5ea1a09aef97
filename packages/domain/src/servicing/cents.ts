import { DomainError } from '../errors';

/**
 * Money inside the ledger is integer cents (BigInt): sums and allocations stay exact, and rounding happens
 * only where the spec says `round_half_up`. Amounts become two-decimal strings at the boundary.
 */

const MONEY_TEXT = /^(\d{1,13})(?:\.(\d{1,2}))?$/;
const RATE_TEXT = /^(\d{1,3})(?:\.(\d{1,10}))?$/;

/** "1234.5" → 123450n; BAD_REQUEST (on `field`) for anything but a plain decimal with ≤ 2 places. */
export function toCents(text: string, field = 'amount'): bigint {
  const match = MONEY_TEXT.exec(text);
  if (match === null) {
    const message = 'Must be a decimal amount with at most two decimals, like 1250.00';
    throw new DomainError('BAD_REQUEST', `${field}: ${message}`, { [field]: [message] });
  }
  const [, whole = '0', fraction = ''] = match;
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
}

/** Integer cents → "1234.56". */
export function formatCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const digits = (cents < 0n ? -cents : cents).toString().padStart(3, '0');
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** round_half_up(dividend / divisor) for dividend ≥ 0 and divisor > 0. */
export function divideHalfUp(dividend: bigint, divisor: bigint): bigint {
  return (dividend * 2n + divisor) / (divisor * 2n);
}

/** The smaller of two amounts (Math.min does not take BigInt). */
export const minCents = (a: bigint, b: bigint): bigint => (a < b ? a : b);
/** The larger of two amounts. */
export const maxCents = (a: bigint, b: bigint): bigint => (a > b ? a : b);

/** Sum of a list of amounts. */
export function sumCents<T>(items: readonly T[], amountOf: (item: T) => bigint): bigint {
  let total = 0n;
  for (const item of items) {
    total += amountOf(item);
  }
  return total;
}

/**
 * The monthly rate r = annual% / 1200 as the exact fraction numerator / denominator: "9.00" → 900 / 120000.
 * A decimal r (0.0075, or 0.0030208333… for 3.625 %) would round before the half-up step.
 */
export interface TMonthlyRate {
  numerator: bigint;
  denominator: bigint;
}

/** Parses a decimal percent-per-year string into the exact monthly rate. */
export function toMonthlyRate(annualRatePercent: string): TMonthlyRate {
  const match = RATE_TEXT.exec(annualRatePercent);
  if (match === null) {
    const message = 'Interest rate must be a non-negative decimal percentage';
    throw new DomainError('BAD_REQUEST', message, { annualRatePercent: [message] });
  }
  const [, whole = '0', fraction = ''] = match;
  return { numerator: BigInt(whole + fraction), denominator: 1200n * 10n ** BigInt(fraction.length) };
}

/**
 * round_half_up(principalDays · r / periodDays): interest on a principal·days product over a period.
 * With principalDays = B · periodDays this is one full month, round_half_up(B · r), as in the schedule.
 */
export function interestOn(principalDays: bigint, rate: TMonthlyRate, periodDays: number): bigint {
  return divideHalfUp(principalDays * rate.numerator, rate.denominator * BigInt(periodDays));
}
