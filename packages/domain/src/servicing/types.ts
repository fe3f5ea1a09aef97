import type { TTransactionType } from './constants';
import type { TAllocation, TInstallment, TPrepaymentEffect, TServicingStatus } from './schemas';

/** The loan's pricing snapshot the ledger needs; money and rate as decimal strings. */
export interface TServicingTerms {
  principal: string;
  annualRatePercent: string;
  termMonths: number;
  /** Charged once per late installment; "0.00" means no fee. */
  lateFee: string;
  /** Integer 0–30: days after the due date before the fee is charged. */
  lateFeeGraceDays: number;
}

/** A posted transaction as the database keeps it (append-only; reversals are rows of their own). */
export interface TLedgerTransaction {
  id: string;
  type: TTransactionType;
  amount: string;
  valueDate: string;
  /** Record order: breaks ties between transactions with the same value date. */
  seq: number;
  reduce?: TPrepaymentEffect | null;
  /** For a REVERSAL: the id of the transaction it cancels. */
  reverses?: string | null;
}

/** Everything a replay needs: the terms, the disbursement date and all posted transactions, any order. */
export interface TLedgerInput {
  terms: TServicingTerms;
  disbursedOn: string;
  transactions: readonly TLedgerTransaction[];
}

/** A transaction that took part in the replay, with where its money went. */
export interface TAppliedTransaction {
  id: string;
  type: TTransactionType;
  valueDate: string;
  amount: string;
  allocation: TAllocation;
}

/** The result of replaying a loan's transactions up to `asOf`. */
export interface TLedger {
  asOf: string;
  status: TServicingStatus;
  /** Value date of the payment that closed the loan (PAID_OFF) or of the write-off; else null. */
  closedOn: string | null;
  installments: TInstallment[];
  /** The applied transactions in replay order (value date, then seq). */
  applied: TAppliedTransaction[];
  /** What a WRITE_OFF wrote off; null unless WRITTEN_OFF. */
  writtenOff: TAllocation | null;
  // The "posted columns" a database keeps on the loan (servicing spec §5).
  principalOutstanding: string;
  /**
   * The installment the borrower pays next: the oldest one not fully paid (installments are paid in
   * order, so this is also the oldest unpaid due date, which arrears count from), with the interest and
   * principal still owed on it.
   */
  nextDueOn: string | null;
  nextDueAmount: string | null;
  totalPaid: string;
}
