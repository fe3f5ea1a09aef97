import { isDomainError } from '@loanbook/domain/errors';
import type { TLoan } from '@loanbook/domain/loans';
import { replayLedger } from '@loanbook/domain/servicing/ledger';
import { ledgerInputOfListed } from '@loanbook/domain/servicing/ledger-input';
import { validatePosting } from '@loanbook/domain/servicing/posting';
import type {
  TInstallment,
  TLoanTransaction,
  TPosition,
  TPrepaymentEffect,
} from '@loanbook/domain/servicing/schemas';
import type { TLedgerInput } from '@loanbook/domain/servicing/types';
import Decimal from 'decimal.js';

/**
 * The servicing screens' arithmetic, pure and in exact decimals (never floats): running balances of the
 * ledger, overdue sums, and the effect of a prepayment computed by the domain's own ledger engine in the
 * browser, from the loan's terms and its transactions — the same code the API validates the posting with.
 */

/** Today's business date: calendar dates are UTC (docs/servicing.md "Dates"). */
export const todayUtc = (): string => new Date().toISOString().slice(0, 10);

/**
 * A fresh idempotency key (8–64 of `A-Z a-z 0-9 _ - : .`): a random UUID behind a prefix naming the
 * posting. A form keeps its key until its posting succeeds, so a second click or a retry after a failed
 * request is the same request to the API, which then posts nothing twice.
 */
export function newIdempotencyKey(prefix: string): string {
  const random =
    typeof crypto !== 'undefined' && 'randomUUID' in crypto
      ? crypto.randomUUID()
      : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `${prefix}-${random}`.slice(0, 64);
}

const sum = (values: readonly string[]): Decimal =>
  values.reduce((total, value) => total.plus(value), new Decimal(0));

/** What is overdue on the date of a position: principal, interest and late fees of installments past due. */
export const overdueTotal = (
  position: Pick<TPosition, 'principalOverdue' | 'interestOverdue' | 'feesOverdue'>,
) => sum([position.principalOverdue, position.interestOverdue, position.feesOverdue]).toFixed(2);

/** An installment's amount as scheduled (interest + principal + any late fee charged). */
export const installmentTotal = (installment: TInstallment): string =>
  sum([installment.principal, installment.interest, installment.fee]).toFixed(2);

export const installmentPaid = (installment: TInstallment): string =>
  sum([installment.paidPrincipal, installment.paidInterest, installment.paidFee]).toFixed(2);

export const installmentUnpaid = (installment: TInstallment): string =>
  new Decimal(installmentTotal(installment)).minus(installmentPaid(installment)).toFixed(2);

export interface TLedgerRow {
  transaction: TLoanTransaction;
  /** Principal still owed after this transaction, in ledger order. */
  balance: string;
  /** The principal this row moved: + for the disbursement and a reversal, − for money in and a write-off. */
  principalChange: string;
}

/**
 * The ledger with a running principal balance, in the API's value-date order. The disbursement lends the
 * principal, money in and a write-off reduce it by the principal they paid (or wrote off), and a reversal
 * adds back what the transaction it cancels had taken off — so the last balance is the loan's principal
 * outstanding.
 */
export function withRunningBalance(transactions: readonly TLoanTransaction[]): TLedgerRow[] {
  const byId = new Map(transactions.map((transaction) => [transaction.id, transaction]));
  let balance = new Decimal(0);
  return transactions.map((transaction) => {
    let change = new Decimal(0);
    if (transaction.type === 'DISBURSEMENT') change = new Decimal(transaction.amount);
    else if (transaction.type === 'REVERSAL') {
      const reversed = transaction.reverses ? byId.get(transaction.reverses) : undefined;
      change = new Decimal(reversed?.allocation.principal ?? '0');
    } else change = new Decimal(transaction.allocation.principal).negated();
    balance = balance.plus(change);
    return { transaction, balance: balance.toFixed(2), principalChange: change.toFixed(2) };
  });
}

