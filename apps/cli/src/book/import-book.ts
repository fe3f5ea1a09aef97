/**
 * Imports a book through the API, as the lender's staff would enter it: customers are registered (or
 * found), each loan is opened by the agent, approved and disbursed by the admin on its historical date,
 * and its past repayments are posted with keys derived from the rows. Everything it finds already done
 * (by an earlier run) is skipped, so running the same file again posts nothing twice.
 */
import { randomBytes } from 'node:crypto';
import type { Loan, LoanbookClient, LoanbookErrorDetails } from '@loanbook/client';
import { call, RowError, StopImport } from './api-calls';
import type { TBook, TCustomerRow, TLoanRow, TRejection, TRepaymentRow } from './book-file';
import { EarlierLoans } from './earlier-loans';
import { disbursementReference, repaymentKey } from './keys';
import { runPool } from './pool';
import { RateProducts } from './rate-products';

export type TOutcome = 'created' | 'skipped' | 'failed';

export interface TNewCustomer {
  line: number;
  username: string;
  email: string;
  password: string;
}

export interface TImportInput {
  book: TBook;
  /** Signed in as an admin: registers customers, approves, disburses, posts repayments. */
  admin: LoanbookClient;
  /** Signed in as an approved agent: opens the loans (null: no loan needs opening, or a dry run). */
  agent: LoanbookClient | null;
  dryRun: boolean;
  /** Customers and loans worked on at the same time (a loan's repayments are posted in order). */
  concurrency?: number;
  onProgress?: (rowsDone: number) => void;
  generatePassword?: () => string;
}

export interface TImportResult {
  dryRun: boolean;
  /** By line; a row without an outcome was not processed (the import stopped first). */
  outcomes: Map<number, TOutcome>;
  rejected: TRejection[];
  newCustomers: TNewCustomer[];
  /** Products created for loans whose rate differs from the catalogue's (or, in a dry run, to create). */
  productsCreated: string[];
  /** Why the import stopped before the end, or null. */
  stopped: string | null;
  warnings: string[];
}

interface TPlacedLoan {
  loanId: string | null;
  /** The loan's transactions before this run: a repayment answered with one of them was posted before. */
  postedIds: Set<string>;
}

const lower = (text: string) => text.toLowerCase();
const DRY_RUN_ID = 'dry-run';
const defaultPassword = () => randomBytes(15).toString('base64url');

export function importBook(input: TImportInput): Promise<TImportResult> {
  return new BookImport(input).run();
}

class BookImport {
  private readonly outcomes = new Map<number, TOutcome>();
  private readonly rejected: TRejection[] = [];
  private readonly newCustomers: TNewCustomer[] = [];
  private readonly warnings: string[] = [];
  private stopped: string | null = null;

  private readonly customerIds = new Map<string, string>();
  /** Why a customer has no id: the line of their failed row, or a message. */
  private readonly customerProblems = new Map<string, { line: number | null; message: string }>();
  private rateProducts: RateProducts | null = null;
  private earlierLoans: EarlierLoans | null = null;

  private readonly admin: LoanbookClient;
  private readonly concurrency: number;
  private readonly generatePassword: () => string;

  constructor(private readonly input: TImportInput) {
    this.admin = input.admin;
    this.concurrency = input.concurrency ?? 4;
    this.generatePassword = input.generatePassword ?? defaultPassword;
  }

  async run(): Promise<TImportResult> {
    for (const rejection of this.input.book.rejected) this.fail(rejection.line, rejection);
    try {
      const products = await call('products', () => this.admin.loanProducts.list.query(), {
        repeatable: true,
      });
      this.rateProducts = new RateProducts(this.admin, new Map(products.map((p) => [p.code, p])));
      const { agent } = this.input;
      const agentId =
        agent && !this.input.dryRun
          ? (await call('sign-in', () => agent.auth.me.query(), { repeatable: true })).id
          : null;
      this.earlierLoans = new EarlierLoans(this.admin, agentId);
      await this.importCustomers();
      await this.importLoans();
    } catch (error) {
      if (!(error instanceof StopImport)) throw error;
      this.stopped = error.message;
    } finally {
      this.warnings.push(...((await this.rateProducts?.switchOff()) ?? []));
    }
    return {
      dryRun: this.input.dryRun,
      outcomes: this.outcomes,
      rejected: [...this.rejected].sort((a, b) => a.line - b.line),
      newCustomers: [...this.newCustomers].sort((a, b) => a.line - b.line),
      productsCreated: this.rateProducts?.created ?? [],
      stopped: this.stopped,
      warnings: this.warnings,
    };
  }

