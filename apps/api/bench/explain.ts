import type { TLoanListInput } from '@loanbook/domain/loans';
import { loanListQuery, type TSqlQuery } from '../src/modules/loans/loan.read-sql';
import type { TSqlClient } from './seed';

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
  ];
}

/**
 * A sort may take the rows of one owner or one narrow range (a customer's loans, an agent's PENDING loans
 * of one quarter: a top-N sort of a few hundred rows costs what the index walk does), never a share of the
 * table. Above this many rows (estimated or actual) a sort under no LIMIT is refused.
 */
export const BOUNDED_SORT_ROWS = 1_000;

/** The rows a scan hands to the sort above it: the planner's estimate or, when analyzed, the actual count. */
const rowsOf = (node: TPlanNode): number => Math.max(node['Plan Rows'] ?? 0, node['Actual Rows'] ?? 0);

/**
 * Why a plan is refused: a sequential scan of `loans`, or a sort over more than a bounded set of loans
 * rows with no LIMIT between the two (a LIMIT below the sort means it merges pages, e.g. one per status).
 * Bounded sorts are returned as notes.
 */
export function planProblems(
  node: TPlanNode,
  underLimit = false,
  underSort = false,
): { problems: string[]; notes: string[] } {
  const problems: string[] = [];
  const notes: string[] = [];
  const type = node['Node Type'];
  if (node['Relation Name'] === 'loans') {
    if (type === 'Seq Scan') problems.push('Seq Scan on loans');
    else if (underSort && !underLimit) {
      const rows = rowsOf(node);
      if (rows > BOUNDED_SORT_ROWS) problems.push(`Sort over ${rows} rows of loans (${type})`);
      else notes.push(`top-N sort of ≤ ${rows} rows`);
    }
  }
  const isSort = type === 'Sort' || type === 'Incremental Sort';
  for (const child of node.Plans ?? []) {
    // A Sort resets the "bounded" flag: a limit above the sort doesn't bound what the sort reads.
    const found = planProblems(child, isSort ? false : underLimit || type === 'Limit', underSort || isSort);
    problems.push(...found.problems);
    notes.push(...found.notes);
  }
  return { problems: [...new Set(problems)], notes: [...new Set(notes)] };
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

/**
 * EXPLAIN ANALYZE of every list shape × time field × direction × first/next page, as PostgreSQL runs the
 * prepared statement: with a custom plan (the actual values) and with the generic plan it may switch to
 * after five executions. Prints each plan and returns the refused ones.
 */
export async function explainListShapes(
  sql: TSqlClient,
  values: TExplainValues,
  log: (line: string) => void,
) {
  const failures: string[] = [];
  let worstMs = 0;
  let count = 0;
  for (const { name, shape } of listShapes(values)) {
    for (const dateField of ['createdAt', 'updatedAt'] as const) {
      for (const sort of ['desc', 'asc'] as const) {
        for (const after of [null, values.after]) {
          const query: TSqlQuery = loanListQuery({ ...shape, dateField, sort, limit: 50, after });
          const label = `${name} · ${dateField} ${sort} · ${after ? 'next page' : 'first page'}`;
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
          const problems = [
            ...customCheck.problems,
            ...genericCheck.problems.map((p) => `${p} (generic plan)`),
          ];
          const notes = [...new Set([...customCheck.notes, ...genericCheck.notes])];
          const verdict = problems.length
            ? `FAIL: ${problems.join('; ')}`
            : `ok${notes.length ? ` (${notes.join('; ')})` : ''}`;
          // Full plans for the most common variant of each shape (newest first, next page); one line otherwise.
          if (dateField === 'createdAt' && sort === 'desc' && after) {
            log(`\n${label}  — ${ms.toFixed(2)} ms — ${verdict}`);
            for (const line of renderPlan(custom.Plan)) log(`    ${line}`);
          } else {
            log(`${label.padEnd(70)} ${ms.toFixed(2).padStart(8)} ms  ${verdict}`);
          }
          if (problems.length) failures.push(`${label}: ${problems.join('; ')}`);
        }
      }
    }
  }
  return { failures, worstMs, count };
}
