import Decimal from 'decimal.js';

/** A rate as the API shows it: at least two decimals, no trailing zeros beyond ("6.900" → "6.90"). */
export function formatRatePercent(value: string): string {
  const rate = new Decimal(value);
  return rate.toFixed(Math.max(2, rate.decimalPlaces()));
}
