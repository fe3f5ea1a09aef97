import { computeLoanFigures } from '@loanbook/domain/money';
import {
  addDays,
  addMonths,
  computePosition,
  dueDateOf,
  laterDate,
  quotePayoff,
  quoteWriteOff,
  replayLedger,
  type TLedgerInput,
  type TLedgerTransaction,
  type TServicingTerms,
} from '@loanbook/domain/servicing';
import { formatCents, toCents } from '@loanbook/domain/servicing/cents';
import { prng } from './load';

/**
 * The servicing histories of the seeded book: a catalogue of disbursed loans (terms, disbursement date,
 * transactions) computed with the domain's own ledger engine, as `termCatalogue` prices loans with
 * `computeLoanFigures`. Each seeded ACTIVE / PAID_OFF / WRITTEN_OFF loan takes one entry of its status, so
 * its transactions, their allocations and the loan's posted columns are exactly what the API would have
 * written (the columns are a replay of the ledger). Dates are relative to the seed's day (UTC), so the
 * arrears buckets hold their shares on the day of the run.
 */

/** The products' late fee and grace days (the servicing migration's values for the seeded products). */
export const BENCH_LATE_FEE = '25.00';
export const BENCH_GRACE_DAYS = 5;

/** A bench_terms row: [idx, product, principal, rate, termMonths, emi, interest, payable]. */
export type TTermsRow = (string | number)[];

export type TDisbursedStatus = 'ACTIVE' | 'PAID_OFF' | 'WRITTEN_OFF';

/** How many histories the catalogue holds per status (each seeded loan of the status picks one). */
const CATALOGUE: Record<TDisbursedStatus, number> = { ACTIVE: 2000, PAID_OFF: 600, WRITTEN_OFF: 150 };

export interface THistoryRow {
  hidx: number;
  status: TDisbursedStatus;
  /** Index among the histories of its status. */
  pick: number;
  termsIdx: number;
  disbursedOn: string;
  closedOn: string | null;
  principalOutstanding: string;
  nextDueOn: string | null;
  nextDueAmount: string | null;
  totalPaid: string;
  lastType: string;
  txCount: number;
  lastValueDate: string;
}

export interface THistoryTransactionRow {
  hidx: number;
  /** Record order within the loan, from 1 (the disbursement). */
  n: number;
  type: string;
  amount: string;
  valueDate: string;
  /** Recorded by the loan's agent (repayments, as a field officer collecting cash); else by the admin. */
  byAgent: boolean;
  reference: string | null;
  reduce: 'TERM' | 'INSTALLMENT' | null;
  /** For a REVERSAL: the `n` of the transaction it reverses (its id and key are made in SQL). */
  reversesN: number | null;
  reason: string | null;
  /** Null for a REVERSAL (`#reversal:<id>`, made in SQL). */
  idempotencyKey: string | null;
  /** Null for a REVERSAL (made in SQL). */
  fingerprint: string | null;
  allocation: string;
}

interface TPlannedTransaction {
  type: TLedgerTransaction['type'];
  amount: string;
  valueDate: string;
  byAgent: boolean;
  reduce?: 'TERM' | 'INSTALLMENT' | null;
  reversesN?: number | null;
  reason?: string | null;
}

const NO_ALLOCATION = JSON.stringify({
  principal: '0.00',
  interest: '0.00',
  fees: '0.00',
  accruedInterest: '0.00',
});

/** One loan's history being written: the planned transactions and the ledger input they make. */
class History {
  readonly planned: TPlannedTransaction[] = [];
  constructor(
    readonly terms: TServicingTerms,
    readonly disbursedOn: string,
    readonly schedule: { installment: string }[],
  ) {
    this.planned.push({
      type: 'DISBURSEMENT',
      amount: terms.principal,
      valueDate: disbursedOn,
      byAgent: false,
    });
  }

