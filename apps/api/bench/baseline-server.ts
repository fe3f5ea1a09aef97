/**
 * The raw baseline of `pnpm bench`: node:http + node-postgres (prepared statements) — or PGlite for the
 * embedded mode — answering the same URLs with the same JSON as Loanbook, by running the same SQL
 * (the repository's own list/detail SQL; the statements MikroORM issues for the token's account, the
 * product and the versioned update with its history row). No framework, validation, ORM or token
 * signature check: it is the ceiling of this stack, measured in the same run.
 *
 * Run as a child process: BASELINE_PORT, and BASELINE_DATABASE_URL or BASELINE_PGLITE_DIR.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import v8 from 'node:v8';
import { isDomainError } from '@loanbook/domain/errors';
import { historyActionForTransaction } from '@loanbook/domain/loans';
import { computeLoanFigures, formatMoney } from '@loanbook/domain/money';
import { decodeCursor, encodeCursor } from '@loanbook/domain/pagination';
import { assertWithinLimits, formatRatePercent } from '@loanbook/domain/products';
import { type TLedgerInput, validatePosting } from '@loanbook/domain/servicing';
import pg from 'pg';
import { ACCOUNT_BY_ID } from '../src/modules/auth/authenticate';
import { viewRowToLoanDto } from '../src/modules/loans/loan.read-model';
import { loanByIdQuery, loanListQuery, type TLoanViewRow } from '../src/modules/loans/loan.read-sql';
import { portfolioSummary } from '../src/modules/portfolio/portfolio.service';
import {
  findLoanTransactions,
  insertTransaction,
  type TStoredTransaction,
} from '../src/modules/servicing/loan-transaction.repository';
import { executeOnlyEm } from './sql-em';

type TRow = Record<string, unknown>;
interface TQueryable {
  query(text: string, values: unknown[], name?: string): Promise<TRow[]>;
}
interface TDb extends TQueryable {
  transaction<T>(
    fn: (tx: TQueryable & { rowCount(text: string, values: unknown[]): Promise<number> }) => Promise<T>,
  ): Promise<T>;
}

const names = new Map<string, string>();
const nameOf = (text: string) => {
  let name = names.get(text);
  if (!name) {
    name = `baseline_${names.size + 1}`;
    names.set(text, name);
  }
  return name;
};

async function openDb(): Promise<TDb> {
  const url = process.env.BASELINE_DATABASE_URL;
  if (url) {
    // The same pool size as Loanbook's (src/db/orm.ts).
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // Timestamps as text, as MikroORM configures node-postgres.
    const types = new pg.TypeOverrides();
    for (const oid of [1082, 1114, 1184]) types.setTypeParser(oid, (text: string) => text);
    const run = async (client: pg.Pool | pg.PoolClient, text: string, values: unknown[]) =>
      client.query({ name: nameOf(text), text, values, types });
    return {
      query: async (text, values) => (await run(pool, text, values)).rows,
      transaction: async (fn) => {
        const client = await pool.connect();
        try {
          await client.query('begin');
          const result = await fn({
            query: async (text, values) => (await run(client, text, values)).rows,
            rowCount: async (text, values) => (await run(client, text, values)).rowCount ?? 0,
          });
          await client.query('commit');
          return result;
        } catch (error) {
          await client.query('rollback');
          throw error;
        } finally {
          client.release();
        }
      },
    };
  }
  const dir = process.env.BASELINE_PGLITE_DIR;
  if (!dir) throw new Error('Set BASELINE_DATABASE_URL or BASELINE_PGLITE_DIR');
  const { PGlite } = await import('@electric-sql/pglite');
  // The same WebAssembly compilation as Loanbook's PGlite (src/db/orm.ts: first tier only), so the
  // comparison is of the two stacks, not of two compilations of one database.
  v8.setFlagsFromString('--liftoff-only');
  // Business dates stay `YYYY-MM-DD` text, as Loanbook's PGlite configures them (src/db/orm.ts).
  const db = new PGlite(dir, { parsers: { 1082: (text: string) => text } });
  await db.waitReady;
  return {
    query: async (text, values) => (await db.query<TRow>(text, values)).rows,
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          query: async (text, values) => (await tx.query<TRow>(text, values)).rows,
          rowCount: async (text, values) => (await tx.query(text, values)).affectedRows ?? 0,
        }),
      ),
  };
}

const db = await openDb();

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

/** The account behind the bearer token: the token's payload is read, not verified (see above). */
async function accountOf(req: IncomingMessage) {
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  const payload = token?.split('.')[1];
  if (!payload) throw new HttpError(401, 'UNAUTHORIZED');
  const { sub } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub: string };
  // Loanbook's own account lookup (authenticate.ts).
  const [user] = await db.query(ACCOUNT_BY_ID, [sub]);
  if (!user) throw new HttpError(401, 'UNAUTHORIZED');
  return user as { id: string; role: string; username: string };
}

