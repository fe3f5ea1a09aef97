import type { TLoanListInput } from '@loanbook/domain/loans';
import { LATE_BUCKETS } from '@loanbook/domain/servicing';
import { loanListQuery, type TSqlQuery } from '../src/modules/loans/loan.read-sql';
import { portfolioSummary } from '../src/modules/portfolio/portfolio.service';
import { findLoanTransactions } from '../src/modules/servicing/loan-transaction.repository';
import type { TSqlClient } from './seed';
import { executeOnlyEm } from './sql-em';

/** One node of `EXPLAIN (FORMAT JSON)`. */
interface TPlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Plan Rows'?: number;
  'Actual Rows'?: number;
  'Actual Total Time'?: number;
  'Sort Key'?: string[];
  Plans?: TPlanNode[];
}

type TShape = Partial<Omit<TLoanListInput, 'cursor' | 'limit'>>;

export interface TExplainValues {
  customerId: string;
  agentId: string;
  from: string;
  to: string;
  /** A keyset position inside [from, to]. */
  after: { at: string; id: string };
  /** Today's business date (UTC): the queue's buckets count from it. */
  today: string;
  /** A disbursed loan, for the read of its ledger. */
  loanId: string;
}

/**
 * The filter shapes of `loans.list` that the API and the web app send: each filter alone, the combinations
 * of the staff screens (work queue, all loans with filters, my requests, an agent's forwarded loans) and a
 * customer's own loans (the service adds `customerId`).
 */
export function listShapes(v: TExplainValues): { name: string; shape: TShape }[] {
  const range = { from: v.from, to: v.to };
  return [
    { name: 'no filter', shape: {} },
    { name: 'status', shape: { status: ['PENDING'] } },
    { name: 'status ×2', shape: { status: ['NEW', 'PENDING'] } },
    { name: 'status ×3', shape: { status: ['APPROVED', 'REJECTED', 'WITHDRAWN'] } },
    { name: 'product', shape: { productCode: 'CAR' } },
    { name: 'customer', shape: { customerId: v.customerId } },
    { name: 'agent', shape: { agentId: v.agentId } },
    { name: 'range', shape: range },
    { name: 'status + range', shape: { status: ['PENDING'], ...range } },
    { name: 'status ×2 + range', shape: { status: ['NEW', 'PENDING'], ...range } },
    { name: 'product + range', shape: { productCode: 'HOME', ...range } },
    { name: 'customer + range', shape: { customerId: v.customerId, ...range } },
    { name: 'agent + range', shape: { agentId: v.agentId, ...range } },
    { name: 'status + product', shape: { status: ['APPROVED'], productCode: 'EDUCATION' } },
    { name: 'status ×2 + product', shape: { status: ['NEW', 'PENDING'], productCode: 'PERSONAL' } },
    { name: 'status + agent', shape: { status: ['PENDING'], agentId: v.agentId } },
    { name: 'status ×2 + agent', shape: { status: ['APPROVED', 'REJECTED'], agentId: v.agentId } },
    { name: 'status + customer', shape: { status: ['APPROVED'], customerId: v.customerId } },
    { name: 'status + product + range', shape: { status: ['PENDING'], productCode: 'HOME', ...range } },
    { name: 'status + agent + range', shape: { status: ['PENDING'], agentId: v.agentId, ...range } },
    { name: 'product + agent', shape: { productCode: 'CAR', agentId: v.agentId } },
    { name: 'all filters', shape: { status: ['PENDING'], productCode: 'CAR', agentId: v.agentId, ...range } },
    // Servicing: the statuses after approval, and arrears filters in date order.
    { name: 'status ACTIVE', shape: { status: ['ACTIVE'] } },
    { name: 'status PAID_OFF + WRITTEN_OFF', shape: { status: ['PAID_OFF', 'WRITTEN_OFF'] } },
    { name: 'status ACTIVE + agent + range', shape: { status: ['ACTIVE'], agentId: v.agentId, ...range } },
    { name: 'arrears 1-30', shape: { arrears: '1-30' } },
    { name: 'arrears any + agent', shape: { arrears: 'ANY', agentId: v.agentId } },
    { name: 'arrears 90+ + range', shape: { arrears: '90+', ...range } },
  ];
}

