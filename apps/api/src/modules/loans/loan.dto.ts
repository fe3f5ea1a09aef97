import type { THistoryEntry, TLoan } from '@loanbook/domain/loans';
import { formatRatePercent } from '@loanbook/domain/products';
import type { IHistoryEntry } from '../history/history-entry.entity';
import type { ILoan } from './loan.entity';

const ref = (user: { id: string; username: string } | null | undefined) =>
  user ? { id: user.id, username: user.username } : null;

/** Expects product, customer, agent and decidedBy to be loaded (see `LOAN_POPULATE`). */
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

export const toHistoryEntryDto = (entry: IHistoryEntry): THistoryEntry => ({
  version: entry.version,
  action: entry.action,
  at: entry.at.toISOString(),
  actor: { id: entry.actorId ?? 'system', username: entry.actorUsername, role: entry.actorRole },
  changes: entry.changes as THistoryEntry['changes'],
});