const inputOf = (req: IncomingMessage, url: URL, body: string): Record<string, unknown> =>
  JSON.parse(req.method === 'GET' ? (url.searchParams.get('input') ?? '{}') : body || '{}');

async function list(req: IncomingMessage, input: Record<string, unknown>) {
  const user = await accountOf(req);
  const filter = user.role === 'customer' ? { ...input, customerId: user.id } : input;
  const limit = Number(filter.limit ?? 20);
  const dateField = filter.dateField === 'updatedAt' ? 'updatedAt' : 'createdAt';
  const after = typeof filter.cursor === 'string' ? decodeCursor(filter.cursor) : null;
  const sort = filter.sort === 'asc' || filter.sort === 'daysPastDue' ? filter.sort : 'desc';
  const query = loanListQuery({ ...(filter as object), limit, dateField, sort, after });
  const rows = (await db.query(query.text, query.values)) as unknown as TLoanViewRow[];
  const items = rows.slice(0, limit).map(viewRowToLoanDto);
  const last = items.at(-1);
  // The collections queue pages on (next due date, id), as Loanbook's repository does.
  const at = sort === 'daysPastDue' ? `${last?.nextDueOn}T00:00:00.000Z` : last?.[dateField];
  const nextCursor = rows.length > limit && last && at ? encodeCursor({ at, id: last.id }) : null;
  return { items, nextCursor };
}

async function get(req: IncomingMessage, input: Record<string, unknown>) {
  const user = await accountOf(req);
  const query = loanByIdQuery(String(input.loanId));
  const [row] = (await db.query(query.text, query.values)) as unknown as TLoanViewRow[];
  if (!row || (user.role === 'customer' && row.customer_id !== user.id))
    throw new HttpError(404, 'NOT_FOUND');
  const { schedule } = computeLoanFigures({
    principal: row.principal,
    annualRatePercent: row.annual_rate_percent,
    termMonths: row.term_months,
  });
  return { ...viewRowToLoanDto(row), schedule };
}

const PRODUCT_SQL = 'select l0.* from loan_products as l0 where l0.code = $1 limit 1';

interface TProductRow {
  code: string;
  annual_rate_percent: string;
  min_amount: string;
  max_amount: string;
  min_term_months: number;
  max_term_months: number;
}
const limitsOf = (p: TProductRow) => ({
  code: p.code,
  minAmount: p.min_amount,
  maxAmount: p.max_amount,
  minTermMonths: p.min_term_months,
  maxTermMonths: p.max_term_months,
});

async function quote(input: Record<string, unknown>) {
  const [product] = (await db.query(PRODUCT_SQL, [input.productCode])) as unknown as TProductRow[];
  if (!product) throw new HttpError(400, 'BAD_REQUEST');
  const principal = String(input.amount);
  const termMonths = Number(input.termMonths);
  assertWithinLimits(limitsOf(product), principal, termMonths);
  const figures = computeLoanFigures({
    principal,
    annualRatePercent: product.annual_rate_percent,
    termMonths,
  });
  return {
    productCode: product.code,
    annualRatePercent: formatRatePercent(product.annual_rate_percent),
    principal,
    termMonths,
    ...figures,
  };
}

// Like Loanbook's findLoan (loan, product and the three users in one joined select), as a view row plus
// the product's pricing columns.
const LOAN_FOR_EDIT_SQL = loanByIdQuery('').text.replace(
  /^select /,
  `select p.code, p.annual_rate_percent as product_rate, p.min_amount, p.max_amount, p.min_term_months,
  p.max_term_months, `,
);
// MikroORM updates the changed columns only (the rate and term stay as they are on an amount edit).
const UPDATE_SQL = `update loans set principal = $1, monthly_installment = $2, total_interest = $3,
  total_payable = $4, updated_at = $5, version = version + 1
where id = $6 and version = $7`;
const HISTORY_SQL = `insert into history_entries
  (entity_type, entity_id, version, action, actor_id, actor_username, actor_role, at, changes)
values ('loan', $1, $2, 'UPDATED', $3, $4, $5, $6, $7) returning id`;

type TEditRow = TLoanViewRow & Omit<TProductRow, 'annual_rate_percent'> & { product_rate: string };

