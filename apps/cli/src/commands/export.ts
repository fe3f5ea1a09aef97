import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Loan, LoanListInput, LoanStatus } from '@loanbook/client';
import { formatCsv } from '../csv';
import type { TEnv } from '../env';
import { resolveUrl, signIn } from '../sign-in';
import { UsageError } from './import';

export const LOAN_STATUSES = [
  'NEW',
  'PENDING',
  'APPROVED',
  'REJECTED',
  'WITHDRAWN',
  'ACTIVE',
  'PAID_OFF',
  'WRITTEN_OFF',
] as const satisfies readonly LoanStatus[];

export interface TExportOptions {
  status: string | undefined;
  product: string | undefined;
  out: string | undefined;
}

/** The columns of `loanbook export loans`, and how each comes from a loan. */
const COLUMNS: [string, (loan: Loan) => string | number | null][] = [
  ['id', (l) => l.id],
  ['status', (l) => l.status],
  ['product', (l) => l.productCode],
  ['product_name', (l) => l.productName],
  ['customer', (l) => l.customer.username],
  ['agent', (l) => l.agent?.username ?? null],
  ['amount', (l) => l.principal],
  ['rate', (l) => l.annualRatePercent],
  ['term_months', (l) => l.termMonths],
  ['monthly_installment', (l) => l.monthlyInstallment],
  ['total_interest', (l) => l.totalInterest],
  ['total_payable', (l) => l.totalPayable],
  ['disbursed_on', (l) => l.disbursedOn],
  ['closed_on', (l) => l.closedOn],
  ['principal_outstanding', (l) => l.principalOutstanding],
  ['next_due_on', (l) => l.nextDueOn],
  ['next_due_amount', (l) => l.nextDueAmount],
  ['total_paid', (l) => l.totalPaid],
  ['days_past_due', (l) => l.daysPastDue],
  ['created_at', (l) => l.createdAt],
  ['updated_at', (l) => l.updatedAt],
];

export function parseStatuses(text: string | undefined): LoanStatus[] | undefined {
  if (!text) return undefined;
  const statuses = text
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  const unknown = statuses.filter((s) => !(LOAN_STATUSES as readonly string[]).includes(s));
  if (unknown.length > 0) {
    throw new UsageError(`Unknown status ${unknown.join(', ')}: use ${LOAN_STATUSES.join(', ')}`);
  }
  return statuses as LoanStatus[];
}

/** `loanbook export loans`: every loan you may see (filtered), oldest first, as CSV. */
export async function runExportLoans(options: TExportOptions, env: TEnv): Promise<number> {
  const status = parseStatuses(options.status);
  const url = await resolveUrl(env.LOANBOOK_URL);
  const { client } = await signIn({
    url,
    token: env.LOANBOOK_TOKEN,
    envName: 'LOANBOOK_TOKEN',
    roles: ['admin', 'agent', 'customer'],
    who: 'a Loanbook user',
  });
  const filter: LoanListInput = {
    sort: 'asc',
    limit: 100,
    ...(status ? { status } : {}),
    ...(options.product ? { productCode: options.product.toUpperCase() } : {}),
  };
  const loans: Loan[] = [];
  let cursor: string | null = null;
  do {
    const page = await client.loans.list.query({ ...filter, ...(cursor ? { cursor } : {}) });
    loans.push(...page.items);
    cursor = page.nextCursor;
    if (process.stderr.isTTY) process.stderr.write(`\rExporting: ${loans.length} loans`);
  } while (cursor);
  if (process.stderr.isTTY) process.stderr.write('\n');
  const csv = formatCsv([
    COLUMNS.map(([name]) => name),
    ...loans.map((loan) => COLUMNS.map(([, value]) => value(loan))),
  ]);
  if (options.out) {
    const path = resolve(env.workingDir, options.out);
    writeFileSync(path, csv);
    process.stderr.write(`${loans.length} loans written to ${path}\n`);
  } else {
    process.stdout.write(csv);
  }
  return 0;
}
