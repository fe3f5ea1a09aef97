/**
 * The servicing vocabulary as plain data (no zod), for the schemas, the state machine's history actions,
 * the API's SQL and the web app alike.
 */

/** The money transactions of a loan's ledger. */
export const TRANSACTION_TYPES = [
  'DISBURSEMENT',
  'REPAYMENT',
  'PREPAYMENT',
  'PAYOFF',
  'WRITE_OFF',
  'REVERSAL',
] as const;
export type TTransactionType = (typeof TRANSACTION_TYPES)[number];

/** The statuses a disbursed loan can be in. */
export const SERVICING_STATUSES = ['ACTIVE', 'PAID_OFF', 'WRITTEN_OFF'] as const;

/** Buckets of days past due for a late loan (the collections queue filters by them). */
export const LATE_BUCKETS = ['1-30', '31-60', '61-90', '90+'] as const;
export type TLateBucket = (typeof LATE_BUCKETS)[number];

/** Every arrears bucket: `CURRENT` is not late. */
export const ARREARS_BUCKETS = ['CURRENT', ...LATE_BUCKETS] as const;

/** Days-past-due bounds of each late bucket, both inclusive (`max` null: no upper bound). */
export const LATE_BUCKET_DAYS: Readonly<Record<TLateBucket, { min: number; max: number | null }>> = {
  '1-30': { min: 1, max: 30 },
  '31-60': { min: 31, max: 60 },
  '61-90': { min: 61, max: 90 },
  '90+': { min: 91, max: null },
};

/** The arrears bucket of a number of days past due (docs/servicing.md §5). */
export function arrearsBucketOf(daysPastDue: number): (typeof ARREARS_BUCKETS)[number] {
  const late = LATE_BUCKETS.find((bucket) => {
    const { min, max } = LATE_BUCKET_DAYS[bucket];
    return daysPastDue >= min && (max === null || daysPastDue <= max);
  });
  return late ?? 'CURRENT';
}
