import { MoneyDecimal } from '@loanbook/domain/money';
import type { TPortfolioSummary } from '@loanbook/domain/servicing';
import type Decimal from 'decimal.js';
import type { TEntityManager } from '../../db/orm';
import { todayUtc } from '../servicing/servicing.service';

interface TGroupRow {
  status: string;
  product_code: string;
  count: number;
  principal: string;
  principal_outstanding: string;
  par30: string;
  par90: string;
}

interface TMonthRow {
  month: string;
  disbursed: string;
  collected: string;
}

/** Statuses of loans an admin approved at some point: approved, then disbursed and serviced. */
const APPROVED_EVER = new Set(['APPROVED', 'ACTIVE', 'PAID_OFF', 'WRITTEN_OFF']);

const money = (value: Decimal) => value.toFixed(2);
const share = (part: Decimal, whole: Decimal) =>
  whole.isZero() ? '0.0000' : part.dividedBy(whole).toFixed(4, MoneyDecimal.ROUND_HALF_UP);

/** `YYYY-MM` of the 12 months ending with the month of `asOf`, oldest first. */
function lastTwelveMonths(asOf: string): string[] {
  const [year, month] = asOf.split('-').map(Number);
  return Array.from({ length: 12 }, (_, index) => {
    const date = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 12 + index, 1));
    return date.toISOString().slice(0, 7);
  });
}

/**
 * The book's figures, computed by the database (docs/servicing.md §6): one index-only pass over the loans
 * (`loans_portfolio_idx`) grouped by status and product — a few dozen rows reach the process, never the
 * loans — and one over the ledger's last twelve months (`loan_transactions_value_date_idx`). Balances are
 * as posted; `asOf` sets the day arrears (PAR) are measured on and the twelve-month window.
 */
export async function portfolioSummary(em: TEntityManager, asOf = todayUtc()): Promise<TPortfolioSummary> {
  const months = lastTwelveMonths(asOf);
  const [groups, monthRows] = await Promise.all([
    em.execute<TGroupRow[]>(
      `select status, product_code, count(*)::int as count, round(sum(principal), 2)::text as principal,
         round(coalesce(sum(principal_outstanding) filter (where status = 'ACTIVE'), 0), 2)::text as principal_outstanding,
         round(coalesce(sum(principal_outstanding) filter (where status = 'ACTIVE' and next_due_on < ?::date - 30), 0), 2)::text as par30,
         round(coalesce(sum(principal_outstanding) filter (where status = 'ACTIVE' and next_due_on < ?::date - 90), 0), 2)::text as par90
       from loans group by status, product_code`,
      [asOf, asOf],
    ),
    em.execute<TMonthRow[]>(
      `select to_char(value_date, 'YYYY-MM') as month,
         round(coalesce(sum(amount) filter (where type = 'DISBURSEMENT'), 0), 2)::text as disbursed,
         round(coalesce(sum(amount) filter (where type in ('REPAYMENT', 'PREPAYMENT', 'PAYOFF')), 0)
           - coalesce(sum(amount) filter (where type = 'REVERSAL'), 0), 2)::text as collected
       from loan_transactions
       where value_date >= ?::date and value_date <= ?::date
       group by 1`,
      [`${months[0]}-01`, asOf],
    ),
  ]);

  const byStatus = new Map<string, { count: number; principal: Decimal }>();
  const byProduct = new Map<string, { count: number; principal: Decimal; outstanding: Decimal }>();
  let outstanding = new MoneyDecimal(0);
  let par30 = new MoneyDecimal(0);
  let par90 = new MoneyDecimal(0);
  let approved = 0;
  let rejected = 0;
  for (const row of groups) {
    const status = byStatus.get(row.status) ?? { count: 0, principal: new MoneyDecimal(0) };
    byStatus.set(row.status, {
      count: status.count + row.count,
      principal: status.principal.plus(row.principal),
    });
    const product = byProduct.get(row.product_code) ?? {
      count: 0,
      principal: new MoneyDecimal(0),
      outstanding: new MoneyDecimal(0),
    };
    byProduct.set(row.product_code, {
      count: product.count + row.count,
      principal: product.principal.plus(row.principal),
      outstanding: product.outstanding.plus(row.principal_outstanding),
    });
    outstanding = outstanding.plus(row.principal_outstanding);
    par30 = par30.plus(row.par30);
    par90 = par90.plus(row.par90);
    if (APPROVED_EVER.has(row.status)) approved += row.count;
    if (row.status === 'REJECTED') rejected += row.count;
  }
  const month = new Map(monthRows.map((row) => [row.month, row]));
  return {
    asOf,
    byStatus: [...byStatus].map(([status, { count, principal }]) => ({
      status,
      count,
      principal: money(principal),
    })),
    byProduct: [...byProduct].map(([productCode, figures]) => ({
      productCode,
      count: figures.count,
      principal: money(figures.principal),
      principalOutstanding: money(figures.outstanding),
    })),
    principalOutstanding: money(outstanding),
    par30: share(par30, outstanding),
    par90: share(par90, outstanding),
    disbursedByMonth: months.map((m) => ({ month: m, amount: month.get(m)?.disbursed ?? '0.00' })),
    collectedByMonth: months.map((m) => ({ month: m, amount: month.get(m)?.collected ?? '0.00' })),
    approvalRate: share(new MoneyDecimal(approved), new MoneyDecimal(approved + rejected)),
  };
}
