import Decimal from 'decimal.js';
import { DomainError, type TFieldErrors } from '../errors';

export interface TProductLimits {
  minAmount: string;
  maxAmount: string;
  minTermMonths: number;
  maxTermMonths: number;
}

/** A product's limits must be ordered; checked on create and on the merged result of an update. */
export function assertValidLimits(limits: TProductLimits): void {
  const errors: TFieldErrors = {};
  if (new Decimal(limits.minAmount).gt(limits.maxAmount)) {
    errors.maxAmount = ['Maximum amount must not be below the minimum amount'];
  }
  if (limits.minTermMonths > limits.maxTermMonths) {
    errors.maxTermMonths = ['Maximum term must not be below the minimum term'];
  }
  if (Object.keys(errors).length > 0) throw new DomainError('BAD_REQUEST', 'Invalid product limits', errors);
}

/**
 * Where a loan's amount and term fall outside its product's limits, by field. Either may be left out (it
 * failed its own schema), so a caller can still report the other in the same round.
 */
export function limitErrors(
  product: TProductLimits & { code: string },
  terms: { amount?: string | undefined; termMonths?: number | undefined },
): TFieldErrors {
  const errors: TFieldErrors = {};
  const { amount, termMonths } = terms;
  if (amount !== undefined) {
    const value = new Decimal(amount);
    if (value.lt(product.minAmount) || value.gt(product.maxAmount)) {
      errors.amount = [
        `Amount for ${product.code} must be between ${product.minAmount} and ${product.maxAmount}`,
      ];
    }
  }
  if (
    termMonths !== undefined &&
    (termMonths < product.minTermMonths || termMonths > product.maxTermMonths)
  ) {
    errors.termMonths = [
      `Term for ${product.code} must be between ${product.minTermMonths} and ${product.maxTermMonths} months`,
    ];
  }
  return errors;
}

/** A loan's amount and term must lie within its product's limits (400 with field errors otherwise). */
export function assertWithinLimits(
  product: TProductLimits & { code: string },
  amount: string,
  termMonths: number,
): void {
  const errors = limitErrors(product, { amount, termMonths });
  if (Object.keys(errors).length > 0) {
    throw new DomainError('BAD_REQUEST', 'The loan is outside the product limits', errors);
  }
}
