/**
 * A lender's book for the import test: customers, loans on the seeded products (some at rates the
 * catalogue does not have) and their past repayments, plus rows that must be rejected, each with the
 * error it must get. Deterministic for a seed, and dated relative to `today` so nothing is in the future.
 */
import { computeLoanFigures } from '@loanbook/domain/money';
import { addDays, addMonths, dueDateOf } from '@loanbook/domain/servicing';
import { BOOK_COLUMNS, type TBookColumn } from '../../src/book/book-file';
import { formatCsv } from '../../src/csv';

/** The products the migrations seed (late fee 25.00 after 5 grace days). */
export const SEEDED_PRODUCTS = {
  PERSONAL: { rate: '10.75', min: 500, max: 50_000, minTerm: 6, maxTerm: 84 },
  CAR: { rate: '7.25', min: 1_000, max: 150_000, minTerm: 12, maxTerm: 96 },
  EDUCATION: { rate: '14.70', min: 500, max: 100_000, minTerm: 6, maxTerm: 120 },
  HOME: { rate: '6.90', min: 10_000, max: 2_000_000, minTerm: 12, maxTerm: 360 },
} as const;
export const LATE_FEE = { lateFee: '25.00', lateFeeGraceDays: 5 };
const OTHER_RATES = ['6.50', '8.25', '12.00'];

export interface TGeneratedLoan {
  loanRef: string;
  customer: string;
  product: keyof typeof SEEDED_PRODUCTS;
  amount: string;
  termMonths: number;
  /** The rate the loan runs at (the product's unless `rateInFile`). */
  rate: string;
  rateInFile: boolean;
  disbursedOn: string;
  repayments: { amount: string; paidOn: string; line: number }[];
  /** Every installment paid: the loan ends PAID_OFF. */
  paidInFull: boolean;
}

/** A row that must fail, and what the import must say about it. */
export interface TExpectedRejection {
  line: number;
  record: string;
  code: string;
  /** A field error the row must carry (field: part of its message), or a part of the message. */
  field?: string;
  says: string;
}

export interface TGeneratedBook {
  csv: string;
  rows: number;
  customers: string[];
  loans: TGeneratedLoan[];
  rejections: TExpectedRejection[];
  counts: { customers: number; loans: number; repayments: number };
}