/** An agent's edit of the amount: the select, then the versioned update and its history row in one transaction. */
async function update(req: IncomingMessage, input: Record<string, unknown>) {
  const user = await accountOf(req);
  const [loan] = (await db.query(LOAN_FOR_EDIT_SQL, [input.loanId])) as unknown as TEditRow[];
  if (!loan) throw new HttpError(404, 'NOT_FOUND');
  const editable = loan.status === 'NEW' || (loan.status === 'PENDING' && loan.agent_id === user.id);
  if (user.role !== 'agent' || !editable) throw new HttpError(409, 'CONFLICT');
  if (loan.version !== input.expectedVersion) throw new HttpError(409, 'CONFLICT');
  const principal = String(input.amount);
  assertWithinLimits(
    limitsOf({ ...loan, annual_rate_percent: loan.product_rate }),
    principal,
    loan.term_months,
  );
  const figures = computeLoanFigures({
    principal,
    annualRatePercent: loan.product_rate,
    termMonths: loan.term_months,
  });
  const at = new Date().toISOString();
  const version = loan.version + 1;
  const changes = {
    principal: { from: loan.principal, to: principal },
    monthlyInstallment: { from: loan.monthly_installment, to: figures.monthlyInstallment },
    totalInterest: { from: loan.total_interest, to: figures.totalInterest },
    totalPayable: { from: loan.total_payable, to: figures.totalPayable },
  };
  await db.transaction(async (tx) => {
    const updated = await tx.rowCount(UPDATE_SQL, [
      principal,
      figures.monthlyInstallment,
      figures.totalInterest,
      figures.totalPayable,
      at,
      loan.id,
      loan.version,
    ]);
    if (updated !== 1) throw new HttpError(409, 'CONFLICT');
    await tx.query(HISTORY_SQL, [
      loan.id,
      version,
      user.id,
      user.username,
      user.role,
      at,
      JSON.stringify(changes),
    ]);
  });
  return viewRowToLoanDto({
    ...loan,
    principal: formatMoney(principal),
    monthly_installment: figures.monthlyInstallment,
    total_interest: figures.totalInterest,
    total_payable: figures.totalPayable,
    updated_at: at,
    version,
  });
}

// ---- servicing: the same statements as Loanbook's `recordPayment` and `portfolioSummary` ----

/** What MikroORM sends for `em.findOne(Loan, id, { lockMode: PESSIMISTIC_WRITE })` inside the posting. */
const LOCK_LOAN_SQL = 'select "l0".* from "loans" as "l0" where "l0"."id" = $1 limit 1 for update';
const HISTORY_INSERT_SQL = `insert into "history_entries" ("entity_type", "entity_id", "version", "action",
  "actor_id", "actor_username", "actor_role", "at", "changes") values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
  returning "id"`;
/** The loan's posted columns, as the history subscriber names them (tracked-entities.ts). */
const POSTED_COLUMNS = [
  ['status', 'status'],
  ['closed_on', 'closedOn'],
  ['principal_outstanding', 'principalOutstanding'],
  ['next_due_on', 'nextDueOn'],
  ['next_due_amount', 'nextDueAmount'],
  ['total_paid', 'totalPaid'],
  ['last_transaction_id', 'transactionId'],
  ['last_transaction_type', null],
] as const;

const todayUtc = () => new Date().toISOString().slice(0, 10);
const textOrNull = (value: unknown) => (value === null || value === undefined ? null : String(value));

/** A domain refusal as its HTTP status (the servers' error bodies differ; the status is what counts). */
const httpErrorOf = (error: unknown) => {
  if (!isDomainError(error)) return error;
  const statuses: Record<string, number> = {
    BAD_REQUEST: 400,
    NOT_FOUND: 404,
    CONFLICT: 409,
    FORBIDDEN: 403,
  };
  const status = statuses[error.code];
  return status ? new HttpError(status, error.code) : error;
};

/**
 * `loans.repay`: in one transaction, lock the loan's row, read its ledger, validate the posting with the
 * domain's engine (a replay), insert the transaction, write the history row and the loan's posted columns
 * (only those that changed, versioned: what MikroORM's flush sends); after the commit, read the ledger
 * again for the answer, as the service does.
 */
