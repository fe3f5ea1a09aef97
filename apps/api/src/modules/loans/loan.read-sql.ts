import { LOAN_STATUSES, type TLoanListInput } from '@loanbook/domain/loans';
import type { TKeyset } from '@loanbook/domain/pagination';
import { LATE_BUCKET_DAYS } from '@loanbook/domain/servicing/constants';

/**
 * The SQL of the lean loan read path, as text plus positional values (`$1`, `$2`, …, each used once and in
 * order). Pure: the repository runs it, and the benchmark's raw baseline and EXPLAIN check run the very
 * same text, so what is measured and checked is what ships.
 */
export interface TSqlQuery {
  text: string;
  values: (string | number)[];
}

/** Everything a loan DTO shows, dates already as ISO-8601 UTC text and the rate at its display scale. */
export interface TLoanViewRow {
  id: string;
  status: string;
  product_code: string;
  product_name: string;
  principal: string;
  annual_rate_percent: string;
  term_months: number;
  monthly_installment: string;
  total_interest: string;
  total_payable: string;
  customer_id: string;
  customer_username: string;
  agent_id: string | null;
  agent_username: string | null;
  rejection_reason: string | null;
  decided_by_id: string | null;
  decided_by_username: string | null;
  decided_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  late_fee: string;
  late_fee_grace_days: number;
  disbursed_on: string | null;
  closed_on: string | null;
  principal_outstanding: string | null;
  next_due_on: string | null;
  next_due_amount: string | null;
  total_paid: string;
  days_past_due: number | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

// PostgreSQL formats the timestamps (ISO text, millisecond precision like the entities), so rows need no
// date parsing; the rate comes as the column holds it and `formatRatePercent` shows it.
const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const day = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;
/** Today's business date (UTC), as the database sees it: days past due need no nightly job. */
const TODAY = "(now() at time zone 'UTC')::date";
const VIEW_COLUMNS = `
  l.id, l.status, l.product_code, p.name as product_name, l.principal,
  l.annual_rate_percent,
  l.term_months, l.monthly_installment, l.total_interest, l.total_payable,
  l.customer_id, c.username as customer_username, l.agent_id, a.username as agent_username,
  l.rejection_reason, l.decided_by_id, d.username as decided_by_username,
  ${iso('l.decided_at')} as decided_at, ${iso('l.created_at')} as created_at, ${iso('l.updated_at')} as updated_at,
  l.version, l.late_fee, l.late_fee_grace_days, ${day('l.disbursed_on')} as disbursed_on,
  ${day('l.closed_on')} as closed_on, l.principal_outstanding, ${day('l.next_due_on')} as next_due_on,
  l.next_due_amount, l.total_paid,
  case when l.disbursed_on is null then null
       when l.status = 'ACTIVE' and l.next_due_on < ${TODAY} then ${TODAY} - l.next_due_on
       else 0 end as days_past_due`;

const viewOf = (source: string) => `select ${VIEW_COLUMNS}
from ${source}
join loan_products p on p.code = l.product_code
join users c on c.id = l.customer_id
left join users a on a.id = l.agent_id
left join users d on d.id = l.decided_by_id`;

/** One loan by id, as a view row. */
export const loanByIdQuery = (loanId: string): TSqlQuery => ({
  text: `${viewOf('loans l')}\nwhere l.id = $1`,
  values: [loanId],
});

/** A list input after the service's rules (a customer's own id already forced) and cursor decoding. */
export type TLoanListQueryInput = Omit<TLoanListInput, 'cursor'> & { after: TKeyset | null };

/**
 * One keyset page (limit + 1 rows, to tell whether there is a next page) in (time, id) order.
 *
 * Index use: every filter has a `(filter, time desc, id desc)` index, so PostgreSQL walks one index range
 * in order and stops after `limit + 1` rows — no sort, however large the table. The keyset predicate is
 * the expanded `t <= $t AND (t < $t OR id < $id)`: on PostgreSQL 15 the row comparison `(t, id) < ($t, $id)`
 * was about 5× slower on these indexes. Several statuses (`status IN (…)`) cannot be read in time order
 * from one `(status, time, id)` range, so each status gets its own ordered, limited range scan (a lateral
 * subquery per status) and only those few rows are merged and sorted. Joins come after the page is cut,
 * so they touch `limit + 1` rows whatever the plan.
 */
export function loanListQuery(input: TLoanListQueryInput): TSqlQuery {
  const values: (string | number)[] = [];
  const param = (value: string | number, cast = '') => {
    values.push(value);
    return `$${values.length}${cast}`;
  };
  const isQueue = input.sort === 'daysPastDue' || input.arrears !== undefined;
  const requested = [...new Set(input.status ?? [])];
  // The collections queue is active loans only; a status filter can only narrow it further.
  const statuses = isQueue
    ? requested.length && !requested.includes('ACTIVE')
      ? ['NONE']
      : ['ACTIVE']
    : requested;
  // All statuses is no filter at all.
  const statusFilter = statuses.length === LOAN_STATUSES.length ? [] : statuses;
  const byStatusList = statusFilter.length > 1;

  // The order: by a timestamp, or (the queue) by the oldest unpaid due date, the longest overdue first.
  const byDue = input.sort === 'daysPastDue';
  const key = byDue ? 'next_due_on' : input.dateField === 'updatedAt' ? 'updated_at' : 'created_at';
  const keyCast = byDue ? '::date' : '::timestamptz';
  const direction = input.sort === 'asc' || byDue ? 'asc' : 'desc';

  // Parameters are numbered in the order they appear in the text (the status list comes first).
  const statusSource = byStatusList ? param(`{${statusFilter.join(',')}}`, '::text[]') : '';
  const where: string[] = [];
  if (isQueue) {
    // A literal, not a parameter: a generic plan must still see the partial indexes' `status = 'ACTIVE'`.
    where.push(statusFilter[0] === 'ACTIVE' ? "l.status = 'ACTIVE'" : 'false');
  } else if (statusFilter.length === 1 && statusFilter[0]) {
    where.push(`l.status = ${param(statusFilter[0])}`);
  } else if (byStatusList) {
    where.push('l.status = s.status');
  }
  if (input.productCode) where.push(`l.product_code = ${param(input.productCode)}`);
  if (input.customerId) where.push(`l.customer_id = ${param(input.customerId, '::uuid')}`);
  if (input.agentId) where.push(`l.agent_id = ${param(input.agentId, '::uuid')}`);
  // Dates are UTC days, both inclusive: [from 00:00, to + 1 day 00:00).
  const time = input.dateField === 'updatedAt' ? 'updated_at' : 'created_at';
  if (input.from) where.push(`l.${time} >= ${param(`${input.from}T00:00:00.000Z`, '::timestamptz')}`);
  if (input.to) {
    const end = new Date(Date.parse(`${input.to}T00:00:00.000Z`) + DAY_MS).toISOString();
    where.push(`l.${time} < ${param(end, '::timestamptz')}`);
  }
  if (input.arrears) {
    // Days past due = today − next_due_on, so a bucket [min, max] is a range of due dates; the bounds are
    // the domain's constants, not client text.
    const { min, max } = input.arrears === 'ANY' ? { min: 1, max: null } : LATE_BUCKET_DAYS[input.arrears];
    where.push(`l.next_due_on <= ${TODAY} - ${min}`);
    if (max !== null) where.push(`l.next_due_on >= ${TODAY} - ${max}`);
  }
  if (input.after) {
    const [inclusive, strict] = direction === 'desc' ? ['<=', '<'] : ['>=', '>'];
    const at = byDue ? input.after.at.slice(0, 10) : input.after.at;
    const first = param(at, keyCast);
    const again = param(at, keyCast);
    const id = param(input.after.id, '::uuid');
    where.push(`l.${key} ${inclusive} ${first} and (l.${key} ${strict} ${again} or l.id ${strict} ${id})`);
  }
  const order = `order by l.${key} ${direction}, l.id ${direction}`;
  const limit = param(input.limit + 1, '::int');
  const condition = where.length ? `where ${where.join('\n    and ')}` : '';
  const ranged = `select l.* from loans l\n    ${condition}\n    ${order}\n    limit ${limit}`;
  // The page is cut first and only its rows are joined to products and users (and put in order again,
  // a sort of at most limit + 1 rows).
  if (!byStatusList) return { text: `${viewOf(`(${ranged}) as l`)}\n${order}`, values };
  // The limit is needed twice (per status and overall); a second parameter keeps "each $n once, in order".
  const overall = param(input.limit + 1, '::int');
  const page = `(select l.* from unnest(${statusSource}) as s(status)
  cross join lateral (${ranged}) as l
  ${order}
  limit ${overall}) as l`;
  return { text: `${viewOf(page)}\n${order}`, values };
}
