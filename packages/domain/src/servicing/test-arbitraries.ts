import fc from 'fast-check';
import { DomainError } from '../errors';
import { computeLoanFigures } from '../money/schedule';
import { addDays, fromDayNumber, toDayNumber } from './dates';
import { quotePayoff } from './ledger';
import { computePosition } from './position';
import { type TPosting, validatePosting } from './posting';
import type { TInstallment } from './schemas';
import type { TLedgerInput, TLedgerTransaction } from './types';

/** Generators for the ledger property tests (not exported from the package). */

/** Later than every generated value date, so no posting is refused for being in the future. */
export const TODAY = '2100-01-01';

export const cents = (money: string): bigint => BigInt(money.replace('.', ''));
export const money = (value: bigint): string => {
  const digits = value.toString().padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
};
export const owedOn = (i: TInstallment): bigint =>
  cents(i.fee) -
  cents(i.paidFee) +
  cents(i.interest) -
  cents(i.paidInterest) +
  cents(i.principal) -
  cents(i.paidPrincipal);

export const loans = fc
  .record({
    // Mostly ordinary loans, some tiny ones whose rounded EMI over-pays and ends the schedule early.
    principalCents: fc.oneof(
      fc.integer({ min: 10_000, max: 10_000_000 }),
      fc.integer({ min: 1, max: 2_000 }),
    ),
    rateMilliPercent: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 36_000 })),
    termMonths: fc.integer({ min: 1, max: 24 }),
    lateFeeCents: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5_000 })),
    lateFeeGraceDays: fc.integer({ min: 0, max: 30 }),
    disbursedDay: fc.integer({ min: toDayNumber('2000-01-01'), max: toDayNumber('2040-12-31') }),
  })
  .map(
    (loan): TLedgerInput => ({
      terms: {
        principal: money(BigInt(loan.principalCents)),
        annualRatePercent: (loan.rateMilliPercent / 1000).toFixed(3),
        termMonths: loan.termMonths,
        lateFee: money(BigInt(loan.lateFeeCents)),
        lateFeeGraceDays: loan.lateFeeGraceDays,
      },
      disbursedOn: fromDayNumber(loan.disbursedDay),
      transactions: [],
    }),
  );

/** A posting attempt: when (per mille of the loan's life) and how much (per mille of a typical amount). */
export interface TOperation {
  /** CATCH_UP: a repayment of everything overdue or due on the date, as a diligent borrower makes. */
  type: 'REPAYMENT' | 'CATCH_UP' | 'PREPAYMENT' | 'PAYOFF';
  when: number;
  size: number;
  reduce: 'TERM' | 'INSTALLMENT';
}

export const operations: fc.Arbitrary<TOperation[]> = fc
  .tuple(
    fc.array(
      fc.record({
        type: fc.constantFrom<TOperation['type']>(
          'REPAYMENT',
          'REPAYMENT',
          'CATCH_UP',
          'PREPAYMENT',
          'PREPAYMENT',
          'PAYOFF',
        ),
        when: fc.integer({ min: 0, max: 1_000 }),
        size: fc.integer({ min: 1, max: 1_000 }),
        reduce: fc.constantFrom<TOperation['reduce']>('TERM', 'INSTALLMENT'),
      }),
      { maxLength: 8 },
    ),
    fc.boolean(),
  )
  // Half the ledgers are recorded in date order, the others with back-dated postings.
  .map(([ops, chronological]) => (chronological ? [...ops].sort((a, b) => a.when - b.when) : ops));

export function dateOf(input: TLedgerInput, when: number): string {
  const lifeDays = input.terms.termMonths * 31 + 90;
  return addDays(input.disbursedOn, Math.floor((lifeDays * when) / 1_000));
}

/** Everything overdue or due on `on`: what brings the loan up to date. */
function dueBy(input: TLedgerInput, on: string): string {
  const position = computePosition(input, on);
  const due = position.installments.filter((i) => i.dueOn <= on).reduce((sum, i) => sum + owedOn(i), 0n);
  return money(due);
}

/** Posts what the engine accepts, skipping what it refuses, as the API would; returns the ledger input. */
export function post(input: TLedgerInput, ops: readonly TOperation[]): TLedgerInput {
  const emi = cents(computeLoanFigures(input.terms).monthlyInstallment);
  const principal = cents(input.terms.principal);
  let transactions: TLedgerTransaction[] = [...input.transactions];
  const attempt = (
    type: TPosting['type'],
    valueDate: string,
    amountOf: (current: TLedgerInput) => string,
    reduce?: TOperation['reduce'],
  ) => {
    const current = { ...input, transactions };
    try {
      const posting = {
        type,
        amount: amountOf(current),
        valueDate,
        reduce,
        id: `t${transactions.length + 1}`,
      };
      transactions = [...transactions, validatePosting(current, posting, TODAY).transaction];
    } catch (error) {
      if (!(error instanceof DomainError)) {
        throw error;
      }
    }
  };
  for (const op of ops) {
    const on = dateOf(input, op.when);
    const share = (base: bigint) => money(1n + (base * BigInt(op.size)) / 1_000n);
    // Half the prepayments come with a catch-up first: only a loan with nothing overdue can prepay.
    if (op.type === 'CATCH_UP' || (op.type === 'PREPAYMENT' && op.size % 2 === 0)) {
      attempt('REPAYMENT', on, (current) => dueBy(current, on));
    }
    if (op.type === 'REPAYMENT') {
      attempt('REPAYMENT', on, () => share(emi * 3n));
    } else if (op.type === 'PREPAYMENT') {
      attempt('PREPAYMENT', on, () => share(principal / 2n), op.reduce);
    } else if (op.type === 'PAYOFF') {
      attempt('PAYOFF', on, (current) => quotePayoff(current, on).total);
    }
  }
  return { ...input, transactions };
}
