/**
 * The book file (apps/cli/README.md "The book file"): one CSV with a header row; each row is a customer,
 * a loan or a past repayment. This reads it and checks what can be checked without the API (required
 * values, number and date formats, references between rows); the API judges the rest, row by row.
 */
import { parseCsv } from '../csv';
import { MAX_LOAN_REF } from './keys';

export const BOOK_COLUMNS = [
  'record',
  'customer',
  'email',
  'phone',
  'loan_ref',
  'product',
  'amount',
  'term_months',
  'rate',
  'disbursed_on',
  'paid_on',
  'reference',
] as const;
export type TBookColumn = (typeof BOOK_COLUMNS)[number];
export const RECORD_KINDS = ['customer', 'loan', 'repayment'] as const;
export type TRecordKind = (typeof RECORD_KINDS)[number];

/** The columns a kind of row needs (the file must have them when it has such rows). */
const REQUIRED: Record<TRecordKind, readonly TBookColumn[]> = {
  customer: ['customer', 'email'],
  loan: ['loan_ref', 'customer', 'product', 'amount', 'term_months', 'disbursed_on'],
  repayment: ['loan_ref', 'amount', 'paid_on'],
};

export interface TBookRow {
  line: number;
  record: string;
  values: Record<TBookColumn, string>;
}

export interface TCustomerRow {
  line: number;
  username: string;
  email: string;
  phone: string | null;
}

export interface TLoanRow {
  line: number;
  loanRef: string;
  customer: string;
  product: string;
  /** Normalized to two decimals: "10000" → "10000.00". */
  amount: string;
  termMonths: number;
  /** The loan's annual rate in percent when the file gives one; null: the product's. */
  rate: string | null;
  disbursedOn: string;
}

export interface TRepaymentRow {
  line: number;
  loanRef: string;
  amount: string;
  paidOn: string;
  reference: string | null;
}

/** A row that was not imported, and why (the API's error, or what was wrong with the row). */
export interface TRejection {
  line: number;
  /** Where it failed: `file` (the row itself), or the API step (`register`, `open`, `repay`, …). */
  stage: string;
  /** The API's code, or `INVALID_ROW` / `NOT_IMPORTED` for what the importer found. */
  code: string;
  message: string;
  fieldErrors: Record<string, string[]>;
}

export interface TBook {
  rows: TBookRow[];
  customers: TCustomerRow[];
  loans: TLoanRow[];
  repayments: TRepaymentRow[];
  /** Rows refused before any call to the API. */
  rejected: TRejection[];
}

/** The file cannot be read as a book at all (no header, unknown columns, …). */
export class BookFormatError extends Error {}

const MONEY = /^\d{1,12}(\.\d{1,2})?$/;
const RATE = /^\d{1,3}(\.\d{1,3})?$/;
const WHOLE = /^\d{1,4}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const normalizeMoney = (text: string) => {
  const [whole = '0', decimals = ''] = text.split('.');
  return `${BigInt(whole)}.${decimals.padEnd(2, '0')}`;
};

export function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [, y, m, d] = match.map(Number);
  const date = new Date(Date.UTC(y ?? 0, (m ?? 0) - 1, d ?? 0));
  return date.getUTCFullYear() === y && date.getUTCMonth() + 1 === m && date.getUTCDate() === d;
}

