import type { THistoryEntry, TLoan } from '@loanbook/domain/loans';
import { formatRatePercent } from '@loanbook/domain/products';
import type { IHistoryEntry } from '../history/history-entry.entity';
import type { ILoan } from './loan.entity';

const ref = (user: { id: string; username: string } | null | undefined) =>
  user ? { id: user.id, username: user.username } : null;

/** The API's loan shape; product, customer, agent and decidedBy must be loaded (see `LOAN_POPULATE`). */
export const toLoanDto = (loan: ILoan): TLoan => ({
  id: loan.id,
  status: loan.status,
  productCode: loan.product.code,
  productName: loan.product.name,
  principal: loan.principal,
  annualRatePercent: formatRatePercent(loan.annualRatePercent),
  termMonths: loan.termMonths,
  monthlyInstallment: loan.monthlyInstallment,
  totalInterest: loan.totalInterest,
  totalPayable: loan.totalPayable,
  customer: { id: loan.customer.id, username: loan.customer.username },
  agent: ref(loan.agent),
  rejectionReason: loan.rejectionReason ?? null,
  decidedBy: ref(loan.decidedBy),
  decidedAt: loan.decidedAt ? loan.decidedAt.toISOString() : null,
  createdAt: loan.createdAt.toISOString(),
  updatedAt: loan.updatedAt.toISOString(),
  version: loan.version,
});

type TChanges = THistoryEntry['changes'];

/**
 * History stores rates as the `numeric(7,3)` column holds them ("6.900"); show them as the loan and the API
 * contract do ("6.90"), so a rate change reads the same in the history as on the loan.
 */
const formatChanges = (changes: TChanges): TChanges => {
  const rate = changes.annualRatePercent;
  if (!rate) return changes;
  const format = (value: TChanges[string]['from']) =>
    typeof value === 'string' ? formatRatePercent(value) : value;
  return { ...changes, annualRatePercent: { from: format(rate.from), to: format(rate.to) } };
};

export const toHistoryEntryDto = (entry: IHistoryEntry): THistoryEntry => ({
  version: entry.version,
  action: entry.action,
  at: entry.at.toISOString(),
  actor: { id: entry.actorId ?? 'system', username: entry.actorUsername, role: entry.actorRole },
  changes: formatChanges(entry.changes as TChanges),
});
