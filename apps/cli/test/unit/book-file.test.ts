import { describe, expect, it } from 'vitest';
import { BookFormatError, readBook } from '../../src/book/book-file';

const TODAY = '2026-06-30';
const HEADER =
  'record,customer,email,phone,loan_ref,product,amount,term_months,rate,disbursed_on,paid_on,reference';

describe('readBook', () => {
  it('reads customers, loans and repayments, normalizing amounts and product codes', () => {
    const book = readBook(
      [
        HEADER,
        'customer,amina.k,amina@example.com,+44 20 7946 0101,,,,,,,,',
        'loan,amina.k,,,L-1,personal,1200,6,12,2025-01-15,,',
        'repayment,,,,L-1,,207.06,,,,2025-02-15,RCPT-1',
        'repayment,,,,L-1,,207.1,,,,2025-03-15,',
      ].join('\n'),
      TODAY,
    );
    expect(book.rejected).toEqual([]);
    expect(book.customers).toEqual([
      { line: 2, username: 'amina.k', email: 'amina@example.com', phone: '+44 20 7946 0101' },
    ]);
    expect(book.loans).toEqual([
      {
        line: 3,
        loanRef: 'L-1',
        customer: 'amina.k',
        product: 'PERSONAL',
        amount: '1200.00',
        termMonths: 6,
        rate: '12',
        disbursedOn: '2025-01-15',
      },
    ]);
    expect(book.repayments).toEqual([
      { line: 4, loanRef: 'L-1', amount: '207.06', paidOn: '2025-02-15', reference: 'RCPT-1' },
      { line: 5, loanRef: 'L-1', amount: '207.10', paidOn: '2025-03-15', reference: null },
    ]);
  });

  it('takes the columns in any order, and only those a kind of row needs', () => {
    const book = readBook('loan_ref,paid_on,amount,record\nL-9,2025-01-01,10.00,repayment\n', TODAY);
    expect(book.repayments).toHaveLength(0);
    expect(book.rejected).toEqual([
      {
        line: 2,
        stage: 'file',
        code: 'INVALID_ROW',
        message: 'Invalid row',
        fieldErrors: { loan_ref: ['No loan row with this loan_ref in the file'] },
      },
    ]);
  });

  it('refuses a file it cannot read as a book, saying why', () => {
    expect(() => readBook('', TODAY)).toThrow(BookFormatError);
    expect(() => readBook('record,customer,mail\n', TODAY)).toThrow('Unknown column "mail"');
    expect(() => readBook('record,amount,amount\n', TODAY)).toThrow('The column "amount" appears twice');
    expect(() => readBook('customer,email\nx,y\n', TODAY)).toThrow('no "record" column');
    expect(() => readBook('record,customer\ncustomer,amina\n', TODAY)).toThrow(
      'customer rows but no "email" column',
    );
  });

  it('rejects rows with what is wrong with each field', () => {
    const book = readBook(
      [
        HEADER,
        'customer,amina.k,,,,,,,,,,',
        'loan,amina.k,,,L-1,HOME,12.345,ten,7.1234,2027-01-01,,',
        'loan,amina.k,,,L-2,HOME,10000,12,,2025-02-30,,',
        'payment,,,,L-2,,10.00,,,,2025-03-01,',
      ].join('\n'),
      TODAY,
    );
    expect(book.rejected.map((r) => [r.line, r.fieldErrors])).toEqual([
      [2, { email: ['Required'] }],
      [
        3,
        {
          amount: ['Must be a plain decimal with at most two decimals, like 1250.00'],
          term_months: ['Must be a whole number of months'],
          rate: ['Must be a percentage with at most three decimals, like 6.90'],
          disbursed_on: ['Date must not be after today (2026-06-30)'],
        },
      ],
      [4, { disbursed_on: ['Date must be a calendar date written YYYY-MM-DD'] }],
      [5, { record: ['Must be one of customer, loan, repayment'] }],
    ]);
  });

  it('refuses a second row for the same customer or loan, and the repayments of a refused loan', () => {
    const book = readBook(
      [
        HEADER,
        'customer,amina.k,a@example.com,,,,,,,,,',
        'customer,AMINA.K,b@example.com,,,,,,,,,',
        'loan,amina.k,,,L-1,HOME,10000,12,,2025-01-01,,',
        'loan,amina.k,,,L-1,CAR,5000,12,,2025-01-01,,',
        'loan,amina.k,,,L-2,CAR,,12,,2025-01-01,,',
        'repayment,,,,L-2,,10.00,,,,2025-03-01,',
      ].join('\n'),
      TODAY,
    );
    expect(book.loans.map((loan) => loan.loanRef)).toEqual(['L-1']);
    expect(book.rejected.map((r) => [r.line, r.code, r.message, r.fieldErrors])).toEqual([
      [3, 'INVALID_ROW', 'Invalid row', { customer: ['This customer is already on line 2'] }],
      [5, 'INVALID_ROW', 'Invalid row', { loan_ref: ['This loan_ref is already used on line 4'] }],
      [6, 'INVALID_ROW', 'Invalid row', { amount: ['Required'] }],
      [7, 'NOT_IMPORTED', 'Its loan (line 6) was not imported', {}],
    ]);
  });
});