/** mulberry32: a small seeded PRNG, so a failing book can be reproduced. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}

type TRow = Partial<Record<TBookColumn, string>>;

export function generateBook(options: {
  today: string;
  rows: number;
  seed?: number;
  prefix?: string;
}): TGeneratedBook {
  const rnd = random(options.seed ?? 20261201);
  const prefix = options.prefix ?? 'imp';
  const rows: TRow[] = [];
  const rejections: TExpectedRejection[] = [];
  const line = () => rows.length + 2; // the next row's line (the header is line 1)
  const push = (row: TRow) => {
    rows.push(row);
    return rows.length + 1;
  };
  const reject = (row: TRow, expected: Omit<TExpectedRejection, 'line' | 'record'>) =>
    rejections.push({ line: push(row), record: row.record ?? '', ...expected });

  // ---- customers ----
  const customerCount = Math.round(options.rows * 0.06);
  const customers = Array.from(
    { length: customerCount },
    (_, i) => `${prefix}-cust-${String(i + 1).padStart(3, '0')}`,
  );
  for (const [i, username] of customers.entries()) {
    push({
      record: 'customer',
      customer: username,
      email: `${username}@example.com`,
      phone: i % 3 === 0 ? `+44 20 7946 ${String(1000 + i)}` : '',
    });
  }

  // ---- loans, with as many repayments as fit the row budget ----
  const loanCount = Math.round(options.rows * 0.15);
  const loans: TGeneratedLoan[] = [];
  for (let i = 0; i < loanCount; i++) {
    const product = rnd.pick(Object.keys(SEEDED_PRODUCTS) as (keyof typeof SEEDED_PRODUCTS)[]);
    const spec = SEEDED_PRODUCTS[product];
    const rateInFile = i % 10 === 3;
    const rate = rateInFile ? rnd.pick(OTHER_RATES) : spec.rate;
    const maxAmount = Math.min(spec.max, spec.min * 40);
    const amount = (rnd.int(spec.min, maxAmount) + rnd.int(0, 99) / 100).toFixed(2);
    const paidInFull = i % 12 === 5;
    const termMonths = paidInFull ? spec.minTerm : rnd.int(spec.minTerm, Math.min(spec.maxTerm, 60));
    // Disbursed 1–30 months ago (loans paid in full long enough ago to have run their course).
    const monthsAgo = paidInFull ? termMonths + rnd.int(1, 6) : rnd.int(1, 30);
    const disbursedOn = addDays(addMonths(options.today, -monthsAgo), -rnd.int(0, 27));
    loans.push({
      loanRef: `${prefix}-L${String(i + 1).padStart(4, '0')}`,
      customer: rnd.pick(customers),
      product,
      amount,
      termMonths,
      rate,
      rateInFile,
      disbursedOn,
      repayments: [],
      paidInFull,
    });
  }
  const BAD_ROWS = 14;
  let budget = options.rows - customerCount - loanCount - BAD_ROWS;
  for (const loan of loans) {
    const { schedule } = computeLoanFigures({
      principal: loan.amount,
      annualRatePercent: loan.rate,
      termMonths: loan.termMonths,
    });
    const due = schedule.map((row, index) => ({
      amount: row.installment,
      dueOn: dueDateOf(loan.disbursedOn, index + 1),
    }));
    const elapsed = due.filter((installment) => installment.dueOn <= options.today);
    if (loan.paidInFull) {
      // On the due dates, to the cent: the last payment closes the loan.
      for (const installment of due)
        loan.repayments.push({ amount: installment.amount, paidOn: installment.dueOn, line: 0 });
    } else {
      // Some paid on time, some a few days late (a late fee after the grace days), some not paid yet.
      // Never every installment: a loan still running takes small extra payments below.
      const paid = Math.min(elapsed.length, rnd.int(0, 12), loan.termMonths - 1);
      for (const installment of elapsed.slice(0, paid)) {
        const late = rnd.next() < 0.2 ? rnd.int(1, 12) : 0;
        const paidOn =
          addDays(installment.dueOn, late) > options.today
            ? installment.dueOn
            : addDays(installment.dueOn, late);
        loan.repayments.push({ amount: installment.amount, paidOn, line: 0 });
      }
    }
    loan.repayments.splice(Math.max(0, budget));
    loan.paidInFull &&= loan.repayments.length === due.length;
    budget -= loan.repayments.length;
  }
  // Fill what is left of the budget with small extra payments on loans still running.
  const running = loans.filter((loan) => !loan.paidInFull);
  for (let i = 0; budget > 0; i++, budget--) {
    const loan = running[i % running.length] as TGeneratedLoan;
    loan.repayments.push({ amount: '10.00', paidOn: addDays(loan.disbursedOn, 1 + (i % 20)), line: 0 });
  }

  for (const loan of loans) {
    push({
      record: 'loan',
      customer: loan.customer,
      loan_ref: loan.loanRef,
      product: loan.product,
      amount: loan.amount,
      term_months: String(loan.termMonths),
      rate: loan.rateInFile ? loan.rate : '',
      disbursed_on: loan.disbursedOn,
    });
    for (const repayment of loan.repayments) {
      repayment.line = push({
        record: 'repayment',
        loan_ref: loan.loanRef,
        amount: repayment.amount,
        paid_on: repayment.paidOn,
        reference: `RCPT-${line()}`,
      });
    }
  }

  // ---- rows that must be refused ----
  const [first, second] = loans as [TGeneratedLoan, TGeneratedLoan];
  reject(
    { record: 'customer', customer: customers[0], email: 'again@example.com' },
    { code: 'INVALID_ROW', field: 'customer', says: 'already on line 2' },
  );
  const badEmail = `${prefix}-bad-email`;
  reject(
    { record: 'customer', customer: badEmail, email: 'not-an-email' },
    { code: 'BAD_REQUEST', field: 'email', says: 'Invalid email' },
  );
  reject(
    {
      record: 'loan',
      customer: badEmail,
      loan_ref: `${prefix}-X1`,
      product: 'CAR',
      amount: '5000',
      term_months: '24',
      disbursed_on: first.disbursedOn,
    },
    { code: 'NOT_IMPORTED', says: 'Its customer' },
  );
  reject(
    {
      record: 'loan',
      customer: customers[1],
      loan_ref: `${prefix}-X2`,
      product: 'PERSONAL',
      amount: '90000.00',
      term_months: '24',
      disbursed_on: first.disbursedOn,
    },
    { code: 'BAD_REQUEST', field: 'amount', says: '50000.00' },
  );
  reject(
    { record: 'repayment', loan_ref: `${prefix}-X2`, amount: '100.00', paid_on: first.disbursedOn },
    { code: 'NOT_IMPORTED', says: 'Its loan' },
  );
  reject(
    {
      record: 'loan',
      customer: customers[2],
      loan_ref: `${prefix}-X3`,
      product: 'YACHT',
      amount: '5000.00',
      term_months: '24',
      disbursed_on: first.disbursedOn,
    },
    { code: 'BAD_REQUEST', field: 'productCode', says: 'Unknown product' },
  );
  reject(
    {
      record: 'loan',
      customer: `${prefix}-nobody`,
      loan_ref: `${prefix}-X4`,
      product: 'CAR',
      amount: '5000.00',
      term_months: '24',
      disbursed_on: first.disbursedOn,
    },
    { code: 'NOT_IMPORTED', field: 'customer', says: 'not in Loanbook' },
  );
  reject(
    {
      record: 'loan',
      customer: customers[3],
      loan_ref: second.loanRef,
      product: 'CAR',
      amount: '5000.00',
      term_months: '24',
      disbursed_on: first.disbursedOn,
    },
    { code: 'INVALID_ROW', field: 'loan_ref', says: 'already used on line' },
  );
  reject(
    {
      record: 'repayment',
      loan_ref: first.loanRef,
      amount: '50.00',
      paid_on: addDays(first.disbursedOn, -1),
    },
    { code: 'BAD_REQUEST', says: 'before' },
  );
  reject(
    { record: 'repayment', loan_ref: first.loanRef, amount: '999999999.00', paid_on: options.today },
    { code: 'BAD_REQUEST', says: 'payoff' },
  );
  reject(
    { record: 'repayment', loan_ref: first.loanRef, amount: '10.00', paid_on: '2025-02-30' },
    { code: 'INVALID_ROW', field: 'paid_on', says: 'calendar date' },
  );
  reject(
    { record: 'repayment', loan_ref: `${prefix}-NOPE`, amount: '10.00', paid_on: first.disbursedOn },
    { code: 'INVALID_ROW', field: 'loan_ref', says: 'No loan row' },
  );
  reject(
    { record: 'repayment', loan_ref: first.loanRef, amount: '12.345', paid_on: options.today },
    { code: 'INVALID_ROW', field: 'amount', says: 'two decimals' },
  );
  reject(
    { record: 'payment', loan_ref: first.loanRef, amount: '10.00', paid_on: options.today },
    { code: 'INVALID_ROW', field: 'record', says: 'one of' },
  );
  if (rejections.length !== BAD_ROWS)
    throw new Error(`expected ${BAD_ROWS} bad rows, made ${rejections.length}`);

  const csv = formatCsv([
    BOOK_COLUMNS,
    ...rows.map((row) => BOOK_COLUMNS.map((column) => row[column] ?? '')),
  ]);
  const repayments = loans.reduce((sum, loan) => sum + loan.repayments.length, 0);
  return {
    csv,
    rows: rows.length,
    customers,
    loans,
    rejections,
    counts: { customers: customers.length, loans: loans.length, repayments },
  };
}