async function repay(req: IncomingMessage, input: Record<string, unknown>) {
  const user = await accountOf(req);
  if (user.role !== 'admin' && user.role !== 'agent') throw new HttpError(403, 'FORBIDDEN');
  const loanId = String(input.loanId);
  const amount = String(input.amount);
  const paidOn = typeof input.paidOn === 'string' ? input.paidOn : null;
  const key = String(input.idempotencyKey);
  const today = todayUtc();
  const fingerprint = JSON.stringify({ type: 'REPAYMENT', amount, paidOn, reference: null, reduce: null });
  const id = await db
    .transaction(async (tx) => {
      const em = executeOnlyEm((text, values) => tx.query(text, values));
      const [loan] = await tx.query(LOCK_LOAN_SQL, [loanId]);
      if (!loan) throw new HttpError(404, 'NOT_FOUND');
      if (user.role === 'agent' && loan.agent_id !== user.id) throw new HttpError(403, 'FORBIDDEN');
      const stored: TStoredTransaction[] = await findLoanTransactions(em, loanId);
      const earlier = stored.find((t) => t.idempotencyKey === key);
      if (earlier) {
        if (earlier.fingerprint !== fingerprint) throw new HttpError(409, 'CONFLICT');
        return earlier.dto.id;
      }
      if (!loan.disbursed_on) throw new HttpError(409, 'CONFLICT');
      const ledgerInput: TLedgerInput = {
        terms: {
          principal: String(loan.principal),
          annualRatePercent: String(loan.annual_rate_percent),
          termMonths: Number(loan.term_months),
          lateFee: String(loan.late_fee),
          lateFeeGraceDays: Number(loan.late_fee_grace_days),
        },
        disbursedOn: String(loan.disbursed_on),
        transactions: stored.map((t) => t.ledger),
      };
      const result = validatePosting(
        ledgerInput,
        { type: 'REPAYMENT', amount, valueDate: paidOn ?? today, reduce: null },
        today,
      );
      const newId = crypto.randomUUID();
      await insertTransaction(em, {
        id: newId,
        loanId,
        type: 'REPAYMENT',
        amount: result.transaction.amount,
        valueDate: result.transaction.valueDate,
        recordedBy: { id: user.id, username: user.username, role: user.role },
        reference: null,
        reduce: null,
        reverses: null,
        reason: null,
        idempotencyKey: key,
        fingerprint,
        allocation: result.allocation,
      });
      const { ledger } = result;
      const next: Record<string, string | null> = {
        status: ledger.status,
        closed_on: ledger.closedOn,
        principal_outstanding: ledger.principalOutstanding,
        next_due_on: ledger.nextDueOn,
        next_due_amount: ledger.nextDueAmount,
        total_paid: ledger.totalPaid,
        last_transaction_id: newId,
        last_transaction_type: 'REPAYMENT',
      };
      const changed = POSTED_COLUMNS.filter(([column]) => textOrNull(loan[column]) !== next[column]);
      const changes = Object.fromEntries(
        changed.flatMap(([column, field]) =>
          field ? [[field, { from: textOrNull(loan[column]), to: next[column] }]] : [],
        ),
      );
      const at = new Date().toISOString();
      const version = Number(loan.version);
      await tx.query(HISTORY_INSERT_SQL, [
        'loan',
        loanId,
        version + 1,
        historyActionForTransaction('REPAYMENT'),
        user.id,
        user.username,
        user.role,
        at,
        JSON.stringify(changes),
      ]);
      const sets = changed.map(([column], i) => `"${column}" = $${i + 1}`);
      const n = changed.length;
      const updated = await tx.rowCount(
        `update "loans" set ${sets.join(', ')}${n ? ', ' : ''}"updated_at" = $${n + 1}, "version" = "version" + 1 where "id" = $${n + 2} and "version" = $${n + 3} returning "version"`,
        [...changed.map(([column]) => next[column]), at, loanId, version],
      );
      if (updated !== 1) throw new HttpError(409, 'CONFLICT');
      return newId;
    })
    .catch((error: unknown) => {
      throw httpErrorOf(error);
    });
  const found = (await findLoanTransactions(executeOnlyEm(db.query), loanId)).find((t) => t.dto.id === id);
  if (!found) throw new HttpError(404, 'NOT_FOUND');
  return found.dto;
}

/** `portfolio.summary`: Loanbook's own function, its two statements run on this pool. */
async function portfolio(req: IncomingMessage, input: Record<string, unknown>) {
  const user = await accountOf(req);
  if (user.role !== 'admin' && user.role !== 'agent') throw new HttpError(403, 'FORBIDDEN');
  return portfolioSummary(executeOnlyEm(db.query), typeof input.asOf === 'string' ? input.asOf : undefined);
}

const routes: Record<string, (req: IncomingMessage, input: Record<string, unknown>) => Promise<unknown>> = {
  'loans.repay': repay,
  'portfolio.summary': portfolio,
  'loans.list': list,
  'loans.get': get,
  'loans.quote': (_req, input) => quote(input),
  'loans.update': update,
};

function send(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/healthz') return send(res, 200, { status: 'ok' });
  const handler = routes[url.pathname.replace(/^\/trpc\//, '')];
  if (!handler) return send(res, 404, { error: { message: 'Not found' } });
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => {
    body += chunk;
  });
  req.on('end', () => {
    handler(req, inputOf(req, url, body))
      .then((data) => send(res, 200, { result: { data } }))
      .catch((error: unknown) => {
        const status = error instanceof HttpError ? error.status : 500;
        if (status === 500) console.error(error);
        send(res, status, { error: { message: error instanceof Error ? error.message : 'error' } });
      });
  });
});

server.listen(Number(process.env.BASELINE_PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`baseline listening on ${typeof address === 'object' && address ? address.port : '?'}`);
});
