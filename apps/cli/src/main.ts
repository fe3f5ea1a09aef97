/**
 * loanbook — bring an existing loan book into Loanbook, and take loans out as CSV (apps/cli/README.md).
 */
import { parseArgs } from 'node:util';
import { runExportLoans } from './commands/export';
import { runImport, UsageError } from './commands/import';
import { readEnv } from './env';
import { SignInError } from './sign-in';

const USAGE = `Usage:
  loanbook import <book.csv> [--dry-run] [--report <file>] [--credentials <file>] [--concurrency <n>] [--json]
  loanbook export loans [--status ACTIVE,PAID_OFF] [--product HOME] [--out <file>]

Signs in with LOANBOOK_URL and LOANBOOK_TOKEN (import: an admin's token, and LOANBOOK_AGENT_TOKEN for the
approved agent who opens the loans), or asks at a terminal. See apps/cli/README.md.
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      report: { type: 'string' },
      credentials: { type: 'string' },
      concurrency: { type: 'string', default: '4' },
      json: { type: 'boolean', default: false },
      status: { type: 'string' },
      product: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, subject, ...extra] = positionals;
  if (values.help || command === undefined || command === 'help') {
    process.stdout.write(USAGE);
    return command === undefined && !values.help ? 1 : 0;
  }
  const env = readEnv();
  if (command === 'import' && subject && extra.length === 0) {
    const concurrency = Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) {
      throw new UsageError('--concurrency is a whole number from 1 to 16');
    }
    return runImport(
      {
        file: subject,
        dryRun: values['dry-run'],
        report: values.report,
        credentials: values.credentials,
        concurrency,
        json: values.json,
      },
      env,
    );
  }
  if (command === 'export' && subject === 'loans' && extra.length === 0) {
    return runExportLoans({ status: values.status, product: values.product, out: values.out }, env);
  }
  throw new UsageError(`Unknown command: loanbook ${positionals.join(' ')}`);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const known =
    error instanceof UsageError ||
    error instanceof SignInError ||
    (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  process.stderr.write(
    `loanbook: ${(error as Error).message}\n${error instanceof UsageError ? `\n${USAGE}` : ''}`,
  );
  if (!known) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
  process.exitCode = 1;
}
