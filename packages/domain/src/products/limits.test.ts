import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors';
import { assertWithinLimits, limitErrors } from './limits';

const HOME = {
  code: 'HOME',
  minAmount: '10000.00',
  maxAmount: '2000000.00',
  minTermMonths: 12,
  maxTermMonths: 360,
};

describe('limitErrors', () => {
  it('names each field outside the limits, bounds included', () => {
    expect(limitErrors(HOME, { amount: '10000.00', termMonths: 360 })).toEqual({});
    expect(limitErrors(HOME, { amount: '2000000.00', termMonths: 12 })).toEqual({});
    expect(Object.keys(limitErrors(HOME, { amount: '9999.99', termMonths: 361 })).sort()).toEqual([
      'amount',
      'termMonths',
    ]);
    expect(limitErrors(HOME, { amount: '2000000.01', termMonths: 12 }).amount).toEqual([
      'Amount for HOME must be between 10000.00 and 2000000.00',
    ]);
  });

  it('judges only the fields it is given, so a field that failed its schema does not hide the other', () => {
    expect(Object.keys(limitErrors(HOME, { amount: '5' }))).toEqual(['amount']);
    expect(Object.keys(limitErrors(HOME, { termMonths: 6 }))).toEqual(['termMonths']);
    expect(limitErrors(HOME, {})).toEqual({});
  });

  it('is what assertWithinLimits throws as a 400', () => {
    expect(() => assertWithinLimits(HOME, '10000', 12)).not.toThrow();
    try {
      assertWithinLimits(HOME, '1', 1);
      expect.unreachable();
    } catch (error) {
      expect(isDomainError(error) && error.code).toBe('BAD_REQUEST');
      expect(isDomainError(error) && error.fieldErrors).toEqual(
        limitErrors(HOME, { amount: '1', termMonths: 1 }),
      );
    }
  });
});
