import { toCsv } from '../../lib/csv';
import type { TApiClient, TLoanListInput, TLoanView } from '../../lib/trpc';

/** At most this many loans go into one export (50 pages of 100): enough for any screen's filter. */
export const CSV_EXPORT_MAX_ROWS = 5000;
const PAGE_SIZE = 100;

const HEADER = [
  'id',
  'status',
  'product_code',
  'product_name',
  'principal',
  'annual_rate_percent',
  'term_months',
  'monthly_installment',
  'total_interest',
  'total_payable',
  'customer',
  'agent',
  'decided_by',
  'decided_at_utc',
  'rejection_reason',
  'created_at_utc',
  'updated_at_utc',
  'version',
] as const;

export function loansToCsv(loans: readonly TLoanView[]): string {
  return toCsv(
    HEADER,
    loans.map((loan) => [
      loan.id,
      loan.status,
      loan.productCode,
      loan.productName,
      loan.principal,
      loan.annualRatePercent,
      loan.termMonths,
      loan.monthlyInstallment,
      loan.totalInterest,
      loan.totalPayable,
      loan.customer.username,
      loan.agent?.username ?? null,
      loan.decidedBy?.username ?? null,
      loan.decidedAt,
      loan.rejectionReason,
      loan.createdAt,
      loan.updatedAt,
      loan.version,
    ]),
  );
}

/**
 * Every loan matching the filters, page after page (keyset), up to `maxRows`; `truncated` says whether
 * more existed. Amounts stay the API's decimal strings.
 */
export async function fetchAllLoans(
  client: TApiClient,
  input: Omit<TLoanListInput, 'cursor' | 'limit'>,
  maxRows = CSV_EXPORT_MAX_ROWS,
): Promise<{ loans: TLoanView[]; truncated: boolean }> {
  const loans: TLoanView[] = [];
  let cursor: string | undefined;
  while (loans.length < maxRows) {
    const page = await client.loans.list.query({
      ...input,
      cursor,
      limit: Math.min(PAGE_SIZE, maxRows - loans.length),
    });
    loans.push(...page.items);
    if (!page.nextCursor) return { loans, truncated: false };
    cursor = page.nextCursor;
  }
  return { loans, truncated: true };
}