  input(): TLedgerInput {
    return {
      terms: this.terms,
      disbursedOn: this.disbursedOn,
      transactions: this.planned.map((t, i) => ({
        id: `t${i + 1}`,
        type: t.type,
        amount: t.amount,
        valueDate: t.valueDate,
        seq: i + 1,
        reduce: t.reduce ?? null,
        reverses: t.reversesN ? `t${t.reversesN}` : null,
      })),
    };
  }

  /** Installment k as scheduled (interest + principal), + the late fee when paid after the grace days. */
  installmentAmount(k: number, paidOn: string, exact: boolean): string {
    const dueOn = dueDateOf(this.disbursedOn, k);
    const late = paidOn > addDays(dueOn, this.terms.lateFeeGraceDays);
    if (exact) {
      // After a prepayment the schedule changed: ask the ledger what installments 1…k still owe.
      const position = computePosition(this.input(), paidOn);
      let owed = 0n;
      for (const i of position.installments) {
        if (i.number > k) break;
        owed +=
          toCents(i.principal) +
          toCents(i.interest) +
          toCents(i.fee) -
          toCents(i.paidPrincipal) -
          toCents(i.paidInterest) -
          toCents(i.paidFee);
      }
      return formatCents(owed);
    }
    const base = toCents(this.schedule[k - 1]?.installment ?? '0.00');
    return formatCents(base + (late ? toCents(this.terms.lateFee) : 0n));
  }

  repay(amount: string, valueDate: string) {
    this.planned.push({ type: 'REPAYMENT', amount, valueDate, byAgent: true });
  }
}

/**
 * Builds the catalogue for `today` from the bench's loan terms. Deterministic (a fixed PRNG seed), so two
 * runs on the same day seed the same book.
 */
