import { describe, expect, it } from 'vitest';
import { quotePayoff } from './ledger';
import { computePosition } from './position';
import {
  ZBusinessDate,
  ZIdempotencyKey,
  ZPayoffQuote,
  ZPosition,
  ZPrepayInput,
  ZRepayInput,
  ZReverseInput,
  ZWriteOffInput,
} from './schemas';
import { smallLoan } from './test-loans';

const LOAN_ID = '0b5f7a3e-2c1d-4e8f-9a6b-1c2d3e4f5a6b';

describe('ZBusinessDate', () => {
  it.each(['2025-01-31', '2024-02-29', '1900-01-01', '2999-12-31'])('accepts %s', (date) => {
    expect(ZBusinessDate.safeParse(date).success).toBe(true);
  });

  it.each([
    ['2025-02-29', 'Not a calendar date'],
    ['2025-1-31', 'Date must be written YYYY-MM-DD'],
    ['2025-01-31T00:00:00Z', 'Date must be written YYYY-MM-DD'],
    ['1899-12-31', 'Date must be between 1900 and 2999'],
    ['3000-01-01', 'Date must be between 1900 and 2999'],
    [20250131, 'Date must be written YYYY-MM-DD'],
  ])('rejects %o: %s', (input, message) => {
    const result = ZBusinessDate.safeParse(input);
    expect(result.success ? [] : result.error.issues.map((issue) => issue.message)).toEqual([message]);
  });
});

describe('ZIdempotencyKey', () => {
  it.each(['abcd1234', 'repay:2025-03-01.7f3a_X-1', 'a'.repeat(64)])('accepts %s', (key) => {
    expect(ZIdempotencyKey.safeParse(key).success).toBe(true);
  });

  it.each(['short7!', 'abc1234', 'a'.repeat(65), 'has space 123', 'semi;colon1', 'ünïcode123'])(
    'rejects %s',
    (key) => {
      expect(ZIdempotencyKey.safeParse(key).success).toBe(false);
    },
  );
});

describe('servicing inputs', () => {
  it('normalizes money and defaults a prepayment to reducing the term', () => {
    const parsed = ZPrepayInput.parse({ loanId: LOAN_ID, amount: 250.5, idempotencyKey: 'key-00001' });
    expect(parsed).toEqual({
      loanId: LOAN_ID,
      amount: '250.50',
      idempotencyKey: 'key-00001',
      reduce: 'TERM',
    });
  });

  it('refuses unknown fields, a missing key and a bad amount', () => {
    expect(
      ZRepayInput.safeParse({ loanId: LOAN_ID, amount: '1', idempotencyKey: 'key-00001', x: 1 }).success,
    ).toBe(false);
    expect(ZRepayInput.safeParse({ loanId: LOAN_ID, amount: '1' }).success).toBe(false);
    expect(
      ZRepayInput.safeParse({ loanId: LOAN_ID, amount: '1.005', idempotencyKey: 'key-00001' }).success,
    ).toBe(false);
  });

  it('requires a reason to reverse or write off', () => {
    const id = { loanId: LOAN_ID, transactionId: LOAN_ID };
    expect(ZReverseInput.safeParse({ ...id, reason: '  ' }).success).toBe(false);
    expect(ZWriteOffInput.safeParse({ loanId: LOAN_ID, reason: 'Customer deceased' }).success).toBe(true);
  });
});

describe('servicing outputs', () => {
  it('describe exactly what the engine returns', () => {
    const loan = smallLoan([['REPAYMENT', '500.00', '2025-02-15']]);
    const position = computePosition(loan, '2025-04-20');
    expect(ZPosition.strict().parse(position)).toEqual(position);
    const quote = quotePayoff(loan, '2025-03-01');
    expect(ZPayoffQuote.strict().parse(quote)).toEqual(quote);
  });
});