/** What the ledger engine needs of a loan: its priced terms and disbursement date. */
export type TServicedLoan = Pick<
  TLoan,
  'principal' | 'annualRatePercent' | 'termMonths' | 'lateFee' | 'lateFeeGraceDays' | 'disbursedOn'
>;

/** The engine's input from the API's loan and `loans.transactions` (listed in value-date, then record order). */
export function ledgerInputOf(loan: TServicedLoan, transactions: readonly TLoanTransaction[]): TLedgerInput {
  const { disbursedOn } = loan;
  if (!disbursedOn) throw new Error('The loan was never disbursed');
  return ledgerInputOfListed({ ...loan, disbursedOn }, transactions);
}

export interface TScheduleLine {
  number: number;
  dueOn: string;
  /** Interest + principal of the installment. */
  amount: string;
}

export interface TPaymentPreview {
  /** Where the money goes: the engine's allocation of the posting. */
  allocation: { principal: string; interest: string; fees: string; accruedInterest: string };
  /** The installments not yet fully paid before and after the posting, from the first one it changes. */
  before: TScheduleLine[];
  after: TScheduleLine[];
  principalOutstanding: string;
  /** Interest still to pay on the schedule before and after. */
  interestBefore: string;
  interestAfter: string;
}

/** The preview, or why the API would refuse the posting (its field errors, or its message). */
export type TPreviewResult =
  | { ok: true; preview: TPaymentPreview }
  | { ok: false; message: string; field: string | null };

const openLines = (installments: readonly TInstallment[]): TScheduleLine[] =>
  installments
    .filter((installment) => installmentUnpaid(installment) !== '0.00')
    .map((installment) => ({
      number: installment.number,
      dueOn: installment.dueOn,
      amount: sum([installment.interest, installment.principal]).toFixed(2),
    }));

const interestLeft = (installments: readonly TInstallment[]) =>
  installments.reduce((total, i) => total.plus(i.interest).minus(i.paidInterest), new Decimal(0)).toFixed(2);

/**
 * What a repayment or prepayment would do, computed by the domain's ledger engine (`validatePosting`, the
 * check the API runs before it posts): the allocation, and the schedule before and after — for a
 * prepayment, the TERM (fewer installments) or INSTALLMENT (smaller ones) effect. A refusal comes back as
 * the API would word it. The server stays the authority: the posting is checked again there.
 */
export function previewPayment(
  loan: TServicedLoan,
  transactions: readonly TLoanTransaction[],
  posting: {
    type: 'REPAYMENT' | 'PREPAYMENT';
    amount: string;
    valueDate: string;
    reduce?: TPrepaymentEffect;
  },
  today = todayUtc(),
): TPreviewResult {
  try {
    const input = ledgerInputOf(loan, transactions);
    const asOf = [today, posting.valueDate, ...transactions.map((t) => t.valueDate)].sort().at(-1) ?? today;
    const current = replayLedger(input, { asOf });
    const result = validatePosting(input, { ...posting, reduce: posting.reduce ?? null }, today);
    const after = result.ledger.installments;
    const before = openLines(current.installments);
    const firstChanged = before.find((line) => {
      const now = after.find((installment) => installment.number === line.number);
      return !now || sum([now.interest, now.principal]).toFixed(2) !== line.amount;
    });
    const from = firstChanged?.number ?? Number.POSITIVE_INFINITY;
    return {
      ok: true,
      preview: {
        allocation: result.allocation,
        before: before.filter((line) => line.number >= from),
        after: openLines(after).filter((line) => line.number >= from),
        principalOutstanding: result.ledger.principalOutstanding,
        interestBefore: interestLeft(current.installments),
        interestAfter: interestLeft(after),
      },
    };
  } catch (error) {
    if (isDomainError(error)) {
      const [field, messages] = Object.entries(error.fieldErrors ?? {})[0] ?? [];
      return { ok: false, message: messages?.[0] ?? error.message, field: field ?? null };
    }
    return { ok: false, message: error instanceof Error ? error.message : String(error), field: null };
  }
}