  // ---- outcomes ----

  private settle(line: number, outcome: TOutcome) {
    if (this.outcomes.has(line)) return;
    this.outcomes.set(line, outcome);
    this.input.onProgress?.(this.outcomes.size);
  }

  private fail(line: number, rejection: TRejection) {
    if (this.outcomes.has(line)) return;
    this.rejected.push(rejection);
    this.settle(line, 'failed');
  }

  private failFromApi(line: number, stage: string, details: LoanbookErrorDetails) {
    this.fail(line, {
      line,
      stage,
      code: details.code ?? 'NOT_IMPORTED',
      message: details.message,
      fieldErrors: details.fieldErrors,
    });
  }

  private notImported(line: number, stage: string, message: string) {
    this.fail(line, { line, stage, code: 'NOT_IMPORTED', message, fieldErrors: {} });
  }

  /** Runs `work` over `items` until the import is stopped; a StopImport stops it. */
  private pool<T>(items: readonly T[], work: (item: T) => Promise<void>) {
    return runPool(
      items,
      this.concurrency,
      async (item) => {
        try {
          await work(item);
        } catch (error) {
          if (!(error instanceof StopImport)) throw error;
          this.stopped ??= error.message;
        }
      },
      () => this.stopped !== null,
    );
  }

  // ---- customers ----

  private async importCustomers() {
    const people = new Map<string, { username: string; row: TCustomerRow | null }>();
    for (const row of this.input.book.customers)
      people.set(lower(row.username), { username: row.username, row });
    for (const loan of this.input.book.loans) {
      if (!people.has(lower(loan.customer)))
        people.set(lower(loan.customer), { username: loan.customer, row: null });
    }
    await this.pool([...people.values()], ({ username, row }) => this.importCustomer(username, row));
  }

