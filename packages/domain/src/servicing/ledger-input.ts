import type { TTransactionType } from './constants';
import type { TLedgerInput, TServicingTerms } from './types';

/** The loan's pricing snapshot the ledger replays, from any loan shape that carries it (entity or API). */
export const servicingTermsOf = (loan: TServicingTerms): TServicingTerms => ({
  principal: loan.principal,
  annualRatePercent: loan.annualRatePercent,
  termMonths: loan.termMonths,
  lateFee: loan.lateFee,
  lateFeeGraceDays: loan.lateFeeGraceDays,
});

/** A transaction as `loans.transactions` lists it (the fields the replay needs). */
export interface TListedTransaction {
  id: string;
  type: TTransactionType;
  amount: string;
  valueDate: string;
  reduce: 'TERM' | 'INSTALLMENT' | null;
  reverses: string | null;
}

/**
 * The replay input of a disbursed loan as the API shows it and its `loans.transactions`, for clients that
 * replay what they were sent (the web app's previews, the tests' invariants). The list is in value-date
 * order, same day in record order, so its index is a record order consistent with the ledger's `seq`.
 */
export function ledgerInputOfListed(
  loan: TServicingTerms & { disbursedOn: string },
  transactions: readonly TListedTransaction[],
): TLedgerInput {
  return {
    terms: servicingTermsOf(loan),
    disbursedOn: loan.disbursedOn,
    transactions: transactions.map((transaction, index) => ({
      id: transaction.id,
      type: transaction.type,
      amount: transaction.amount,
      valueDate: transaction.valueDate,
      seq: index + 1,
      reduce: transaction.reduce,
      reverses: transaction.reverses,
    })),
  };
}
