import { describe, expect, it } from 'vitest';
import { derivedProductCode, IDEMPOTENCY_KEY, normalizeRate, repaymentKey } from '../../src/book/keys';

describe('repaymentKey', () => {
  it('is readable: the loan, the date and which repayment of that day it is', () => {
    expect(repaymentKey('LB-2024-0001', '2025-02-15', 1)).toBe('book:LB-2024-0001:2025-02-15:1');
    expect(repaymentKey('LB-2024-0001', '2025-02-15', 2)).toBe('book:LB-2024-0001:2025-02-15:2');
  });

  it('stays a valid idempotency key for any loan reference, and the same for the same row', () => {
    for (const ref of ['LN 2023/001', 'a'.repeat(95), 'ünïcödé', 'x:y']) {
      const key = repaymentKey(ref, '2025-02-15', 1);
      expect(key).toMatch(IDEMPOTENCY_KEY);
      expect(repaymentKey(ref, '2025-02-15', 1)).toBe(key);
      expect(repaymentKey(ref, '2025-02-15', 2)).not.toBe(key);
      expect(repaymentKey(ref, '2025-02-16', 1)).not.toBe(key);
    }
  });
});

describe('products at another rate', () => {
  it('are named after the base product and the rate in thousandths of a percent', () => {
    expect(derivedProductCode('HOME', '7.25')).toBe('HOME_R7250');
    expect(derivedProductCode('CAR', '12')).toBe('CAR_R12000');
    expect(derivedProductCode('CAR', '3.625')).toBe('CAR_R3625');
    const long = derivedProductCode('VERY_LONG_PRODUCT_CD', '10.5');
    expect(long).toBe('VERY_LONG_PRO_R10500');
    expect(long).toMatch(/^[A-Z][A-Z0-9_]{1,19}$/);
  });

  it('print rates as the API does', () => {
    expect(normalizeRate('7')).toBe('7.00');
    expect(normalizeRate('6.9')).toBe('6.90');
    expect(normalizeRate('3.625')).toBe('3.625');
    expect(normalizeRate('07.50')).toBe('7.50');
  });
});
