import type { TLoan, TLoanListInput } from '@loanbook/domain/loans';
import { arrearsBucketOf } from '@loanbook/domain/servicing/constants';
import type { TEntityManager } from '../../db/orm';
import type { TPrincipal } from '../auth/principal';
import { listVisibleLoans } from '../loans/loan.service';
import { csvRow, type TCsvCell, UTF8_BOM } from './csv';

/**
 * Rows per keyset page of an export. Each page is one query on the list's own index range (the same
 * `listLoans` query as `loans.list`, only with more rows) plus one for the page's customer contacts, and is
 * written out before the next is read: memory stays bounded by one page whatever the export's size.
 */
export const EXPORT_PAGE_SIZE = 1000;

/** The export's columns; the first ones are the ones the web app's CSV had before exports streamed. */
export const LOAN_CSV_HEADER = [
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
  'customer_email',
  'customer_phone',
  'late_fee',
  'late_fee_grace_days',
  'disbursed_on',
  'closed_on',
  'principal_outstanding',
  'next_due_on',
  'next_due_amount',
  'total_paid',
  'days_past_due',
  'arrears_bucket',
] as const;

interface TContact {
  email: string;
  phone: string | null;
}

/** The cells of one loan, in `LOAN_CSV_HEADER` order; amounts stay the API's decimal strings. */
export function loanCsvCells(loan: TLoan, contact: TContact | undefined): TCsvCell[] {
  return [
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
    loan.agent?.username,
    loan.decidedBy?.username,
    loan.decidedAt,
    loan.rejectionReason,
    loan.createdAt,
    loan.updatedAt,
    loan.version,
    contact?.email,
    contact?.phone,
    loan.lateFee,
    loan.lateFeeGraceDays,
    loan.disbursedOn,
    loan.closedOn,
    loan.principalOutstanding,
    loan.nextDueOn,
    loan.nextDueAmount,
    loan.totalPaid,
    loan.daysPastDue,
    loan.status === 'ACTIVE' && loan.daysPastDue !== null ? arrearsBucketOf(loan.daysPastDue) : null,
  ];
}

/** The email and phone of a page's customers, in one query (the loan view carries usernames only). */
async function contactsOf(
  em: TEntityManager,
  customerIds: readonly string[],
): Promise<Map<string, TContact>> {
  const ids = [...new Set(customerIds)];
  if (ids.length === 0) return new Map();
  const rows = await em.execute<{ id: string; email: string; phone: string | null }[]>(
    'select id::text as id, email, phone from users where id = any(?::uuid[])',
    [`{${ids.join(',')}}`],
  );
  return new Map(rows.map((row) => [row.id, { email: row.email, phone: row.phone }]));
}

/**
 * The CSV of every loan `viewer` may see under the list's filters, as text chunks: the header at once (so
 * the download starts before the first query), then one chunk per keyset page. `listVisibleLoans` is the
 * very function behind `loans.list`, so visibility (customers: their own loans only), the presentation of
 * staff names and the order are the list's own. The generator stops paging as soon as the consumer stops
 * reading (a cancelled download).
 */
export async function* loanCsvChunks(
  em: TEntityManager,
  viewer: TPrincipal,
  filters: Omit<TLoanListInput, 'cursor' | 'limit'>,
  pageSize = EXPORT_PAGE_SIZE,
): AsyncGenerator<string> {
  yield `${UTF8_BOM}${csvRow(LOAN_CSV_HEADER)}`;
  let cursor: string | undefined;
  do {
    const page = await listVisibleLoans(em, viewer, { ...filters, cursor, limit: pageSize });
    const contacts = await contactsOf(
      em,
      page.items.map((loan) => loan.customer.id),
    );
    yield page.items.map((loan) => csvRow(loanCsvCells(loan, contacts.get(loan.customer.id)))).join('');
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
