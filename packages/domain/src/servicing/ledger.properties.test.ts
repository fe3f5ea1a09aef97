import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { computeLoanFigures } from '../money/schedule';
import { addDays } from './dates';
import { quotePayoff, replayLedger } from './ledger';
import { validatePosting, validateReversal } from './posting';
import type { TInstallment } from './schemas';
import { cents, dateOf, loans, money, operations, owedOn, post, TODAY } from './test-arbitraries';
import type { TLedger } from './types';

function expectConsistent(ledger: TLedger): void {
  let paidIntoInstallments = 0n;
  for (const installment of ledger.installments) {
    for (const [due, paid] of [
      [installment.principal, installment.paidPrincipal],
      [installment.interest, installment.paidInterest],
      [installment.fee, installment.paidFee],
    ] as const) {
      expect(cents(paid)).toBeGreaterThanOrEqual(0n);
      expect(cents(paid)).toBeLessThanOrEqual(cents(due));
      paidIntoInstallments += cents(paid);
    }
  }
  let prepaid = 0n;
  for (const { type, amount, allocation } of ledger.applied) {
    const parts = [allocation.principal, allocation.interest, allocation.fees, allocation.accruedInterest];
    expect(parts.every((part) => !part.startsWith('-'))).toBe(true);
    expect(parts.reduce((sum, part) => sum + cents(part), 0n)).toBe(cents(amount));
    if (type === 'PREPAYMENT') {
      prepaid += cents(amount);
    }
  }
  // Every cent paid is either in an installment or went straight to principal as a prepayment.
  expect(paidIntoInstallments + prepaid).toBe(cents(ledger.totalPaid));
  expect(cents(ledger.principalOutstanding)).toBeGreaterThanOrEqual(0n);
  const allPaid = ledger.installments.every((installment) => owedOn(installment) === 0n);
  expect(ledger.status === 'PAID_OFF').toBe(allPaid);
}

describe('ledger properties', () => {
  it('pays off with exactly the total payable and no fee when every installment is paid on its due date', () => {
    fc.assert(
      fc.property(loans, (loan) => {
        const figures = computeLoanFigures(loan.terms);
        // Tiny loans can end with 0.00 installments: nothing to pay on those.
        const rows = replayLedger(loan).installments.filter(
          (i) => cents(i.principal) + cents(i.interest) > 0n,
        );
        const paid = {
          ...loan,
          transactions: rows.map((row, index) => ({
            id: `t${index + 1}`,
            type: 'REPAYMENT' as const,
            amount: money(cents(row.principal) + cents(row.interest)),
            valueDate: row.dueOn,
            seq: index + 1,
          })),
        };
        const ledger = replayLedger(paid, { asOf: addDays(loan.disbursedOn, 2_000) });
        expect(ledger.status).toBe('PAID_OFF');
        expect(ledger.closedOn).toBe(rows.at(-1)?.dueOn);
        expect(ledger.totalPaid).toBe(figures.totalPayable);
        expect(ledger.installments.every((installment) => installment.fee === '0.00')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps every allocation whole and non-negative, and replays the same from any input order', () => {
    fc.assert(
      fc.property(loans, operations, fc.integer(), (loan, ops, seed) => {
        const input = post(loan, ops);
        const asOf = addDays(loan.disbursedOn, 1_000);
        const ledger = replayLedger(input, { asOf });
        expectConsistent(ledger);

        const shuffled = [...input.transactions].sort(
          (a, b) => ((a.seq * 7919 + seed) % 101) - ((b.seq * 7919 + seed) % 101),
        );
        expect(replayLedger({ ...input, transactions: shuffled }, { asOf })).toEqual(ledger);
      }),
      { numRuns: 500 },
    );
  });

  it('returns exactly to the earlier state when the last posting is reversed', () => {
    fc.assert(
      fc.property(loans, operations, operations, (loan, before, after) => {
        const earlier = post(loan, before);
        const later = post(earlier, after);
        const last = later.transactions.at(-1);
        fc.pre(last !== undefined && later.transactions.length > earlier.transactions.length);
        if (last === undefined) {
          return;
        }
        const previous = { ...later, transactions: later.transactions.slice(0, -1) };
        expect(validateReversal(later, last.id, TODAY).ledger).toEqual(
          replayLedger(previous, { asOf: TODAY }),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('never quotes a payoff above what the schedule still asks, fees included, and closes the loan with it', () => {
    fc.assert(
      fc.property(loans, operations, fc.integer({ min: 0, max: 1_000 }), (loan, ops, when) => {
        const input = post(loan, ops);
        const on = dateOf(input, when);
        const ledger = replayLedger(input, { asOf: on });
        fc.pre(ledger.status === 'ACTIVE' && !input.transactions.some((t) => t.valueDate > on));
        const quote = quotePayoff(input, on);
        const stillAsked = ledger.installments.reduce((sum, installment) => sum + owedOn(installment), 0n);
        expect(cents(quote.total)).toBeGreaterThanOrEqual(1n);
        expect(cents(quote.total)).toBeLessThanOrEqual(stillAsked);

        const closed = validatePosting(
          input,
          { type: 'PAYOFF', amount: quote.total, valueDate: on },
          TODAY,
        ).ledger;
        expect(closed.status).toBe('PAID_OFF');
        expect(closed.closedOn).toBe(on);
        expectConsistent(closed);
      }),
      { numRuns: 500 },
    );
  });

  it('never raises or adds an installment with TERM, and keeps the count with INSTALLMENT', () => {
    fc.assert(
      fc.property(
        loans,
        operations,
        fc.integer({ min: 0, max: 1_000 }),
        fc.integer({ min: 1, max: 999 }),
        (loan, ops, when, share) => {
          const input = post(loan, ops);
          const on = dateOf(input, when);
          // A prepayment after everything else, so the difference is its effect alone.
          fc.pre(!input.transactions.some((t) => t.valueDate > on));
          const before = replayLedger(input, { asOf: on }).installments;
          const amountOf = (i: TInstallment) => cents(i.principal) + cents(i.interest);
          const remaining = before
            .filter((i) => i.dueOn > on)
            .reduce((sum, i) => sum + cents(i.principal), 0n);
          const amount = money(1n + ((remaining - 1n) * BigInt(share)) / 1_000n);
          for (const reduce of ['TERM', 'INSTALLMENT'] as const) {
            let after: TInstallment[];
            try {
              after = validatePosting(input, { type: 'PREPAYMENT', amount, valueDate: on, reduce }, TODAY)
                .ledger.installments;
            } catch (error) {
              if (error instanceof DomainError) {
                continue;
              }
              throw error;
            }
            if (reduce === 'TERM') {
              expect(after.length).toBeLessThanOrEqual(before.length);
              for (const installment of after) {
                const old = before[installment.number - 1];
                expect(old !== undefined && amountOf(installment) <= amountOf(old)).toBe(true);
              }
            } else {
              expect(after.length).toBe(before.length);
            }
            expect(after.reduce((sum, i) => sum + cents(i.principal), 0n)).toBe(
              before.reduce((sum, i) => sum + cents(i.principal), 0n) - cents(amount),
            );
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
