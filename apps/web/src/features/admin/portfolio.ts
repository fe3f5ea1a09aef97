import Decimal from 'decimal.js';
import type { TApiClient, TLoanView } from '../../lib/trpc';

/**
 * The dashboard's figures, aggregated in the browser from `loans.list` pages: the API offers no aggregate
 * procedure, so the dashboard reads at most `PORTFOLIO_MAX_LOANS` of the most recently created loans and
 * says so when there were more (docs/web.md "Dashboard data"). Amounts are summed with decimal.js, never
 * as floats; charts get numbers only to draw bars.
 */
export const PORTFOLIO_MAX_LOANS = 2000;
const PAGE_SIZE = 100;

export const STATUSES = ['NEW', 'PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN'] as const;
type TStatus = (typeof STATUSES)[number];

export interface TPortfolio {
  loanCount: number;
  /** More loans exist than were read. */
  isTruncated: boolean;
  /** Oldest creation time among the loans read (the window the figures cover). */
  since: string | null;
  byStatus: { status: TStatus; count: number }[];
  byProduct: ({ product: string } & Record<TStatus, number>)[];
  /** Loans created per month and product ("YYYY-MM"). */
  createdByMonth: ({ month: string } & Record<string, number | string>)[];
  productCodes: string[];
  /** Approved principal per month of decision, exact decimal strings. */
  approvedByMonth: { month: string; amount: string; count: number }[];
  /** Approved / decided per month of decision, in percent with one decimal; null with no decision. */
  approvalRateByMonth: { month: string; approved: number; rejected: number; rate: string | null }[];
  approvedAmount: string;
  pendingAmount: string;
  approvalRate: string | null;
}

export async function fetchPortfolioLoans(
  client: TApiClient,
  maxLoans = PORTFOLIO_MAX_LOANS,
): Promise<{ loans: TLoanView[]; isTruncated: boolean }> {
  const loans: TLoanView[] = [];
  let cursor: string | undefined;
  while (loans.length < maxLoans) {
    const page = await client.loans.list.query({
      sort: 'desc',
      dateField: 'createdAt',
      cursor,
      limit: Math.min(PAGE_SIZE, maxLoans - loans.length),
    });
    loans.push(...page.items);
    if (!page.nextCursor) return { loans, isTruncated: false };
    cursor = page.nextCursor;
  }
  return { loans, isTruncated: true };
}

const monthOf = (iso: string) => iso.slice(0, 7);

const percent = (part: number, whole: number): string | null =>
  whole === 0 ? null : new Decimal(part).times(100).dividedBy(whole).toFixed(1);

export function summarizePortfolio(loans: readonly TLoanView[], isTruncated = false): TPortfolio {
  const statusCounts = new Map<TStatus, number>(STATUSES.map((status) => [status, 0]));
  const products = new Map<string, Record<TStatus, number>>();
  const created = new Map<string, Map<string, number>>();
  const approvedMonths = new Map<string, { amount: Decimal; count: number }>();
  const decidedMonths = new Map<string, { approved: number; rejected: number }>();
  let approvedAmount = new Decimal(0);
  let pendingAmount = new Decimal(0);
  let approved = 0;
  let rejected = 0;
  let since: string | null = null;

  for (const loan of loans) {
    statusCounts.set(loan.status, (statusCounts.get(loan.status) ?? 0) + 1);
    const perProduct = products.get(loan.productCode) ?? {
      NEW: 0,
      PENDING: 0,
      APPROVED: 0,
      REJECTED: 0,
      WITHDRAWN: 0,
    };
    perProduct[loan.status] += 1;
    products.set(loan.productCode, perProduct);

    const createdMonth = created.get(monthOf(loan.createdAt)) ?? new Map<string, number>();
    createdMonth.set(loan.productCode, (createdMonth.get(loan.productCode) ?? 0) + 1);
    created.set(monthOf(loan.createdAt), createdMonth);
    if (since === null || loan.createdAt < since) since = loan.createdAt;

    if (loan.status === 'PENDING') pendingAmount = pendingAmount.plus(loan.principal);
    if ((loan.status === 'APPROVED' || loan.status === 'REJECTED') && loan.decidedAt) {
      const month = monthOf(loan.decidedAt);
      const decided = decidedMonths.get(month) ?? { approved: 0, rejected: 0 };
      if (loan.status === 'APPROVED') {
        decided.approved += 1;
        approved += 1;
        approvedAmount = approvedAmount.plus(loan.principal);
        const sum = approvedMonths.get(month) ?? { amount: new Decimal(0), count: 0 };
        approvedMonths.set(month, { amount: sum.amount.plus(loan.principal), count: sum.count + 1 });
      } else {
        decided.rejected += 1;
        rejected += 1;
      }
      decidedMonths.set(month, decided);
    }
  }

  const productCodes = [...products.keys()].sort();
  const months = (map: Map<string, unknown>) => [...map.keys()].sort();
  return {
    loanCount: loans.length,
    isTruncated,
    since,
    byStatus: STATUSES.map((status) => ({ status, count: statusCounts.get(status) ?? 0 })),
    byProduct: productCodes.map((product) => ({
      product,
      ...(products.get(product) ?? { NEW: 0, PENDING: 0, APPROVED: 0, REJECTED: 0, WITHDRAWN: 0 }),
    })),
    createdByMonth: months(created).map((month) => {
      const row: { month: string } & Record<string, number | string> = { month };
      for (const code of productCodes) row[code] = created.get(month)?.get(code) ?? 0;
      return row;
    }),
    productCodes,
    approvedByMonth: months(approvedMonths).map((month) => {
      const sum = approvedMonths.get(month);
      return { month, amount: (sum?.amount ?? new Decimal(0)).toFixed(2), count: sum?.count ?? 0 };
    }),
    approvalRateByMonth: months(decidedMonths).map((month) => {
      const decided = decidedMonths.get(month) ?? { approved: 0, rejected: 0 };
      return { month, ...decided, rate: percent(decided.approved, decided.approved + decided.rejected) };
    }),
    approvedAmount: approvedAmount.toFixed(2),
    pendingAmount: pendingAmount.toFixed(2),
    approvalRate: percent(approved, approved + rejected),
  };
}
