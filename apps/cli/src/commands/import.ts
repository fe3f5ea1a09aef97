import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { BookFormatError, readBook } from '../book/book-file';
import { importBook } from '../book/import-book';
import { appendCredentials, formatSummary, summarize, writeRejectedReport } from '../book/report';
import { CsvSyntaxError } from '../csv';
import type { TEnv } from '../env';
import { createProgress } from '../progress';
import { resolveUrl, signIn } from '../sign-in';

export interface TImportOptions {
  file: string;
  dryRun: boolean;
  report: string | undefined;
  credentials: string | undefined;
  concurrency: number;
  json: boolean;
}

export class UsageError extends Error {}

const today = () => new Date().toISOString().slice(0, 10);
const withoutCsv = (path: string) => path.replace(/\.csv$/i, '');

/** `loanbook import <book.csv>`: exit code 0 when every row went in (or was there), 2 when some failed. */
export async function runImport(options: TImportOptions, env: TEnv): Promise<number> {
  const path = resolve(env.workingDir, options.file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read ${options.file}: ${(error as Error).message}`);
  }
  let book: ReturnType<typeof readBook>;
  try {
    book = readBook(text, today());
  } catch (error) {
    if (error instanceof BookFormatError || error instanceof CsvSyntaxError) {
      throw new UsageError(`${options.file}: ${error.message}`);
    }
    throw error;
  }

  const url = await resolveUrl(env.LOANBOOK_URL);
  const admin = await signIn({
    url,
    token: env.LOANBOOK_TOKEN,
    envName: 'LOANBOOK_TOKEN',
    roles: ['admin'],
    who: 'an admin',
  });
  const needsAgent = !options.dryRun && book.loans.length > 0;
  const agent = needsAgent
    ? await signIn({
        url,
        token: env.LOANBOOK_AGENT_TOKEN,
        envName: 'LOANBOOK_AGENT_TOKEN',
        roles: ['agent'],
        who: 'the approved agent who opens the loans',
      })
    : null;

  const started = Date.now();
  const progress = createProgress(options.dryRun ? 'Checking' : 'Importing', book.rows.length);
  const result = await importBook({
    book,
    admin: admin.client,
    agent: agent?.client ?? null,
    dryRun: options.dryRun,
    concurrency: options.concurrency,
    onProgress: (done) => progress.update(done),
  });
  progress.finish();

  const reportFile = resolve(env.workingDir, options.report ?? `${withoutCsv(options.file)}.rejected.csv`);
  writeRejectedReport(reportFile, book, result.rejected);
  let credentialsFile: string | null = null;
  if (result.newCustomers.length > 0) {
    credentialsFile = resolve(
      env.workingDir,
      options.credentials ?? `${withoutCsv(options.file)}.customers.csv`,
    );
    appendCredentials(credentialsFile, result.newCustomers);
  }
  const summary = summarize(book, result, {
    file: basename(path),
    reportFile,
    credentialsFile,
    seconds: (Date.now() - started) / 1000,
  });
  process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
  if (result.stopped) return 1;
  return result.rejected.length > 0 ? 2 : 0;
}