/** Days past due in the middle of each bucket: where a next page of the queue starts. */
const QUEUE_DAYS: Record<string, number> = { ANY: 15, '1-30': 15, '31-60': 45, '61-90': 75, '90+': 200 };

/**
 * The collections queue (`sort: 'daysPastDue'`, active loans by oldest unpaid due date): all active,
 * any arrears and each bucket, alone and with the staff screen's agent / product filters (and a customer's
 * own view of it).
 */
export function queueShapes(v: TExplainValues): { name: string; shape: TShape; daysPastDue: number }[] {
  const sort = 'daysPastDue' as const;
  const shapes: { name: string; shape: TShape }[] = [
    { name: 'queue: all active', shape: { sort } },
    { name: 'queue: ANY', shape: { arrears: 'ANY', sort } },
    ...LATE_BUCKETS.map((bucket) => ({ name: `queue: ${bucket}`, shape: { arrears: bucket, sort } })),
    { name: 'queue: ANY + agent', shape: { arrears: 'ANY', agentId: v.agentId, sort } },
    { name: 'queue: 1-30 + agent', shape: { arrears: '1-30', agentId: v.agentId, sort } },
    { name: 'queue: ANY + product', shape: { arrears: 'ANY', productCode: 'CAR', sort } },
    { name: 'queue: 90+ + product', shape: { arrears: '90+', productCode: 'HOME', sort } },
    {
      name: 'queue: 31-60 + agent + product',
      shape: { arrears: '31-60', agentId: v.agentId, productCode: 'PERSONAL', sort },
    },
    { name: 'queue: ANY + customer', shape: { arrears: 'ANY', customerId: v.customerId, sort } },
    { name: 'queue: status ACTIVE + 61-90', shape: { status: ['ACTIVE'], arrears: '61-90', sort } },
  ];
  return shapes.map((s) => ({ ...s, daysPastDue: QUEUE_DAYS[s.shape.arrears ?? 'ANY'] ?? 15 }));
}

/**
 * A sort may take the rows of one owner or one narrow range (a customer's loans, an agent's PENDING loans
 * of one quarter: a top-N sort of a few hundred rows costs what the index walk does), never a share of the
 * table. Above this many rows (estimated or actual) a sort under no LIMIT is refused.
 */
export const BOUNDED_SORT_ROWS = 1_000;

/** The rows a scan hands to the sort above it: the planner's estimate or, when analyzed, the actual count. */
const rowsOf = (node: TPlanNode): number => Math.max(node['Plan Rows'] ?? 0, node['Actual Rows'] ?? 0);

/** The big tables: a sequential scan of one, or an unbounded sort of its rows, is refused. */
const GUARDED_TABLES = new Set(['loans', 'loan_transactions']);

/**
 * Why a plan is refused: a sequential scan of `loans` or `loan_transactions`, or a sort of more than a
 * bounded number of rows with one of them beneath it and no LIMIT between the two (a LIMIT below the sort
 * means it merges pages, e.g. one per status). The rows a sort takes are its own row count (estimated or,
 * when analyzed, actual), so a sort above a join that keeps a few rows of a large scan (a loan's ledger
 * joined to its reversals) is not counted as sorting the scan. Bounded sorts are returned as notes.
 */
export function planProblems(
  node: TPlanNode,
  /** Rows of the nearest Sort above this node with no Limit in between; null when there is none. */
  sortRows: number | null = null,
): { problems: string[]; notes: string[] } {
  const problems: string[] = [];
  const notes: string[] = [];
  const type = node['Node Type'];
  const relation = node['Relation Name'];
  if (relation && GUARDED_TABLES.has(relation)) {
    if (type === 'Seq Scan') problems.push(`Seq Scan on ${relation}`);
    else if (sortRows !== null) {
      if (sortRows > BOUNDED_SORT_ROWS) problems.push(`Sort over ${sortRows} rows of ${relation} (${type})`);
      else notes.push(`top-N sort of ≤ ${sortRows} rows`);
    }
  }
  const isSort = type === 'Sort' || type === 'Incremental Sort';
  // A Sort starts counting what it takes; a Limit below it bounds that (a page per status).
  const below = isSort ? rowsOf(node) : type === 'Limit' ? null : sortRows;
  for (const child of node.Plans ?? []) {
    const found = planProblems(child, below);
    problems.push(...found.problems);
    notes.push(...found.notes);
  }
  return { problems: [...new Set(problems)], notes: [...new Set(notes)] };
}

