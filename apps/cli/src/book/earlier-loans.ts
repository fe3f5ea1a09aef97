/**
 * What an earlier run of the same book left in Loanbook: the loan it made for a row (recognised by its
 * disbursement, whose reference names the row's loan_ref), or one it opened and did not finish.
 */
import type { Loan, LoanbookClient } from '@loanbook/client';
import { call } from './api-calls';
import type { TLoanRow } from './book-file';
import { disbursementReference } from './keys';

export interface TEarlierLoan {
  loan: Loan;
  /** Disbursed by the earlier run: only its repayments may be missing. */
  finished: boolean;
  /** Its transactions: a repayment answered with one of them had been posted before. */
  postedIds: Set<string>;
}

export class EarlierLoans {
  private readonly byCustomer = new Map<string, Promise<Loan[]>>();
  /** Loans matched to a row already: one loan answers for one row. */
  private readonly claimed = new Set<string>();

  constructor(
    private readonly admin: LoanbookClient,
    /** The agent who opens the loans (an unfinished loan must be theirs), or null. */
    private readonly agentId: string | null,
  ) {}

  /** The customer's loans as they were when first asked (loans made by this run are claimed anyway). */
  private loansOf(customerId: string): Promise<Loan[]> {
    let loans = this.byCustomer.get(customerId);
    if (!loans) {
      loans = (async () => {
        const all: Loan[] = [];
        let cursor: string | undefined;
        do {
          const page = await call(
            'find loan',
            () => this.admin.loans.list.query({ customerId, limit: 100, ...(cursor ? { cursor } : {}) }),
            { repeatable: true },
          );
          all.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return all;
      })();
      this.byCustomer.set(customerId, loans);
    }
    return loans;
  }

  /**
   * The loan for this row: disbursed on the row's date with its terms, its disbursement referencing the
   * row (`book:<loan_ref>`); else one pending or approved, this agent's, with the same product and terms.
   */
  async find(row: TLoanRow, customerId: string, productCode: string): Promise<TEarlierLoan | null> {
    const loans = await this.loansOf(customerId);
    const reference = disbursementReference(row.loanRef);
    for (const candidate of loans) {
      const sameTerms =
        candidate.disbursedOn === row.disbursedOn &&
        candidate.principal === row.amount &&
        candidate.termMonths === row.termMonths;
      if (!sameTerms || this.claimed.has(candidate.id)) continue;
      const transactions = await call(
        'find loan',
        () => this.admin.loans.transactions.query({ loanId: candidate.id }),
        { repeatable: true },
      );
      const isThisRow = transactions.some((t) => t.type === 'DISBURSEMENT' && t.reference === reference);
      if (isThisRow && !this.claimed.has(candidate.id)) {
        this.claimed.add(candidate.id);
        return { loan: candidate, finished: true, postedIds: new Set(transactions.map((t) => t.id)) };
      }
    }
    const unfinished = loans.find(
      (candidate) =>
        (candidate.status === 'PENDING' || candidate.status === 'APPROVED') &&
        !this.claimed.has(candidate.id) &&
        this.agentId !== null &&
        candidate.agent?.id === this.agentId &&
        candidate.productCode === productCode &&
        candidate.principal === row.amount &&
        candidate.termMonths === row.termMonths,
    );
    if (!unfinished) return null;
    this.claimed.add(unfinished.id);
    return { loan: unfinished, finished: false, postedIds: new Set() };
  }
}
