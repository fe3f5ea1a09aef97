/** What an import tells its user: the summary, the report of rejected rows, the new customers' passwords. */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { formatCsv } from '../csv';
import { BOOK_COLUMNS, RECORD_KINDS, type TBook, type TRejection } from './book-file';
import type { TImportResult } from './import-book';

export interface TCounts {
  created: number;
  skipped: number;
  failed: number;
  /** Not reached: the import stopped first. */
  notProcessed: number;
}

export interface TImportSummary {
  file: string;
  dryRun: boolean;
  rows: number;
  customers: TCounts;
  loans: TCounts;
  repayments: TCounts;
  /** Rows whose `record` is none of the three kinds. */
  otherRows: number;
  failedByReason: { reason: string; count: number }[];
  productsCreated: string[];
  stopped: string | null;
  warnings: string[];
  reportFile: string;
  credentialsFile: string | null;
  seconds: number;
}

/** One line per cause: the code and the first field's message (or the message). */
export function reasonOf(rejection: TRejection): string {
  const [field, messages] = Object.entries(rejection.fieldErrors)[0] ?? [];
  const detail = field && messages?.[0] ? `${field}: ${messages[0]}` : rejection.message;
  return `${rejection.code}: ${detail}`;
}

export function summarize(
  book: TBook,
  result: TImportResult,
  files: { file: string; reportFile: string; credentialsFile: string | null; seconds: number },
): TImportSummary {
  const counts = Object.fromEntries(
    RECORD_KINDS.map((kind) => [kind, { created: 0, skipped: 0, failed: 0, notProcessed: 0 }]),
  ) as Record<(typeof RECORD_KINDS)[number], TCounts>;
  let otherRows = 0;
  for (const row of book.rows) {
    const kind = RECORD_KINDS.find((k) => k === row.record);
    if (!kind) {
      otherRows++;
      continue;
    }
    const outcome = result.outcomes.get(row.line);
    if (outcome) counts[kind][outcome]++;
    else counts[kind].notProcessed++;
  }
  const reasons = new Map<string, number>();
  for (const rejection of result.rejected) {
    const reason = reasonOf(rejection);
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  return {
    ...files,
    dryRun: result.dryRun,
    rows: book.rows.length,
    customers: counts.customer,
    loans: counts.loan,
    repayments: counts.repayment,
    otherRows,
    failedByReason: [...reasons]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    productsCreated: result.productsCreated,
    stopped: result.stopped,
    warnings: result.warnings,
  };
}

const REPORT_COLUMNS = ['line', ...BOOK_COLUMNS, 'stage', 'error_code', 'error_message', 'field_errors'];

/** The rejected rows as they were in the book, each with the API's error (or the row's problem). */
export function writeRejectedReport(path: string, book: TBook, rejected: readonly TRejection[]) {
  const rowsByLine = new Map(book.rows.map((row) => [row.line, row]));
  const lines = rejected.map((rejection) => {
    const row = rowsByLine.get(rejection.line);
    const fieldErrors = Object.entries(rejection.fieldErrors)
      .map(([field, messages]) => `${field}: ${messages.join(' / ')}`)
      .join('; ');
    return [
      rejection.line,
      ...BOOK_COLUMNS.map((column) => row?.values[column] ?? ''),
      rejection.stage,
      rejection.code,
      rejection.message,
      fieldErrors,
    ];
  });
  writeFileSync(path, formatCsv([REPORT_COLUMNS, ...lines]));
}

/** New customers' generated passwords, appended (an earlier run's are kept); readable by the owner only. */
export function appendCredentials(path: string, customers: TImportResult['newCustomers']) {
  if (!existsSync(path)) writeFileSync(path, formatCsv([['username', 'email', 'password']]), { mode: 0o600 });
  appendFileSync(path, formatCsv(customers.map((c) => [c.username, c.email, c.password])));
}

const pad = (value: string | number, width: number) => String(value).padStart(width);

/** The summary as a person reads it. */
export function formatSummary(summary: TImportSummary): string {
  const heading = summary.dryRun
    ? `Dry run of ${summary.file}: ${summary.rows} rows checked in ${summary.seconds.toFixed(1)} s, nothing was written.`
    : `Imported ${summary.file}: ${summary.rows} rows in ${summary.seconds.toFixed(1)} s.`;
  const titles = summary.dryRun
    ? ['to create', 'already there', 'would fail']
    : ['created', 'skipped', 'failed'];
  const table = [
    `${''.padEnd(12)}${titles.map((t) => pad(t, 14)).join('')}${summary.stopped ? pad('not processed', 15) : ''}`,
    ...(['customers', 'loans', 'repayments'] as const).map((kind) => {
      const c = summary[kind];
      const cells = [c.created, c.skipped, c.failed].map((n) => pad(n, 14)).join('');
      return `${kind.padEnd(12)}${cells}${summary.stopped ? pad(c.notProcessed, 15) : ''}`;
    }),
  ];
  if (summary.otherRows > 0)
    table.push(`${'other rows'.padEnd(12)}${pad('', 28)}${pad(summary.otherRows, 14)}`);
  const lines = [heading, '', ...table];
  if (summary.dryRun) {
    lines.push('', 'Repayments of loans already there are posted only if they were not (their keys say so).');
  }
  if (summary.failedByReason.length > 0) {
    lines.push('', summary.dryRun ? 'Rows that would fail, by reason:' : 'Failed rows by reason:');
    for (const { reason, count } of summary.failedByReason.slice(0, 15))
      lines.push(`${pad(count, 7)}  ${reason}`);
    if (summary.failedByReason.length > 15) lines.push(`${pad('…', 7)}  (all of them in the report)`);
  }
  lines.push('', `Rejected rows, each with its error: ${summary.reportFile}`);
  if (summary.credentialsFile) {
    lines.push(
      `New customers' passwords: ${summary.credentialsFile} (hand them over securely, then delete it)`,
    );
  }
  if (summary.productsCreated.length > 0) {
    const verb = summary.dryRun ? 'Products to create' : 'Products created';
    lines.push(
      `${verb} for rates the catalogue does not have (not offered to new loans): ${summary.productsCreated.join(', ')}`,
    );
  }
  for (const warning of summary.warnings) lines.push(`Warning: ${warning}`);
  if (summary.stopped) {
    lines.push(
      '',
      `Stopped early: ${summary.stopped}`,
      'Run the same command again to continue: nothing is posted twice.',
    );
  }
  return `${lines.join('\n')}\n`;
}