export function servicingCatalogue(today: string, terms: readonly TTermsRow[]) {
  const random = prng(20261201);
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const histories: THistoryRow[] = [];
  const transactions: THistoryTransactionRow[] = [];
  const pickTerms = (filter: (months: number) => boolean) => {
    for (;;) {
      const row = terms[Math.floor(random() * terms.length)];
      if (row && filter(Number(row[4]))) return row;
    }
  };
  const open = (row: TTermsRow, disbursedOn: string) => {
    const servicingTerms: TServicingTerms = {
      principal: String(row[2]),
      annualRatePercent: String(row[3]),
      termMonths: Number(row[4]),
      lateFee: BENCH_LATE_FEE,
      lateFeeGraceDays: BENCH_GRACE_DAYS,
    };
    const { schedule } = computeLoanFigures(servicingTerms);
    return new History(servicingTerms, disbursedOn, schedule);
  };
  /** Pays installments 1…count, mostly on the day, some a few days late (no fee), some late with the fee. */
  const payInstallments = (history: History, count: number, lateShare: number) => {
    for (let k = 1; k <= count; k++) {
      const dueOn = dueDateOf(history.disbursedOn, k);
      const dice = random();
      const lateDays = dice < lateShare ? between(7, 15) : dice < lateShare + 0.12 ? between(1, 4) : 0;
      const paidOn = addDays(dueOn, lateDays) <= today ? addDays(dueOn, lateDays) : dueOn;
      const amount = history.installmentAmount(k, paidOn, false);
      history.repay(amount, paidOn);
      // Now and then the same receipt is entered twice, and the admin reverses the second one.
      if (random() < 0.002 && k < history.terms.termMonths - 1) {
        history.repay(amount, paidOn);
        const duplicate = history.planned.length;
        history.planned.push({
          type: 'REVERSAL',
          amount,
          valueDate: paidOn,
          byAgent: false,
          reversesN: duplicate,
          reason: 'Recorded twice',
        });
      }
    }
  };
  /** A TERM prepayment of a fifth of the principal outstanding, on the day installment k is paid. */
  const prepay = (history: History, k: number) => {
    const on = dueDateOf(history.disbursedOn, k);
    const { principalOutstanding } = replayLedger(history.input(), { asOf: on });
    const amount = (toCents(principalOutstanding) / 500n) * 100n;
    if (amount <= 0n) return false;
    history.planned.push({
      type: 'PREPAYMENT',
      amount: formatCents(amount),
      valueDate: on,
      byAgent: false,
      reduce: 'TERM',
    });
    return true;
  };

  const finish = (status: TDisbursedStatus, row: TTermsRow, history: History) => {
    const input = history.input();
    const ledger = replayLedger(input, { asOf: today });
    // (A prepayment can shorten a short loan to nothing left: such a history is drawn again.)
    if (ledger.status !== status) return false;
    const applied = new Map(ledger.applied.map((a) => [a.id, JSON.stringify(a.allocation)]));
    const hidx = histories.length;
    history.planned.forEach((t, i) => {
      const id = `t${i + 1}`;
      let allocation = applied.get(id);
      if (allocation === undefined) {
        // A reversed transaction keeps the allocation it had when it was posted (a replay up to it).
        allocation =
          t.type === 'REVERSAL'
            ? NO_ALLOCATION
            : JSON.stringify(
                replayLedger({ ...input, transactions: input.transactions.slice(0, i + 1) }).applied.at(-1)
                  ?.allocation,
              );
      }
      const paidOn = t.valueDate;
      const fingerprint =
        t.type === 'DISBURSEMENT'
          ? JSON.stringify({ type: 'DISBURSEMENT', disbursedOn: paidOn, reference: null })
          : t.type === 'WRITE_OFF'
            ? JSON.stringify({ type: 'WRITE_OFF', writtenOffOn: paidOn })
            : t.type === 'REVERSAL'
              ? null
              : JSON.stringify({
                  type: t.type,
                  amount: t.amount,
                  paidOn,
                  reference: null,
                  reduce: t.reduce ?? null,
                });
      transactions.push({
        hidx,
        n: i + 1,
        type: t.type,
        amount: t.amount,
        valueDate: t.valueDate,
        byAgent: t.byAgent,
        reference: null,
        reduce: t.reduce ?? null,
        reversesN: t.reversesN ?? null,
        reason: t.reason ?? null,
        idempotencyKey:
          t.type === 'DISBURSEMENT'
            ? '#disbursement'
            : t.type === 'WRITE_OFF'
              ? '#write-off'
              : t.type === 'REVERSAL'
                ? null
                : `bench-${i + 1}`,
        fingerprint,
        allocation,
      });
    });
    const last = history.planned.at(-1);
    histories.push({
      hidx,
      status,
      pick: histories.filter((h) => h.status === status).length,
      termsIdx: Number(row[0]),
      disbursedOn: history.disbursedOn,
      closedOn: ledger.closedOn,
      principalOutstanding: ledger.principalOutstanding,
      nextDueOn: ledger.nextDueOn,
      nextDueAmount: ledger.nextDueAmount,
      totalPaid: ledger.totalPaid,
      lastType: last?.type ?? 'DISBURSEMENT',
      txCount: history.planned.length,
      lastValueDate: history.planned.map((t) => t.valueDate).reduce(laterDate),
    });
    return true;
  };

  // ACTIVE: 62 % current (every installment due paid), the rest in arrears across the four buckets.
  const buckets: [number, number, number][] = [
    [0.14, 3, 27],
    [0.08, 34, 57],
    [0.06, 64, 87],
    [0.1, 94, 400],
  ];
  while (histories.filter((h) => h.status === 'ACTIVE').length < CATALOGUE.ACTIVE) {
    const dice = random();
    let bound = 0.62;
    let bucket: [number, number, number] | null = null;
    for (const candidate of dice < bound ? [] : buckets) {
      bound += candidate[0];
      if (dice < bound) {
        bucket = candidate;
        break;
      }
    }
    if (!bucket) {
      // Current: disbursed up to two years ago, still running.
      const row = pickTerms((months) => months >= 6);
      const months = Math.min(between(0, 24), Number(row[4]) - 2);
      const history = open(row, addDays(addMonths(today, -months), -between(0, 27)));
      const due = Array.from({ length: months + 1 }, (_, i) => i + 1).filter(
        (k) => dueDateOf(history.disbursedOn, k) <= today,
      ).length;
      const prepayAfter = random() < 0.06 && due >= 2 ? between(1, due - 1) : 0;
      if (prepayAfter) {
        payInstallments(history, prepayAfter, 0.06);
        prepay(history, prepayAfter);
        for (let k = prepayAfter + 1; k <= due; k++) {
          const paidOn = dueDateOf(history.disbursedOn, k);
          const amount = history.installmentAmount(k, paidOn, true);
          // A TERM prepayment leaves fewer installments: nothing more to pay once they are all paid.
          if (toCents(amount) <= 0n) break;
          history.repay(amount, paidOn);
        }
      } else {
        payInstallments(history, due, 0.06);
      }
      finish('ACTIVE', row, history);
    } else {
      const [, minDays, maxDays] = bucket;
      const row = pickTerms((months) => months >= 3);
      const paid = between(0, Math.min(Number(row[4]) - 2, 20));
      const daysPastDue = between(minDays, maxDays);
      const history = open(row, addMonths(addDays(today, -daysPastDue), -(paid + 1)));
      payInstallments(history, paid, 0.3);
      if (random() < 0.3) {
        // Part of the first unpaid installment, on its due date.
        const dueOn = dueDateOf(history.disbursedOn, paid + 1);
        const full = toCents(history.installmentAmount(paid + 1, dueOn, false));
        history.repay(formatCents((full * BigInt(between(20, 80))) / 100n), dueOn);
      }
      finish('ACTIVE', row, history);
    }
  }

  // PAID_OFF: half on schedule (short loans), half paid off early with the quoted amount.
  while (histories.filter((h) => h.status === 'PAID_OFF').length < CATALOGUE.PAID_OFF) {
    if (random() < 0.5) {
      const row = pickTerms((months) => months <= 24);
      const months = Number(row[4]);
      const history = open(row, addDays(addMonths(today, -between(months, months + 12)), -between(0, 27)));
      payInstallments(history, months, 0.05);
      finish('PAID_OFF', row, history);
    } else {
      const row = pickTerms((months) => months >= 6);
      const paid = between(1, Math.min(Number(row[4]) - 1, 24));
      const history = open(row, addDays(addMonths(today, -(paid + 1 + between(0, 6))), -between(0, 27)));
      payInstallments(history, paid, 0.05);
      const lastPaidOn = history.planned.at(-1)?.valueDate ?? history.disbursedOn;
      const on = addDays(lastPaidOn, between(1, 25));
      if (on > today) continue;
      const { total } = quotePayoff(history.input(), on);
      history.planned.push({ type: 'PAYOFF', amount: total, valueDate: on, byAgent: false });
      finish('PAID_OFF', row, history);
    }
  }

  // WRITTEN_OFF: a few installments, then silence; written off six months after the first missed one.
  while (histories.filter((h) => h.status === 'WRITTEN_OFF').length < CATALOGUE.WRITTEN_OFF) {
    const row = pickTerms((months) => months >= 6);
    const paid = between(0, Math.min(Number(row[4]) - 1, 12));
    const history = open(row, addMonths(addDays(today, -between(180, 480)), -(paid + 1)));
    payInstallments(history, paid, 0.3);
    const on = addDays(dueDateOf(history.disbursedOn, paid + 1), 180);
    if (on > today) continue;
    const { total } = quoteWriteOff(history.input(), on);
    history.planned.push({
      type: 'WRITE_OFF',
      amount: total,
      valueDate: on,
      byAgent: false,
      reason: 'Uncollectable after six months past due',
    });
    finish('WRITTEN_OFF', row, history);
  }

  const counts = (['ACTIVE', 'PAID_OFF', 'WRITTEN_OFF'] as const).map((status) => ({
    status,
    n: histories.filter((h) => h.status === status).length,
  }));
  return { histories, transactions, counts };
}
