/**
 * `loanbook import` of a 1,000-row book through the real command against a live server: what it creates,
 * what it rejects and why, that the API's schedules and positions are what the book implies, and that a
 * second run posts nothing twice. Then `loanbook export loans`.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLoanbookClient, type Loan, type LoanbookClient } from '@loanbook/client';
import { computeLoanFigures } from '@loanbook/domain/money';
import { computePosition, type TLedgerTransaction } from '@loanbook/domain/servicing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disbursementReference } from '../src/book/keys';
import type { TImportSummary } from '../src/book/report';
import { parseCsv } from '../src/csv';
import { ADMIN, startApiServer, type TApiServer } from './support/api-server';
import { generateBook, LATE_FEE, type TGeneratedBook } from './support/book-generator';
import { runCli } from './support/cli';

const today = new Date().toISOString().slice(0, 10);
const AGENT_PASSWORD = 'import agent password';

describe('loanbook import: a 1,000-row book against a live server', () => {
  let server: TApiServer;
  let dir: string;
  let admin: LoanbookClient;
  let env: Record<string, string>;
  let book: TGeneratedBook;
  /** The loans the import made, by the book's loan_ref (from their disbursement's reference). */
  const loansByRef = new Map<string, Loan>();

  const importBook = async (...flags: string[]) => {
    const run = await runCli(['import', 'book.csv', '--json', '--concurrency', '8', ...flags], {
      cwd: dir,
      env,
    });
    if (!run.stdout.startsWith('{'))
      throw new Error(`loanbook exited ${run.code}:\n${run.stderr}\n${run.stdout}`);
    return { ...run, summary: JSON.parse(run.stdout) as TImportSummary };
  };

  const allLoans = async (): Promise<Loan[]> => {
    const loans: Loan[] = [];
    let cursor: string | null = null;
    do {
      const page = await admin.loans.list.query({ limit: 100, sort: 'asc', ...(cursor ? { cursor } : {}) });
      loans.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return loans;
  };

  beforeAll(async () => {
    [server, dir] = await Promise.all([startApiServer(), mkdtemp(join(tmpdir(), 'loanbook-cli-import-'))]);
    const anonymous = createLoanbookClient({ url: server.url });
    const adminLogin = await anonymous.auth.login.mutate(ADMIN);
    admin = createLoanbookClient({ url: server.url, token: adminLogin.token });
    const agent = await anonymous.auth.registerAgent.mutate({
      username: 'book-agent',
      password: AGENT_PASSWORD,
      email: 'book-agent@example.com',
    });
    await admin.agents.approve.mutate({ agentId: agent.id });
    const agentLogin = await anonymous.auth.login.mutate({
      username: 'book-agent',
      password: AGENT_PASSWORD,
    });
    env = {
      LOANBOOK_URL: server.url,
      LOANBOOK_TOKEN: adminLogin.token,
      LOANBOOK_AGENT_TOKEN: agentLogin.token,
    };
    book = generateBook({ today, rows: 1000 });
    await writeFile(join(dir, 'book.csv'), book.csv);
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('has a book of 1,000 rows', () => {
    expect(book.rows).toBe(1000);
    expect(parseCsv(book.csv)).toHaveLength(1001);
  });

  it('a dry run checks the rows against the API and writes nothing', async () => {
    const { code, summary } = await importBook('--dry-run');
    expect(code).toBe(2);
    expect(summary.dryRun).toBe(true);
    // Nothing to skip yet; the customer with a bad email is only found out by registering.
    expect(summary.customers).toMatchObject({ created: book.counts.customers + 1, skipped: 0, failed: 1 });
    expect(summary.loans).toMatchObject({ created: book.counts.loans + 1, skipped: 0, failed: 4 });
    expect(summary.failedByReason).toEqual(
      expect.arrayContaining([
        { reason: expect.stringMatching(/^BAD_REQUEST: amount: .*50000\.00/), count: 1 },
        { reason: 'BAD_REQUEST: productCode: Unknown product', count: 1 },
      ]),
    );
    expect((await admin.customers.list.query({ limit: 1 })).items).toEqual([]);
    expect(await allLoans()).toEqual([]);
  });

  it('imports it: each row created, or rejected with the reason in the report', async () => {
    const { code, summary, stderr } = await importBook();
    expect(code).toBe(2); // some rows were rejected
    expect(summary.stopped).toBeNull();
    expect(summary.customers).toEqual({
      created: book.counts.customers,
      skipped: 0,
      failed: 2,
      notProcessed: 0,
    });
    expect(summary.loans).toEqual({ created: book.counts.loans, skipped: 0, failed: 5, notProcessed: 0 });
    expect(summary.repayments).toEqual({
      created: book.counts.repayments,
      skipped: 0,
      failed: 6,
      notProcessed: 0,
    });
    expect(summary.otherRows).toBe(1);
    expect(summary.productsCreated.length).toBeGreaterThan(0);
    expect(stderr).toContain('Importing: 1000/1000 rows');

    const report = parseCsv(await readFile(summary.reportFile, 'utf8'));
    const header = report[0]?.fields ?? [];
    const column = (fields: string[], name: string) => fields[header.indexOf(name)] ?? '';
    const reported = report.slice(1).map(({ fields }) => ({
      line: Number(column(fields, 'line')),
      record: column(fields, 'record'),
      code: column(fields, 'error_code'),
      text: `${column(fields, 'error_message')} | ${column(fields, 'field_errors')}`,
    }));
    expect(reported.map((row) => row.line)).toEqual(book.rejections.map((rejection) => rejection.line));
    for (const expected of book.rejections) {
      const row = reported.find((r) => r.line === expected.line);
      expect(row, `line ${expected.line}`).toMatchObject({ record: expected.record, code: expected.code });
      if (expected.field) expect(row?.text).toContain(`${expected.field}: `);
      expect(row?.text).toContain(expected.says);
    }

    const credentials = parseCsv(await readFile(summary.credentialsFile ?? '', 'utf8'));
    expect(credentials.map((record) => record.fields[0])).toEqual(['username', ...book.customers]);
    const [, firstCustomer] = credentials;
    const [username = '', , password = ''] = firstCustomer?.fields ?? [];
    const signedIn = await createLoanbookClient({ url: server.url }).auth.login.mutate({
      username,
      password,
    });
    expect(signedIn.user.role).toBe('customer');

    // Products made for other rates are not offered to new loans.
    const products = await admin.loanProducts.list.query();
    for (const code of summary.productsCreated) {
      expect(products.find((product) => product.code === code)?.active).toBe(false);
    }
  });

  it("has the book's figures: each loan's schedule, ledger and position as its rows imply", async () => {
    for (const loan of await allLoans()) {
      const transactions = await admin.loans.transactions.query({ loanId: loan.id });
      const disbursement = transactions.find((t) => t.type === 'DISBURSEMENT');
      const ref = disbursement?.reference?.replace(/^book:/, '') ?? '';
      expect(disbursement?.reference).toBe(disbursementReference(ref));
      loansByRef.set(ref, loan);
    }
    expect(loansByRef.size).toBe(book.counts.loans);

    const failedLines = new Set(book.rejections.map((rejection) => rejection.line));
    for (const expected of book.loans) {
      const loan = loansByRef.get(expected.loanRef);
      if (!loan) throw new Error(`${expected.loanRef} was not imported`);
      expect(loan).toMatchObject({
        principal: expected.amount,
        termMonths: expected.termMonths,
        annualRatePercent: expected.rate,
        disbursedOn: expected.disbursedOn,
        customer: { username: expected.customer },
        agent: { username: 'book-agent' },
        status: expected.paidInFull ? 'PAID_OFF' : 'ACTIVE',
      });
      const figures = computeLoanFigures({
        principal: expected.amount,
        annualRatePercent: expected.rate,
        termMonths: expected.termMonths,
      });
      const detail = await admin.loans.get.query({ loanId: loan.id });
      expect(detail.monthlyInstallment).toBe(figures.monthlyInstallment);
      expect(detail.schedule).toEqual(figures.schedule);

      // The position the book implies, replayed by the domain's own engine from the book's rows alone.
      const repayments = expected.repayments.filter((repayment) => !failedLines.has(repayment.line));
      const ledger: TLedgerTransaction[] = [
        { id: 'd', type: 'DISBURSEMENT', amount: expected.amount, valueDate: expected.disbursedOn, seq: 0 },
        ...repayments.map((r, i) => ({
          id: `r${i}`,
          type: 'REPAYMENT' as const,
          amount: r.amount,
          valueDate: r.paidOn,
          seq: i + 1,
        })),
      ];
      const terms = {
        principal: expected.amount,
        annualRatePercent: expected.rate,
        termMonths: expected.termMonths,
        ...LATE_FEE,
      };
      const implied = computePosition(
        { terms, disbursedOn: expected.disbursedOn, transactions: ledger },
        today,
      );
      const position = await admin.loans.position.query({ loanId: loan.id, asOf: today });
      expect(position, expected.loanRef).toEqual(implied);
    }
  });

  it('a second run of the same file posts nothing twice', async () => {
    const before = await allLoans();
    const { code, summary } = await importBook();
    expect(code).toBe(2);
    expect(summary.customers).toEqual({
      created: 0,
      skipped: book.counts.customers,
      failed: 2,
      notProcessed: 0,
    });
    expect(summary.loans).toEqual({ created: 0, skipped: book.counts.loans, failed: 5, notProcessed: 0 });
    expect(summary.repayments).toEqual({
      created: 0,
      skipped: book.counts.repayments,
      failed: 6,
      notProcessed: 0,
    });
    expect(summary.credentialsFile).toBeNull();
    const after = await allLoans();
    expect(after.map(({ id, totalPaid, version }) => ({ id, totalPaid, version }))).toEqual(
      before.map(({ id, totalPaid, version }) => ({ id, totalPaid, version })),
    );
  });

  it('exports the loans to CSV, filtered by status', async () => {
    const run = await runCli(['export', 'loans', '--status', 'PAID_OFF,ACTIVE', '--out', 'loans.csv'], {
      cwd: dir,
      env,
    });
    expect(run.code).toBe(0);
    const [header, ...records] = parseCsv(await readFile(join(dir, 'loans.csv'), 'utf8'));
    expect(header?.fields.slice(0, 7)).toEqual([
      'id',
      'status',
      'product',
      'product_name',
      'customer',
      'agent',
      'amount',
    ]);
    expect(records).toHaveLength(book.counts.loans);
    const exported = new Map(records.map(({ fields }) => [fields[0], fields]));
    for (const loan of loansByRef.values()) {
      expect(exported.get(loan.id)?.slice(0, 7)).toEqual([
        loan.id,
        loan.status,
        loan.productCode,
        loan.productName,
        loan.customer.username,
        'book-agent',
        loan.principal,
      ]);
    }

    const paidOff = await runCli(['export', 'loans', '--status', 'paid_off'], { cwd: dir, env });
    expect(parseCsv(paidOff.stdout).slice(1)).toHaveLength(
      book.loans.filter((loan) => loan.paidInFull).length,
    );
  });
});