/** Scans of a big table that read (estimated or actual) more than a bounded number of rows. */
export function wideScans(node: TPlanNode): string[] {
  const relation = node['Relation Name'];
  const own =
    relation && GUARDED_TABLES.has(relation) && rowsOf(node) > BOUNDED_SORT_ROWS
      ? [`${node['Node Type']} of ${rowsOf(node)} rows of ${relation} for one loan`]
      : [];
  return [...new Set([...own, ...(node.Plans ?? []).flatMap(wideScans)])];
}

function renderPlan(node: TPlanNode, depth = 0): string[] {
  const using = node['Index Name'] ? ` using ${node['Index Name']}` : '';
  const on = `${using}${node['Relation Name'] ? ` on ${node['Relation Name']}` : ''}`;
  const sort = node['Sort Key'] ? ` (${node['Sort Key'].join(', ')})` : '';
  const actual =
    node['Actual Rows'] !== undefined
      ? `  rows=${node['Actual Rows']} ${node['Actual Total Time']?.toFixed(2) ?? '?'}ms`
      : '';
  return [
    `${'  '.repeat(depth)}-> ${node['Node Type']}${on}${sort}${actual}`,
    ...(node.Plans ?? []).flatMap((child) => renderPlan(child, depth + 1)),
  ];
}

const literal = (value: string | number) =>
  typeof value === 'number' ? String(value) : `'${value.replaceAll("'", "''")}'`;

async function explainJson(sql: TSqlClient, text: string, values: unknown[]) {
  const { rows } = (await sql.query(text, values)) as { rows: { 'QUERY PLAN': unknown }[] };
  const raw = rows[0]?.['QUERY PLAN'];
  const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as {
    Plan: TPlanNode;
    'Execution Time'?: number;
  }[];
  const plan = parsed[0];
  if (!plan) throw new Error('EXPLAIN returned no plan');
  return plan;
}

/** The portfolio's statements as `portfolioSummary` sends them (captured through a stand-in EntityManager). */
async function portfolioStatements(today: string): Promise<TSqlQuery[]> {
  const captured: TSqlQuery[] = [];
  await portfolioSummary(
    executeOnlyEm(async (text, values) => {
      captured.push({ text, values: values as (string | number)[] });
      return [];
    }),
    today,
  );
  return captured;
}

/** The ledger read of one loan (every posting, position and payoff quote starts with it). */
async function ledgerStatement(loanId: string): Promise<TSqlQuery> {
  let captured: TSqlQuery | null = null;
  await findLoanTransactions(
    executeOnlyEm(async (text, values) => {
      captured = { text, values: values as (string | number)[] };
      return [];
    }),
    loanId,
  );
  if (!captured) throw new Error('findLoanTransactions sent no query');
  return captured;
}

/**
 * EXPLAIN ANALYZE of every list shape × time field × direction × first/next page, of every collections
 * queue shape × first/next page, of the portfolio's two statements and of a loan's ledger read, as
 * PostgreSQL runs the prepared statement: with a custom plan (the actual values) and with the generic
 * plan it may switch to after five executions. Prints each plan and returns the refused ones.
 */
