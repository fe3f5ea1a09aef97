/**
 * Everything the importer derives from the rows to recognise its own work on a re-run: the repayments'
 * idempotency keys, the disbursement reference that names a loan's row, and the products that carry a
 * rate that differs from the catalogue's.
 */
import { createHash } from 'node:crypto';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** What the API accepts as an idempotency key (`ZIdempotencyKey`). */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_\-:.]{8,64}$/;
const READABLE_REF = /^[A-Za-z0-9_.-]{1,40}$/;

/**
 * The key of a repayment row: the loan's reference, the value date and which repayment of that loan on
 * that date it is in the file (1, 2, …). The amount is left out on purpose: a corrected amount on a
 * re-run then meets the posted key and is refused (409) instead of being posted a second time.
 */
export function repaymentKey(loanRef: string, paidOn: string, occurrence: number): string {
  const ref = READABLE_REF.test(loanRef) ? loanRef : `h${sha256(loanRef).slice(0, 20)}`;
  const key = `book:${ref}:${paidOn}:${occurrence}`;
  return IDEMPOTENCY_KEY.test(key)
    ? key
    : `book:h${sha256(`${loanRef}\u0000${paidOn}\u0000${occurrence}`).slice(0, 40)}`;
}

/** The disbursement's reference: how a re-run finds the loan it created for a row. */
export const disbursementReference = (loanRef: string) => `book:${loanRef}`;

/** Longest loan reference: the disbursement reference holds at most 100 characters. */
export const MAX_LOAN_REF = 100 - 'book:'.length;

/** A rate as the API prints it: at least two decimals ("7" → "7.00", "3.625" stays). */
export function normalizeRate(rate: string): string {
  const [whole = '0', decimals = ''] = rate.split('.');
  return `${Number(whole)}.${decimals.padEnd(2, '0')}`;
}

export const sameRate = (a: string, b: string) => Number(a) === Number(b);

/**
 * The product for loans of `baseCode` at a rate the catalogue does not have: `HOME` at 7.25 % →
 * `HOME_R7250` (the rate in thousandths of a percent), at most 20 characters.
 */
export function derivedProductCode(baseCode: string, rate: string): string {
  const thousandths = Math.round(Number(rate) * 1000);
  const suffix = `_R${thousandths}`;
  return `${baseCode.slice(0, 20 - suffix.length)}${suffix}`;
}