/** Reads and checks a book file; `today` (YYYY-MM-DD, UTC) bounds the dates. */
export function readBook(text: string, today: string): TBook {
  const [header, ...records] = parseCsv(text);
  if (!header) throw new BookFormatError('The file is empty: it needs a header row (see the README).');
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const unknown = columns.filter((name) => !(BOOK_COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new BookFormatError(
      `Unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => `"${c}"`).join(', ')}: the columns are ${BOOK_COLUMNS.join(', ')}.`,
    );
  }
  const duplicate = columns.find((name, index) => columns.indexOf(name) !== index);
  if (duplicate) throw new BookFormatError(`The column "${duplicate}" appears twice.`);
  if (!columns.includes('record')) throw new BookFormatError('The file has no "record" column.');

  const rows: TBookRow[] = records.map(({ line, fields }) => {
    const values = Object.fromEntries(BOOK_COLUMNS.map((name) => [name, ''])) as Record<TBookColumn, string>;
    columns.forEach((name, index) => {
      values[name as TBookColumn] = (fields[index] ?? '').trim();
    });
    return { line, record: values.record.toLowerCase(), values };
  });
  for (const kind of RECORD_KINDS) {
    if (!rows.some((row) => row.record === kind)) continue;
    const missing = REQUIRED[kind].filter((name) => !columns.includes(name));
    if (missing.length > 0) {
      throw new BookFormatError(
        `The file has ${kind} rows but no ${missing.map((c) => `"${c}"`).join(', ')} column.`,
      );
    }
  }
  return checkRows(rows, today);
}

function checkRows(rows: TBookRow[], today: string): TBook {
  const book: TBook = { rows, customers: [], loans: [], repayments: [], rejected: [] };
  const reject = (line: number, fieldErrors: Record<string, string[]>, message = 'Invalid row') => {
    book.rejected.push({ line, stage: 'file', code: 'INVALID_ROW', message, fieldErrors });
  };
  const customerLines = new Map<string, number>();
  const loanLines = new Map<string, number>();

  for (const { line, record, values } of rows) {
    const errors: Record<string, string[]> = {};
    const require = (column: TBookColumn) => {
      if (values[column] === '') errors[column] = ['Required'];
      return values[column];
    };
    const checkDate = (column: TBookColumn) => {
      const value = require(column);
      if (value === '') return value;
      if (!isCalendarDate(value)) errors[column] = ['Date must be a calendar date written YYYY-MM-DD'];
      else if (value > today) errors[column] = [`Date must not be after today (${today})`];
      return value;
    };
    const checkMoney = (column: TBookColumn) => {
      const value = require(column);
      if (value !== '' && !MONEY.test(value)) {
        errors[column] = ['Must be a plain decimal with at most two decimals, like 1250.00'];
      }
      return value;
    };

    if (record === 'customer') {
      const username = require('customer');
      const email = require('email');
      const earlier = customerLines.get(username.toLowerCase());
      if (earlier !== undefined) errors.customer = [`This customer is already on line ${earlier}`];
      if (Object.keys(errors).length > 0) {
        reject(line, errors);
        continue;
      }
      customerLines.set(username.toLowerCase(), line);
      book.customers.push({ line, username, email, phone: values.phone || null });
    } else if (record === 'loan') {
      const loanRef = require('loan_ref');
      const customer = require('customer');
      const product = require('product');
      const amount = checkMoney('amount');
      const term = require('term_months');
      if (term !== '' && !WHOLE.test(term)) errors.term_months = ['Must be a whole number of months'];
      const rate = values.rate;
      if (rate !== '' && !RATE.test(rate)) {
        errors.rate = ['Must be a percentage with at most three decimals, like 6.90'];
      }
      const disbursedOn = checkDate('disbursed_on');
      if (loanRef.length > MAX_LOAN_REF) errors.loan_ref = [`Must be at most ${MAX_LOAN_REF} characters`];
      const earlier = loanLines.get(loanRef);
      if (earlier !== undefined) errors.loan_ref = [`This loan_ref is already used on line ${earlier}`];
      if (Object.keys(errors).length > 0) {
        reject(line, errors);
        continue;
      }
      loanLines.set(loanRef, line);
      book.loans.push({
        line,
        loanRef,
        customer,
        product: product.toUpperCase(),
        amount: normalizeMoney(amount),
        termMonths: Number(term),
        rate: rate === '' ? null : rate,
        disbursedOn,
      });
    } else if (record === 'repayment') {
      const loanRef = require('loan_ref');
      const amount = checkMoney('amount');
      const paidOn = checkDate('paid_on');
      if (Object.keys(errors).length > 0) {
        reject(line, errors);
        continue;
      }
      book.repayments.push({
        line,
        loanRef,
        amount: normalizeMoney(amount),
        paidOn,
        reference: values.reference || null,
      });
    } else {
      reject(line, { record: [`Must be one of ${RECORD_KINDS.join(', ')}`] });
    }
  }

  // A repayment belongs to a loan row of the same file.
  const rejectedLines = new Set(book.rejected.map((rejection) => rejection.line));
  const loanRefLines = new Map<string, number>();
  for (const row of rows) {
    if (row.record === 'loan' && row.values.loan_ref && !loanRefLines.has(row.values.loan_ref)) {
      loanRefLines.set(row.values.loan_ref, row.line);
    }
  }
  book.repayments = book.repayments.filter((repayment) => {
    if (loanLines.has(repayment.loanRef)) return true;
    const loanLine = loanRefLines.get(repayment.loanRef);
    if (loanLine !== undefined && rejectedLines.has(loanLine)) {
      book.rejected.push({
        line: repayment.line,
        stage: 'file',
        code: 'NOT_IMPORTED',
        message: `Its loan (line ${loanLine}) was not imported`,
        fieldErrors: {},
      });
    } else {
      reject(repayment.line, { loan_ref: ['No loan row with this loan_ref in the file'] });
    }
    return false;
  });
  book.rejected.sort((a, b) => a.line - b.line);
  return book;
}
