import { LOAN_STATUSES, type TLoanStatus } from '@loanbook/domain/loans/state-machine';
import type { TPortfolioSummary } from '@loanbook/domain/servicing/schemas';
import Decimal from 'decimal.js';

/**
 * The dashboard's figures, all computed by the database (`portfolio.summary`, docs/servicing.md §6): this
 * module only arranges them for the screen — every status in the domain's order, months with their label,
 * the PAR shares as the arrears split of the principal outstanding. Amounts stay exact decimal strings;
 * charts get numbers only to draw.
 */

export type TPortfolioView = ReturnType<typeof toPortfolioView>;

const percentFormat = new Intl.NumberFormat(undefined, {
  style: 'percent',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const monthFormat = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** A share "0.0425" (0–1, four places) as "4.25%", exactly (Intl formats decimal strings as they are). */
export const formatShare = (share: string): string => percentFormat.format(share as `${number}`);

/** "2026-03" → "Mar 2026". */
export const formatMonth = (month: string): string => monthFormat.format(new Date(`${month}-01T00:00:00Z`));

/** The share of outstanding principal in each arrears band that PAR 30 and PAR 90 separate. */
export const ARREARS_BANDS = [
  { key: 'upTo30', label: 'Current or up to 30 days late' },
  { key: '31to90', label: '31–90 days late' },
  { key: 'over90', label: 'Over 90 days late' },
] as const;

export function toPortfolioView(
  summary: TPortfolioSummary,
  productNames: ReadonlyMap<string, string> = new Map(),
) {
  const statusRows = new Map(summary.byStatus.map((row) => [row.status, row]));
  const byStatus = LOAN_STATUSES.map((status: TLoanStatus) => ({
    status,
    count: statusRows.get(status)?.count ?? 0,
    principal: statusRows.get(status)?.principal ?? '0.00',
  }));
  const byProduct = [...summary.byProduct]
    .sort((a, b) => a.productCode.localeCompare(b.productCode))
    .map((row) => ({ ...row, name: productNames.get(row.productCode) ?? row.productCode }));
  const collected = new Map(summary.collectedByMonth.map((row) => [row.month, row.amount]));
  const months = summary.disbursedByMonth.map((row) => ({
    month: row.month,
    label: formatMonth(row.month),
    disbursed: row.amount,
    collected: collected.get(row.month) ?? '0.00',
  }));
  const par30 = new Decimal(summary.par30);
  const par90 = new Decimal(summary.par90);
  const shares: Record<(typeof ARREARS_BANDS)[number]['key'], string> = {
    upTo30: new Decimal(1).minus(par30).toFixed(4),
    '31to90': par30.minus(par90).toFixed(4),
    over90: par90.toFixed(4),
  };
  return {
    asOf: summary.asOf,
    loanCount: byStatus.reduce((total, row) => total + row.count, 0),
    principalOutstanding: summary.principalOutstanding,
    par30: summary.par30,
    par90: summary.par90,
    approvalRate: summary.approvalRate,
    byStatus,
    byProduct,
    months,
    arrears: ARREARS_BANDS.map((band) => ({ ...band, share: shares[band.key] })),
  };
}