export async function explainReadPaths(sql: TSqlClient, values: TExplainValues, log: (line: string) => void) {
  const failures: string[] = [];
  let worstMs = 0;
  let count = 0;
  /**
   * Checks one statement; prints its full plan when `verbose`, else one line. A `pointRead` (one loan's
   * rows) must not read more than a bounded number of rows of a big table in any scan either: what one
   * loan costs must not grow with the book. A `wholeBook` statement aggregates every loan by design, so a
   * sequential scan of `loans` is allowed there: at 1M loans PostgreSQL picks a parallel one over the
   * covering index, and rightly (334 ms against 469 ms with `enable_seqscan = off`, 2026-12-01).
   */
  const check = async (
    label: string,
    query: TSqlQuery,
    verbose: boolean,
    { pointRead = false, wholeBook = false } = {},
  ) => {
    const custom = await explainJson(sql, `explain (analyze, format json) ${query.text}`, query.values);
    await sql.query(`prepare bench_generic as ${query.text}`);
    await sql.query(`set plan_cache_mode = force_generic_plan`);
    const generic = await explainJson(
      sql,
      `explain (format json) execute bench_generic(${query.values.map(literal).join(', ')})`,
      [],
    );
    await sql.query('reset plan_cache_mode');
    await sql.query('deallocate bench_generic');
    count++;
    const ms = custom['Execution Time'] ?? 0;
    worstMs = Math.max(worstMs, ms);
    const customCheck = planProblems(custom.Plan);
    const genericCheck = planProblems(generic.Plan);
    if (pointRead) {
      customCheck.problems.push(...wideScans(custom.Plan));
      genericCheck.problems.push(...wideScans(generic.Plan));
    }
    const allowed = (problem: string) => wholeBook && problem === 'Seq Scan on loans';
    const problems = [
      ...customCheck.problems.filter((p) => !allowed(p)),
      ...genericCheck.problems.filter((p) => !allowed(p)).map((p) => `${p} (generic plan)`),
    ];
    const notes = [...new Set([...customCheck.notes, ...genericCheck.notes])];
    const verdict = problems.length
      ? `FAIL: ${problems.join('; ')}`
      : `ok${notes.length ? ` (${notes.join('; ')})` : ''}`;
    if (verbose) {
      log(`\n${label}  — ${ms.toFixed(2)} ms — ${verdict}`);
      for (const line of renderPlan(custom.Plan)) log(`    ${line}`);
    } else {
      log(`${label.padEnd(70)} ${ms.toFixed(2).padStart(8)} ms  ${verdict}`);
    }
    if (problems.length) failures.push(`${label}: ${problems.join('; ')}`);
  };

  for (const { name, shape } of listShapes(values)) {
    for (const dateField of ['createdAt', 'updatedAt'] as const) {
      for (const sort of ['desc', 'asc'] as const) {
        for (const after of [null, values.after]) {
          const query = loanListQuery({ ...shape, dateField, sort, limit: 50, after });
          const label = `${name} · ${dateField} ${sort} · ${after ? 'next page' : 'first page'}`;
          // Full plans for the most common variant of each shape (newest first, next page); one line otherwise.
          await check(label, query, dateField === 'createdAt' && sort === 'desc' && after !== null);
        }
      }
    }
  }

  const todayMs = Date.parse(`${values.today}T00:00:00.000Z`);
  for (const { name, shape, daysPastDue } of queueShapes(values)) {
    const at = new Date(todayMs - daysPastDue * 86_400_000).toISOString();
    for (const after of [null, { at, id: values.after.id }]) {
      const query = loanListQuery({
        ...shape,
        dateField: 'createdAt',
        sort: 'daysPastDue',
        limit: 50,
        after,
      });
      await check(`${name} · ${after ? 'next page' : 'first page'}`, query, after !== null);
    }
  }

  const [byStatusAndProduct, byMonth] = await portfolioStatements(values.today);
  if (!byStatusAndProduct || !byMonth) throw new Error('portfolioSummary sent fewer than two queries');
  await check('portfolio.summary: by status and product, PAR 30/90', byStatusAndProduct, true, {
    wholeBook: true,
  });
  await check('portfolio.summary: disbursed and collected per month', byMonth, true);
  await check(
    "a loan's ledger (loans.repay, position, payoff quote)",
    await ledgerStatement(values.loanId),
    true,
    { pointRead: true },
  );

  return { failures, worstMs, count };
}
