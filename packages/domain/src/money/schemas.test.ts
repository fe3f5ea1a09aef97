import { describe, expect, it } from 'vitest';
import { ZMoneyInput, ZRatePercentInput } from './schemas';

/** The single error message zod reports, or the parsed value. */
function parse(schema: typeof ZMoneyInput | typeof ZRatePercentInput, input: unknown) {
  const result = schema.safeParse(input);
  return result.success
    ? { value: result.data }
    : { messages: result.error.issues.map((issue) => issue.message) };
}

describe('ZMoneyInput', () => {
  it.each([
    ['10000', '10000.00'],
    ['10000.5', '10000.50'],
    ['10000.50', '10000.50'],
    ['0.01', '0.01'],
    ['007', '7.00'],
    ['999999999999.99', '999999999999.99'],
    ['999999999999', '999999999999.00'],
    [10000, '10000.00'],
    [10000.5, '10000.50'],
    [0.01, '0.01'],
    [999999999999.99, '999999999999.99'],
  ])('accepts %o as %s', (input, expected) => {
    expect(parse(ZMoneyInput, input)).toEqual({ value: expected });
  });

  it.each([
    [0, 'Amount must be greater than zero'],
    ['0', 'Amount must be greater than zero'],
    ['0.00', 'Amount must be greater than zero'],
    [-0, 'Amount must be greater than zero'],
    [-1, 'Amount must be greater than zero'],
    ['-1', 'Amount must be greater than zero'],
    [1.005, 'Amount must have at most two decimals'],
    ['1.005', 'Amount must have at most two decimals'],
    [0.1 + 0.2, 'Amount must have at most two decimals'],
    // The largest value numeric(14,2) holds: anything above would reach PostgreSQL and fail there.
    [1e12, 'Amount must be at most 999999999999.99'],
    ['1000000000000', 'Amount must be at most 999999999999.99'],
    ['00000000000001', 'Amount has too many digits'],
    [1e21, 'Amount must be a plain decimal number like 1250.00'],
    [1e-7, 'Amount must be a plain decimal number like 1250.00'],
    ['1e5', 'Amount must be a plain decimal number like 1250.00'],
    ['  10', 'Amount must be a plain decimal number like 1250.00'],
    ['10 ', 'Amount must be a plain decimal number like 1250.00'],
    ['10.', 'Amount must be a plain decimal number like 1250.00'],
    ['.5', 'Amount must be a plain decimal number like 1250.00'],
    ['+10', 'Amount must be a plain decimal number like 1250.00'],
    ['1,000', 'Amount must be a plain decimal number like 1250.00'],
    ['', 'Amount must be a plain decimal number like 1250.00'],
    ['NaN', 'Amount must be a plain decimal number like 1250.00'],
    [Number.NaN, 'Amount must be a finite number'],
    [Number.POSITIVE_INFINITY, 'Amount must be a finite number'],
    [Number.NEGATIVE_INFINITY, 'Amount must be a finite number'],
    [true, 'Amount must be a number or a decimal string like 1250.00'],
    [null, 'Amount must be a number or a decimal string like 1250.00'],
    [{}, 'Amount must be a number or a decimal string like 1250.00'],
    [undefined, 'Amount is required'],
  ])('rejects %o: %s', (input, message) => {
    expect(parse(ZMoneyInput, input)).toEqual({ messages: [message] });
  });
});

describe('ZRatePercentInput', () => {
  it.each([
    ['6.9', '6.90'],
    ['3.625', '3.625'],
    ['7', '7.00'],
    ['3.600', '3.60'],
    ['0', '0.00'],
    ['100', '100.00'],
    ['100.000', '100.00'],
    [6.9, '6.90'],
    [3.625, '3.625'],
    [0, '0.00'],
    [100, '100.00'],
  ])('accepts %o as %s', (input, expected) => {
    expect(parse(ZRatePercentInput, input)).toEqual({ value: expected });
  });

  it.each([
    [-1, 'Interest rate cannot be negative'],
    ['-0.5', 'Interest rate cannot be negative'],
    [3.6255, 'Interest rate must have at most three decimals'],
    ['3.6255', 'Interest rate must have at most three decimals'],
    [100.001, 'Interest rate must be at most 100.00'],
    ['101', 'Interest rate must be at most 100.00'],
    ['0100', 'Interest rate has too many digits'],
    ['1e1', 'Interest rate must be a plain decimal number like 6.90'],
    [' 6.9', 'Interest rate must be a plain decimal number like 6.90'],
    ['6.', 'Interest rate must be a plain decimal number like 6.90'],
    ['.5', 'Interest rate must be a plain decimal number like 6.90'],
    ['6.9%', 'Interest rate must be a plain decimal number like 6.90'],
    [Number.NaN, 'Interest rate must be a finite number'],
    [Number.POSITIVE_INFINITY, 'Interest rate must be a finite number'],
    [true, 'Interest rate must be a number or a decimal string like 6.90'],
    [null, 'Interest rate must be a number or a decimal string like 6.90'],
  ])('rejects %o: %s', (input, message) => {
    expect(parse(ZRatePercentInput, input)).toEqual({ messages: [message] });
  });
});
