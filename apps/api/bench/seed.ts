import { createHash } from 'node:crypto';
import { computeLoanFigures } from '@loanbook/domain/money';
import { progressBar, step } from './progress';
import { BENCH_GRACE_DAYS, BENCH_LATE_FEE, servicingCatalogue } from './servicing-seed';

/** The one method seeding needs; node-postgres' Client and PGlite both have it. */
export interface TSqlClient {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface TSeedSize {
  loans: number;
  customers: number;
  agents: number;
}

/** The password of every seeded account (one argon2id hash shared by all, computed once per run). */
export const BENCH_PASSWORD = 'bench-password-0123';
export const BENCH_ADMIN = 'bench.admin';
const DAYS = 3 * 365;
const DAY_MS = 86_400_000;
const BATCH = 25_000;

/**
 * Seeded ids are md5-derived, so the load generator knows them without asking; the version and variant
 * digits are set so they are valid v4-shaped UUIDs (the API's schemas check that). `uuidSql` is the same
 * function in SQL.
 */
export const seedId = (text: string) => {
  const hex = createHash('md5').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
};
const uuidSql = (text: string) =>
  `overlay(overlay(md5(${text}) placing '4' from 13) placing '8' from 17)::uuid`;
export const customerId = (n: number) => seedId(`customer-${n}`);
export const agentId = (n: number) => seedId(`agent-${n}`);
export const loanId = (n: number) => seedId(`loan-${n}`);
export const customerName = (n: number) => `customer${String(n).padStart(6, '0')}`;
export const agentName = (n: number) => `agent${String(n).padStart(4, '0')}`;

/**
 * Loan terms the seed picks from: per product, amounts and terms across its limits, priced with the
 * domain's own math, so every seeded loan's figures are exactly what Loanbook would have stored.
 */
function termCatalogue() {
  const products = [
    { code: 'HOME', rate: '6.900', min: 10_000, max: 2_000_000, terms: [60, 120, 180, 240, 300, 360] },
    { code: 'PERSONAL', rate: '10.750', min: 500, max: 50_000, terms: [6, 12, 24, 36, 48, 60, 84] },
    { code: 'CAR', rate: '7.250', min: 1_000, max: 150_000, terms: [12, 24, 36, 48, 60, 72, 96] },
    { code: 'EDUCATION', rate: '14.700', min: 500, max: 100_000, terms: [6, 12, 36, 60, 84, 120] },
  ];
  const rows: (string | number)[][] = [];
  for (const product of products) {
    for (let step = 0; step < 24; step++) {
      // Whole hundreds (so an edit to an amount with cents always changes the loan).
      const amount = Math.round((product.min + ((product.max - product.min) * step) / 23) / 100) * 100;
      for (const termMonths of product.terms) {
        const figures = computeLoanFigures({
          principal: String(amount),
          annualRatePercent: product.rate,
          termMonths,
        });
        rows.push([
          rows.length,
          product.code,
          `${amount}.00`,
          product.rate,
          termMonths,
          figures.monthlyInstallment,
          figures.totalInterest,
          figures.totalPayable,
        ]);
      }
    }
  }
  return rows;
}

/** The statuses of the seeded book and their shares (cumulative bounds of one random draw). */
export const STATUS_SHARES = [
  ['NEW', 0.1],
  ['PENDING', 0.12],
  ['APPROVED', 0.05],
  ['REJECTED', 0.12],
  ['WITHDRAWN', 0.06],
  ['ACTIVE', 0.4],
  ['PAID_OFF', 0.12],
  ['WRITTEN_OFF', 0.03],
] as const;
const statusCase = (() => {
  let bound = 0;
  const arms = STATUS_SHARES.slice(0, -1).map(([status, share]) => {
    bound += share;
    return `when r.r_status < ${bound.toFixed(4)} then '${status}'`;
  });
  return `case ${arms.join(' ')} else '${STATUS_SHARES.at(-1)?.[0]}' end`;
})();
const DISBURSED = `('ACTIVE', 'PAID_OFF', 'WRITTEN_OFF')`;
const TX_ID = (n: string) => uuidSql(`'tx-' || f.g || '-' || ${n}`);
/** 12:00 UTC on a value date, plus n seconds: recorded in value-date order, same day in record order. */
const recordedAt = (date: string, n: string) =>
  `least((${date}::timestamp at time zone 'UTC') + interval '12 hours' + ${n} * interval '1 second', $6::timestamptz)`;

/**
 * One batch of loans and their history in one statement. `src` draws every random choice once per loan
 * (random() after setseed: the same data every run), the first CTE inserts the loans, the outer insert
 * writes the history those loans went through: CREATED, then FORWARDED, APPROVED/REJECTED or WITHDRAWN,
 * one row per version, with the actor and `changes` the history subscriber would have written.
 * Disbursed loans (ACTIVE, PAID_OFF, WRITTEN_OFF) take one servicing history of their status from the
 * catalogue (`bench_histories`, computed by the domain's ledger): the loan's terms, its posted columns,
 * and its transactions (`bench_history_tx`), inserted into `loan_transactions` in record order by a second
 * CTE. Their application was created two weeks before the disbursement. The postings' own history rows
 * are not written (no measured path reads them); the loan's `version` counts them, so the next posting
 * writes the next version.
 */
const LOAN_BATCH_SQL = `
with src as materialized (
  select g, r.*, ${statusCase} as status,
    1 + floor(r.r_customer * $3)::int as customer_n,
    1 + floor(r.r_agent * $4)::int as agent_n
  from generate_series($1::int, $2::int) as g
  cross join lateral (select random() as r_status, random() as r_terms, random() as r_customer,
    random() as r_agent, random() as r_created, random() as r_forward, random() as r_decide, g as gg) as r
),
picked as materialized (
  select s.*, t.*, h.hidx, h.disbursed_on, h.closed_on, h.principal_outstanding, h.next_due_on,
    h.next_due_amount, h.total_paid, h.last_type, h.tx_count, h.last_value_date,
    case when h.hidx is null
      then $5::timestamptz + (floor(s.r_created * ${DAYS} * ${DAY_MS})::bigint * interval '1 millisecond')
      else (h.disbursed_on::timestamp at time zone 'UTC') - interval '13 days'
        + (floor(s.r_created * ${DAY_MS})::bigint * interval '1 millisecond') end as created_at
  from src s
  left join bench_history_counts c on c.status = s.status
  left join bench_histories h on h.status = s.status and h.pick = floor(s.r_terms * c.n)::int
  join bench_terms t on t.idx = coalesce(h.terms_idx, floor(s.r_terms * $7)::int)
),
timed as (
  select s.*,
    ${uuidSql("'loan-' || s.g")} as id,
    ${uuidSql("'customer-' || s.customer_n")} as customer_id,
    'customer' || lpad(s.customer_n::text, 6, '0') as customer_name,
    ${uuidSql("'agent-' || s.agent_n")} as agent_id,
    'agent' || lpad(s.agent_n::text, 4, '0') as agent_name,
    least(s.created_at + floor(s.r_forward * 7 * ${DAY_MS})::bigint * interval '1 millisecond', $6::timestamptz) as moved_at,
    case when s.status in ${DISBURSED} then 'APPROVED' else s.status end as decision
  from picked s
),
final as (
  select t.*,
    least(t.moved_at + floor(t.r_decide * 5 * ${DAY_MS})::bigint * interval '1 millisecond', $6::timestamptz) as decided_at,
    case when t.hidx is not null then 3 + t.tx_count
      when t.status = 'NEW' then 1 when t.status in ('PENDING', 'WITHDRAWN') then 2 else 3 end as version
  from timed t
),
inserted as (
  insert into loans (id, status, product_code, principal, annual_rate_percent, term_months, monthly_installment,
    total_interest, total_payable, customer_id, agent_id, rejection_reason, decided_by_id, decided_at, version,
    created_at, updated_at, late_fee, late_fee_grace_days, disbursed_on, closed_on, principal_outstanding,
    next_due_on, next_due_amount, total_paid, last_transaction_id, last_transaction_type)
  select f.id, f.status, f.product_code, f.principal, f.rate, f.term_months, f.emi, f.interest, f.payable,
    f.customer_id,
    case when f.status not in ('NEW', 'WITHDRAWN') then f.agent_id end,
    case when f.status = 'REJECTED' then 'Income could not be verified' end,
    case when f.decision in ('APPROVED', 'REJECTED') then $8::uuid end,
    case when f.decision in ('APPROVED', 'REJECTED') then f.decided_at end,
    f.version, f.created_at,
    case when f.hidx is not null then ${recordedAt('f.last_value_date', 'f.tx_count')}
      when f.status = 'NEW' then f.created_at when f.status in ('PENDING', 'WITHDRAWN') then f.moved_at
      else f.decided_at end,
    ${BENCH_LATE_FEE}, ${BENCH_GRACE_DAYS}, f.disbursed_on, f.closed_on, f.principal_outstanding,
    f.next_due_on, f.next_due_amount, coalesce(f.total_paid, 0),
    case when f.hidx is not null then ${TX_ID('f.tx_count')} end, f.last_type
  from final f
  returning id
),
posted as (
  insert into loan_transactions (id, loan_id, type, amount, value_date, recorded_at, recorded_by_id,
    recorded_by_username, recorded_by_role, reference, reduce, reverses, reason, idempotency_key,
    request_fingerprint, allocation)
  select ${TX_ID('x.n')}, f.id, x.type, x.amount, x.value_date, ${recordedAt('x.value_date', 'x.n')},
    case when x.by_agent then f.agent_id else $8::uuid end,
    case when x.by_agent then f.agent_name else '${BENCH_ADMIN}' end,
    case when x.by_agent then 'agent' else 'admin' end,
    x.reference, x.reduce,
    case when x.reverses_n is not null then ${TX_ID('x.reverses_n')} end,
    x.reason,
    coalesce(x.idempotency_key, '#reversal:' || ${TX_ID('x.reverses_n')}::text),
    coalesce(x.fingerprint,
      '{"type":"REVERSAL","transactionId":"' || ${TX_ID('x.reverses_n')}::text || '"}'),
    x.allocation
  from final f
  join bench_history_tx x on x.hidx = f.hidx
  order by f.g, x.n
  returning 1
)
insert into history_entries (entity_type, entity_id, version, action, actor_id, actor_username, actor_role, at, changes)
select 'loan', f.id::text, h.version, h.action, h.actor_id, h.actor_username, h.actor_role, h.at, h.changes
from final f
cross join lateral (values
  (1, 'CREATED', f.customer_id, f.customer_name, 'customer', f.created_at, jsonb_build_object(
    'status', jsonb_build_object('from', null, 'to', 'NEW'),
    'productCode', jsonb_build_object('from', null, 'to', f.product_code),
    'principal', jsonb_build_object('from', null, 'to', f.principal::text),
    'annualRatePercent', jsonb_build_object('from', null, 'to', f.rate::text),
    'termMonths', jsonb_build_object('from', null, 'to', f.term_months),
    'monthlyInstallment', jsonb_build_object('from', null, 'to', f.emi::text),
    'totalInterest', jsonb_build_object('from', null, 'to', f.interest::text),
    'totalPayable', jsonb_build_object('from', null, 'to', f.payable::text),
    'customerId', jsonb_build_object('from', null, 'to', f.customer_id::text))),
  (2, case when f.status = 'WITHDRAWN' then 'WITHDRAWN' else 'FORWARDED' end,
    case when f.status = 'WITHDRAWN' then f.customer_id else f.agent_id end,
    case when f.status = 'WITHDRAWN' then f.customer_name else f.agent_name end,
    case when f.status = 'WITHDRAWN' then 'customer' else 'agent' end,
    f.moved_at,
    case when f.status = 'WITHDRAWN'
      then jsonb_build_object('status', jsonb_build_object('from', 'NEW', 'to', 'WITHDRAWN'))
      else jsonb_build_object('status', jsonb_build_object('from', 'NEW', 'to', 'PENDING'),
        'agentId', jsonb_build_object('from', null, 'to', f.agent_id::text)) end),
  (3, f.decision, $8::uuid, '${BENCH_ADMIN}', 'admin', f.decided_at,
    jsonb_build_object('status', jsonb_build_object('from', 'PENDING', 'to', f.decision),
      'decidedById', jsonb_build_object('from', null, 'to', $8::text),
      'decidedAt', jsonb_build_object('from', null, 'to', to_char(f.decided_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
      || case when f.status = 'REJECTED'
        then jsonb_build_object('rejectionReason', jsonb_build_object('from', null, 'to', 'Income could not be verified'))
        else '{}'::jsonb end)
) as h(version, action, actor_id, actor_username, actor_role, at, changes)
where h.version <= least(f.version, 3)`;

const USERS_SQL = `
insert into users (id, username, email, phone, password_hash, role, status, status_reason, token_version, version,
  created_at, updated_at)
select ${uuidSql("$1 || '-' || g")}, $1 || lpad(g::text, $2, '0'), $1 || lpad(g::text, $2, '0') || '@bench.example',
  null, $3, $4, $5, null, 0, 1, $6::timestamptz, $6::timestamptz
from generate_series($7::int, $8::int) as g`;

/**
 * Seeds accounts, 1M-scale loans and their history with set-based SQL (generate_series batches, not one
 * insert per row), with the secondary indexes dropped during the load and re-created from their own
 * definitions afterwards (much faster than maintaining ten indexes row by row).
 */
export async function seed(sql: TSqlClient, size: TSeedSize, passwordHash: string, epoch: Date) {
  const start = new Date(epoch.getTime() - DAYS * DAY_MS);
  const adminId = seedId('admin');

  await step('accounts', async () => {
    await sql.query(
      `insert into users (id, username, email, phone, password_hash, role, status, status_reason, token_version,
        version, created_at, updated_at)
       values ($1, $2, 'admin@bench.example', null, $3, 'admin', 'ACTIVE', null, 0, 1, $4, $4)`,
      [adminId, BENCH_ADMIN, passwordHash, start.toISOString()],
    );
    await sql.query(USERS_SQL, [
      'agent',
      4,
      passwordHash,
      'agent',
      'APPROVED',
      start.toISOString(),
      1,
      size.agents,
    ]);
    for (let from = 1; from <= size.customers; from += 50_000) {
      const to = Math.min(size.customers, from + 49_999);
      await sql.query(USERS_SQL, [
        'customer',
        6,
        passwordHash,
        'customer',
        'ACTIVE',
        start.toISOString(),
        from,
        to,
      ]);
    }
  });

  const catalogue = termCatalogue();
  await sql.query(`create table bench_terms (idx int primary key, product_code varchar(20), principal numeric(14,2),
    rate numeric(7,3), term_months int, emi numeric(14,2), interest numeric(14,2), payable numeric(14,2))`);
  const columns = catalogue[0]?.map((_, i) => catalogue.map((row) => row[i])) ?? [];
  await sql.query(
    `insert into bench_terms select * from unnest($1::int[], $2::text[], $3::numeric[], $4::numeric[], $5::int[],
      $6::numeric[], $7::numeric[], $8::numeric[])`,
    columns,
  );
  await step('servicing histories (domain ledger)', () =>
    loadServicingCatalogue(sql, epoch.toISOString().slice(0, 10), catalogue),
  );

  const indexes = (await sql.query(
    `select indexname, indexdef from pg_indexes
     where tablename in ('loans', 'history_entries', 'loan_transactions') and indexname not like '%_pkey'
     order by indexname`,
  )) as { rows: { indexname: string; indexdef: string }[] };
  for (const index of indexes.rows) await sql.query(`drop index ${index.indexname}`);

  await sql.query('select setseed(0.42)');
  const bar = progressBar('loans + history', size.loans);
  for (let from = 1; from <= size.loans; from += BATCH) {
    const to = Math.min(size.loans, from + BATCH - 1);
    await sql.query(LOAN_BATCH_SQL, [
      from,
      to,
      size.customers,
      size.agents,
      start.toISOString(),
      epoch.toISOString(),
      catalogue.length,
      adminId,
    ]);
    bar.update(to);
  }
  bar.done();
  await sql.query('drop table bench_terms, bench_histories, bench_history_counts, bench_history_tx');

  const indexBar = progressBar('indexes', indexes.rows.length);
  let built = 0;
  for (const index of indexes.rows) {
    await sql.query(index.indexdef);
    indexBar.update(++built);
  }
  indexBar.done();
  await step('vacuum analyze', async () => {
    for (const table of ['users', 'loans', 'history_entries', 'loan_transactions'])
      await sql.query(`vacuum analyze ${table}`);
  });
  // `servicing`: seeded with the servicing histories (a database seeded before them is never reused).
  await sql.query(
    'create table bench_meta (loans int, customers int, agents int, epoch timestamptz, servicing boolean)',
  );
  await sql.query('insert into bench_meta values ($1, $2, $3, $4, true)', [
    size.loans,
    size.customers,
    size.agents,
    epoch.toISOString(),
  ]);
}

/** The catalogue of servicing histories as three work tables the batches join (dropped after the load). */
async function loadServicingCatalogue(sql: TSqlClient, today: string, terms: (string | number)[][]) {
  const { histories, transactions, counts } = servicingCatalogue(today, terms);
  await sql.query(`create table bench_histories (hidx int primary key, status text, pick int, terms_idx int,
    disbursed_on date, closed_on date, principal_outstanding numeric(14,2), next_due_on date,
    next_due_amount numeric(14,2), total_paid numeric(14,2), last_type text, tx_count int, last_value_date date,
    unique (status, pick))`);
  const column = <T>(rows: T[], key: keyof T) => rows.map((row) => row[key]);
  await sql.query(
    `insert into bench_histories select * from unnest($1::int[], $2::text[], $3::int[], $4::int[], $5::date[],
      $6::date[], $7::numeric[], $8::date[], $9::numeric[], $10::numeric[], $11::text[], $12::int[], $13::date[])`,
    (
      [
        'hidx',
        'status',
        'pick',
        'termsIdx',
        'disbursedOn',
        'closedOn',
        'principalOutstanding',
        'nextDueOn',
        'nextDueAmount',
        'totalPaid',
        'lastType',
        'txCount',
        'lastValueDate',
      ] as const
    ).map((key) => column(histories, key)),
  );
  await sql.query('create table bench_history_counts (status text primary key, n int)');
  for (const { status, n } of counts) {
    await sql.query('insert into bench_history_counts values ($1, $2)', [status, n]);
  }
  await sql.query(`create table bench_history_tx (hidx int, n int, type text, amount numeric(14,2),
    value_date date, by_agent boolean, reference text, reduce text, reverses_n int, reason text,
    idempotency_key text, fingerprint text, allocation jsonb, primary key (hidx, n))`);
  await sql.query(
    `insert into bench_history_tx select * from unnest($1::int[], $2::int[], $3::text[], $4::numeric[],
      $5::date[], $6::boolean[], $7::text[], $8::text[], $9::int[], $10::text[], $11::text[], $12::text[],
      $13::jsonb[])`,
    (
      [
        'hidx',
        'n',
        'type',
        'amount',
        'valueDate',
        'byAgent',
        'reference',
        'reduce',
        'reversesN',
        'reason',
        'idempotencyKey',
        'fingerprint',
        'allocation',
      ] as const
    ).map((key) => column(transactions, key)),
  );
  await sql.query('analyze bench_histories');
  await sql.query('analyze bench_history_tx');
}

/** The size and epoch of an already seeded bench database, or null. */
export async function seededMeta(sql: TSqlClient) {
  try {
    const { rows } = (await sql.query(
      'select loans, customers, agents, epoch from bench_meta where servicing',
    )) as {
      rows: { loans: number; customers: number; agents: number; epoch: Date | string }[];
    };
    const row = rows[0];
    return row ? { ...row, epoch: new Date(row.epoch) } : null;
  } catch {
    return null;
  }
}

export const BENCH_DAYS = DAYS;
