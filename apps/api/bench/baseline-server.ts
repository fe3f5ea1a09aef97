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
import { computeLoanFigures, formatMoney } from '@loanbook/domain/money';
import { decodeCursor } from '@loanbook/domain/pagination';
import { assertWithinLimits, formatRatePercent } from '@loanbook/domain/products';
import pg from 'pg';
import { viewRowToLoanDto } from '../src/modules/loans/loan.read-model';
import { loanByIdQuery, loanListQuery, type TLoanViewRow } from '../src/modules/loans/loan.read-sql';

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
  const db = new PGlite(dir);
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
  // What MikroORM sends for em.findOne(User, id).
  const [user] = await db.query('select u0.* from users as u0 where u0.id = $1 limit 1', [sub]);
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
  const query = loanListQuery({
    ...(filter as object),
    limit,
    dateField,
    sort: filter.sort === 'asc' ? 'asc' : 'desc',
    after,
  });
  const rows = (await db.query(query.text, query.values)) as unknown as TLoanViewRow[];
  const items = rows.slice(0, limit).map(viewRowToLoanDto);
  const last = items.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? Buffer.from(JSON.stringify({ at: last[dateField], id: last.id })).toString('base64url')
      : null;
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

const routes: Record<string, (req: IncomingMessage, input: Record<string, unknown>) => Promise<unknown>> = {
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
