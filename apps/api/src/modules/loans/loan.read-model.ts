import type { TLoan, TLoanStatus } from '@loanbook/domain/loans';
import { formatRatePercent } from '@loanbook/domain/products';
import type { TLoanViewRow } from './loan.read-sql';

/** A view row → the API's loan shape (the SQL already formatted the dates; the rate has one rule, the domain's). */
export const viewRowToLoanDto = (row: TLoanViewRow): TLoan => ({
  id: row.id,
  // The column's check constraint admits only loan statuses.
  status: row.status as TLoanStatus,
  productCode: row.product_code,
  productName: row.product_name,
  principal: row.principal,
  annualRatePercent: formatRatePercent(row.annual_rate_percent),
  termMonths: row.term_months,
  monthlyInstallment: row.monthly_installment,
  totalInterest: row.total_interest,
  totalPayable: row.total_payable,
  customer: { id: row.customer_id, username: row.customer_username },
  agent: row.agent_id ? { id: row.agent_id, username: row.agent_username ?? '' } : null,
  rejectionReason: row.rejection_reason,
  decidedBy: row.decided_by_id ? { id: row.decided_by_id, username: row.decided_by_username ?? '' } : null,
  decidedAt: row.decided_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: row.version,
  lateFee: row.late_fee,
  lateFeeGraceDays: row.late_fee_grace_days,
  disbursedOn: row.disbursed_on,
  closedOn: row.closed_on,
  principalOutstanding: row.principal_outstanding,
  nextDueOn: row.next_due_on,
  nextDueAmount: row.next_due_amount,
  totalPaid: row.total_paid,
  daysPastDue: row.days_past_due,
});