  private async findCustomer(username: string) {
    let cursor: string | undefined;
    do {
      const page = await call(
        'find customer',
        () =>
          this.admin.customers.list.query({ search: username, limit: 100, ...(cursor ? { cursor } : {}) }),
        { repeatable: true },
      );
      const found = page.items.find((user) => lower(user.username) === lower(username));
      if (found) return found;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return null;
  }

  private async importCustomer(username: string, row: TCustomerRow | null) {
    const key = lower(username);
    const existing = await this.findCustomer(username);
    if (existing) {
      this.customerIds.set(key, existing.id);
      if (row) this.settle(row.line, 'skipped');
      return;
    }
    if (!row) {
      this.customerProblems.set(key, {
        line: null,
        message: `Customer "${username}" is not in Loanbook and the file has no customer row for them`,
      });
      return;
    }
    if (this.input.dryRun) {
      this.customerIds.set(key, DRY_RUN_ID);
      this.settle(row.line, 'created');
      return;
    }
    const password = this.generatePassword();
    try {
      const user = await call(
        'register',
        () =>
          this.admin.auth.registerCustomer.mutate({
            username: row.username,
            password,
            email: row.email,
            ...(row.phone ? { phone: row.phone } : {}),
          }),
        { repeatable: true },
      );
      this.customerIds.set(key, user.id);
      this.newCustomers.push({ line: row.line, username: user.username, email: user.email, password });
      this.settle(row.line, 'created');
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      // A retried registration that had gone through the first time: the customer is there now.
      const found = error.details.code === 'CONFLICT' ? await this.findCustomer(username) : null;
      if (found && lower(found.email) === lower(row.email)) {
        this.customerIds.set(key, found.id);
        this.settle(row.line, 'skipped');
        return;
      }
      this.failFromApi(row.line, error.stage, error.details);
      this.customerProblems.set(key, {
        line: row.line,
        message: `Its customer (line ${row.line}) was not imported`,
      });
    }
  }

  // ---- loans ----

  private async importLoans() {
    const repayments = new Map<string, TRepaymentRow[]>();
    for (const row of this.input.book.repayments) {
      repayments.set(row.loanRef, [...(repayments.get(row.loanRef) ?? []), row]);
    }
    for (const rows of repayments.values())
      rows.sort((a, b) => a.paidOn.localeCompare(b.paidOn) || a.line - b.line);

    await this.pool(this.input.book.loans, async (loan) => {
      const rows = repayments.get(loan.loanRef) ?? [];
      const failDependents = (message: string) => {
        for (const row of rows) this.notImported(row.line, 'loan', message);
      };
      const customerId = this.customerIds.get(lower(loan.customer));
      if (!customerId) {
        const problem = this.customerProblems.get(lower(loan.customer));
        const message = problem?.message ?? `Customer "${loan.customer}" was not imported`;
        if (problem?.line === null) {
          this.fail(loan.line, {
            line: loan.line,
            stage: 'customer',
            code: 'NOT_IMPORTED',
            message,
            fieldErrors: { customer: [message] },
          });
        } else {
          this.notImported(loan.line, 'customer', message);
        }
        failDependents(`Its loan (line ${loan.line}) was not imported`);
        return;
      }
      let placed: TPlacedLoan;
      try {
        placed = await this.placeLoan(loan, customerId);
      } catch (error) {
        if (!(error instanceof RowError)) throw error;
        this.failFromApi(loan.line, error.stage, error.details);
        failDependents(`Its loan (line ${loan.line}) was not imported`);
        return;
      }
      await this.postRepayments(loan, placed, rows);
    });
  }

  private async placeLoan(loan: TLoanRow, customerId: string): Promise<TPlacedLoan> {
    const { rateProducts, earlierLoans } = this;
    if (!rateProducts || !earlierLoans) throw new Error('placeLoan before run');
    if (this.input.dryRun) {
      const earlier =
        customerId === DRY_RUN_ID ? null : await earlierLoans.find(loan, customerId, loan.product);
      if (earlier?.finished) {
        this.settle(loan.line, 'skipped');
        return { loanId: earlier.loan.id, postedIds: earlier.postedIds };
      }
      // Nothing is written: the API prices the terms, which checks product, amount and term.
      const terms = { productCode: loan.product, amount: loan.amount, termMonths: loan.termMonths };
      await call('quote', () => this.admin.loans.quote.query(terms), { repeatable: true });
      rateProducts.plan(loan);
      this.settle(loan.line, 'created');
      return { loanId: null, postedIds: new Set() };
    }
    const productCode = await rateProducts.productFor(loan);
    const earlier = await earlierLoans.find(loan, customerId, productCode);
    if (earlier?.finished) {
      this.settle(loan.line, 'skipped');
      return { loanId: earlier.loan.id, postedIds: earlier.postedIds };
    }
    let current = earlier?.loan ?? (await this.openLoan(loan, customerId, productCode));
    const loanId = current.id;
    if (current.status === 'PENDING') {
      current = await call('approve', () => this.admin.loans.approve.mutate({ loanId }), {
        repeatable: false,
      });
    }
    if (current.status === 'APPROVED') {
      const disbursement = {
        loanId,
        disbursedOn: loan.disbursedOn,
        reference: disbursementReference(loan.loanRef),
      };
      current = await call('disburse', () => this.admin.loans.disburse.mutate(disbursement), {
        repeatable: false,
      });
    }
    this.settle(loan.line, 'created');
    return { loanId, postedIds: new Set() };
  }

  private openLoan(loan: TLoanRow, customerId: string, productCode: string): Promise<Loan> {
    const { agent } = this.input;
    if (!agent) {
      throw new RowError('open', {
        code: null,
        httpStatus: null,
        message: 'No agent is signed in to open loans (LOANBOOK_AGENT_TOKEN)',
        fieldErrors: {},
        reason: null,
      });
    }
    const terms = { customerId, productCode, amount: loan.amount, termMonths: loan.termMonths };
    return call('open', () => agent.loans.openForCustomer.mutate(terms), { repeatable: false });
  }

  // ---- repayments ----

  private async postRepayments(loan: TLoanRow, placed: TPlacedLoan, rows: TRepaymentRow[]) {
    const onDate = new Map<string, number>();
    for (const row of rows) {
      const occurrence = (onDate.get(row.paidOn) ?? 0) + 1;
      onDate.set(row.paidOn, occurrence);
      if (this.stopped !== null) return;
      const { loanId } = placed;
      if (this.input.dryRun || loanId === null) {
        this.settle(row.line, 'created');
        continue;
      }
      const payment = {
        loanId,
        amount: row.amount,
        paidOn: row.paidOn,
        idempotencyKey: repaymentKey(loan.loanRef, row.paidOn, occurrence),
        ...(row.reference ? { reference: row.reference } : {}),
      };
      try {
        const transaction = await call('repay', () => this.admin.loans.repay.mutate(payment), {
          repeatable: true,
        });
        this.settle(row.line, placed.postedIds.has(transaction.id) ? 'skipped' : 'created');
      } catch (error) {
        if (!(error instanceof RowError)) throw error;
        this.failFromApi(row.line, error.stage, error.details);
      }
    }
  }
}
