import { isLoanHistoryAction, type THistoryEntry } from '@loanbook/domain/loans';
import { formatRatePercent } from '@loanbook/domain/products';
import type { IHistoryEntry } from '../history/history-entry.entity';

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

/** A loan's history row in the API's shape; the subscriber writes only loan actions for loans. */
export function toHistoryEntryDto(entry: IHistoryEntry): THistoryEntry {
  const { action } = entry;
  if (!isLoanHistoryAction(action)) throw new Error(`Not a loan history action: ${action}`);
  return {
    version: entry.version,
    action,
    at: entry.at.toISOString(),
    actor: { id: entry.actorId ?? 'system', username: entry.actorUsername, role: entry.actorRole },
    changes: formatChanges(entry.changes as TChanges),
  };
}
