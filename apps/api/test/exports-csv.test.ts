import { request as httpRequest } from 'node:http';
import { computeLoanFigures } from '@loanbook/domain/money';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_PAGE_SIZE, LOAN_CSV_HEADER } from '../src/modules/exports/loans-csv';
import { STAFF_DISPLAY_NAME } from '../src/modules/loans/loan-access';
import { startTestServer, type TTestServer } from './support/http';
import { insertAccount, issueToken } from './support/rest';

/**
 * `GET /api/v1/exports/loans.csv` (docs/web.md "CSV export"): the whole filtered loan list streamed as CSV
 * by the server, keyset page by keyset page. Loans are seeded with one set-based INSERT (thousands in well
 * under a second), accounts with the REST tests' helpers; every export is read back over real HTTP and
 * parsed as CSV.
 */

const FIGURES = computeLoanFigures({ principal: '1000.00', annualRatePercent: '10.75', termMonths: 12 });
/** More than two export pages, and not a multiple of the page size. */
const BULK = EXPORT_PAGE_SIZE * 2 + 537;
const DAY_MS = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);

let server: TTestServer;
const tokens = {} as Record<'admin' | 'agent' | 'customer' | 'otherCustomer' | 'suspendedAgent', string>;
const ids = {} as Record<keyof typeof tokens, string>;
let customerName: string;

/** `count` loans in one statement, created one second apart (so the list order is known). */
async function seedLoans(options: {
  count: number;
  customerId: string;
  status?: string;
  agentId?: string | null;
  decidedById?: string | null;
  rejectionReason?: string | null;
  productCode?: string;
  /** ACTIVE loans: the oldest unpaid due date (days past due = today − it). */
  nextDueOn?: string | null;
  startAt?: Date;
}): Promise<void> {
  const isActive = options.status === 'ACTIVE';
  await server.db.fork().execute(
    `insert into loans (id, status, product_code, principal, annual_rate_percent, term_months,
       monthly_installment, total_interest, total_payable, customer_id, agent_id, rejection_reason,
       decided_by_id, decided_at, version, created_at, updated_at, late_fee, late_fee_grace_days,
       disbursed_on, principal_outstanding, next_due_on, next_due_amount)
     select gen_random_uuid(), ?, ?, 1000.00, 10.750, 12, ?, ?, ?, ?::uuid, ?::uuid, ?, ?::uuid,
       case when ?::uuid is null then null else ?::timestamptz end, 1,
       ?::timestamptz + g * interval '1 second', ?::timestamptz + g * interval '1 second', 25.00, 5,
       ?::date, ?::numeric, ?::date, ?::numeric
     from generate_series(1, ?::int) as g`,
    [
      options.status ?? 'NEW',
      options.productCode ?? 'PERSONAL',
      FIGURES.monthlyInstallment,
      FIGURES.totalInterest,
      FIGURES.totalPayable,
      options.customerId,
      options.agentId ?? null,
      options.rejectionReason ?? null,
      options.decidedById ?? null,
      options.decidedById ?? null,
      new Date().toISOString(),
      (options.startAt ?? new Date('2026-01-01T00:00:00Z')).toISOString(),
      (options.startAt ?? new Date('2026-01-01T00:00:00Z')).toISOString(),
      isActive ? daysAgo(400) : null,
      isActive ? '1000.00' : null,
      isActive ? (options.nextDueOn ?? today()) : null,
      isActive ? FIGURES.monthlyInstallment : null,
      options.count,
    ],
  );
}

/** RFC 4180: quoted fields (quotes doubled), CRLF between records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += char;
  }
  if (field !== '' || row.length) throw new Error('The CSV does not end with CRLF');
  return rows;
}

async function exportCsv(query: string, token?: string) {
  const response = await fetch(`${server.baseUrl}/api/v1/exports/loans.csv${query ? `?${query}` : ''}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  // `text()` would drop the byte order mark; the file's bytes are what is checked.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
  return { response, text };
}

/** The export as records keyed by column name (header checked). */
async function exportRecords(query: string, token: string) {
  const { response, text } = await exportCsv(query, token);
  expect(response.status, text.slice(0, 500)).toBe(200);
  expect(text.startsWith('\uFEFF')).toBe(true);
  const [header, ...rows] = parseCsv(text.slice(1));
  expect(header).toEqual([...LOAN_CSV_HEADER]);
  return rows.map((cells) => Object.fromEntries(LOAN_CSV_HEADER.map((name, index) => [name, cells[index]])));
}

/** Every loan id `loans.list` gives for a filter, page after page, as the oracle. */
async function listedIds(query: Record<string, string>, token: string): Promise<string[]> {
  const found: string[] = [];
  let cursor: string | null = null;
  do {
    const input = { ...query, limit: 100, ...(cursor ? { cursor } : {}) };
    const response = await fetch(
      `${server.baseUrl}/trpc/loans.list?input=${encodeURIComponent(JSON.stringify(input))}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    const body = (await response.json()) as {
      result: { data: { items: { id: string }[]; nextCursor: string | null } };
    };
    found.push(...body.result.data.items.map((item) => item.id));
    cursor = body.result.data.nextCursor;
  } while (cursor);
  return found;
}

beforeAll(async () => {
  server = await startTestServer();
  customerName = `-cmd${crypto.randomUUID().slice(0, 6)}`;
  const accounts = {
    admin: await insertAccount(server, 'admin', 'ACTIVE'),
    agent: await insertAccount(server, 'agent', 'APPROVED'),
    // A username a spreadsheet would read as a formula.
    customer: await insertAccount(server, 'customer', 'ACTIVE', customerName),
    otherCustomer: await insertAccount(server, 'customer', 'ACTIVE'),
    suspendedAgent: await insertAccount(server, 'agent', 'SUSPENDED'),
  };
  for (const name of Object.keys(accounts) as (keyof typeof accounts)[]) {
    tokens[name] = await issueToken(accounts[name]);
    ids[name] = accounts[name].id;
  }
  await server.db
    .fork()
    .execute('update users set phone = ? where id = ?', ['+44 20 7946 0000', ids.customer]);

  await seedLoans({ count: BULK, customerId: ids.customer });
  await seedLoans({
    count: 1,
    customerId: ids.customer,
    status: 'REJECTED',
    agentId: ids.agent,
    decidedById: ids.admin,
    rejectionReason: '=HYPERLINK("http://evil.example","click")',
    startAt: new Date('2026-02-01T00:00:00Z'),
  });
  await seedLoans({
    count: 1,
    customerId: ids.otherCustomer,
    status: 'REJECTED',
    agentId: ids.agent,
    decidedById: ids.admin,
    rejectionReason: '@SUM(1+1)\tand +more',
    productCode: 'CAR',
    startAt: new Date('2026-02-02T00:00:00Z'),
  });
  // The collections queue: active loans 10, 45 and 120 days past due, and one that is current.
  for (const [days, agentId] of [
    [10, ids.agent],
    [45, null],
    [120, ids.agent],
    [-5, ids.agent],
  ] as const) {
    await seedLoans({
      count: 1,
      customerId: ids.otherCustomer,
      status: 'ACTIVE',
      agentId,
      decidedById: ids.admin,
      nextDueOn: daysAgo(days),
      productCode: 'HOME',
      startAt: new Date(Date.UTC(2026, 2, 1 + Math.abs(days))),
    });
  }
}, 120_000);

afterAll(() => server?.close());

describe('GET /api/v1/exports/loans.csv', () => {
  it('streams every loan of the list, whole and in the list order, across keyset pages', async () => {
    const { response } = await exportCsv('', tokens.admin);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="loans-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');

    const records = await exportRecords('', tokens.admin);
    const expected = await listedIds({}, tokens.admin);
    expect(expected.length).toBe(BULK + 6);
    expect(records.map((record) => record.id)).toEqual(expected);
    expect(new Set(records.map((record) => record.id)).size).toBe(records.length);

    const first = records.find((record) => record.status === 'NEW');
    expect(first).toMatchObject({
      product_code: 'PERSONAL',
      product_name: 'Personal loan',
      principal: '1000.00',
      annual_rate_percent: '10.75',
      term_months: '12',
      monthly_installment: FIGURES.monthlyInstallment,
      customer: `'${customerName}`,
      customer_email: `'${customerName}@example.com`,
      customer_phone: '+44 20 7946 0000'.replace(/^\+/, "'+"),
      agent: '',
      disbursed_on: '',
      days_past_due: '',
      total_paid: '0.00',
    });
  });

  it('applies the list filters: status, product, agent, dates, and the collections queue', async () => {
    const rejected = await exportRecords('status=REJECTED', tokens.admin);
    expect(rejected.map((record) => record.status)).toEqual(['REJECTED', 'REJECTED']);

    const car = await exportRecords('productCode=CAR&status=REJECTED,NEW', tokens.admin);
    expect(car).toHaveLength(1);
    expect(car[0]).toMatchObject({ product_code: 'CAR', rejection_reason: "'@SUM(1+1)\tand +more" });

    const february = await exportRecords('from=2026-02-01&to=2026-02-01', tokens.admin);
    expect(february.map((record) => record.status)).toEqual(['REJECTED']);

    // Worst first; the current loan is not in arrears.
    const queue = await exportRecords('arrears=ANY&sort=daysPastDue', tokens.agent);
    expect(queue.map((record) => [record.days_past_due, record.arrears_bucket])).toEqual([
      ['120', '90+'],
      ['45', '31-60'],
      ['10', '1-30'],
    ]);
    const mine = await exportRecords(`arrears=ANY&sort=daysPastDue&agentId=${ids.agent}`, tokens.agent);
    expect(mine.map((record) => record.days_past_due)).toEqual(['120', '10']);
    const bucket = await exportRecords('arrears=31-60&sort=daysPastDue', tokens.admin);
    expect(bucket.map((record) => record.days_past_due)).toEqual(['45']);
    expect(bucket[0]).toMatchObject({
      status: 'ACTIVE',
      principal_outstanding: '1000.00',
      product_code: 'HOME',
    });
  });

  it('prefixes every cell a spreadsheet would run as a formula with an apostrophe', async () => {
    const { text } = await exportCsv('status=REJECTED', tokens.admin);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(text).toContain(`"'@SUM(1+1)\tand +more"`);
    expect(text).toContain(`"'${customerName}"`);
    // No cell starts with a formula character unguarded.
    for (const cell of parseCsv(text.slice(1)).flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('gives a customer their own loans only, whatever customerId they send, and staff as the lending team', async () => {
    const own = await exportRecords('status=REJECTED', tokens.customer);
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({ customer: `'${customerName}`, decided_by: STAFF_DISPLAY_NAME });

    const other = await exportRecords(`customerId=${ids.customer}`, tokens.otherCustomer);
    expect(other.map((record) => record.customer)).not.toContain(`'${customerName}`);
    expect(other).toHaveLength(5);
    expect(other.map((record) => record.id).sort()).toEqual(
      (await listedIds({}, tokens.otherCustomer)).sort(),
    );
  });

  it('refuses as loans.list does, as JSON, before any CSV', async () => {
    const anonymous = await exportCsv('');
    expect(anonymous.response.status).toBe(401);
    expect(anonymous.response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(JSON.parse(anonymous.text)).toMatchObject({ code: 'UNAUTHORIZED' });

    const forged = await exportCsv('', 'not-a-token');
    expect(forged.response.status).toBe(401);

    const suspended = await exportCsv('', tokens.suspendedAgent);
    expect(suspended.response.status).toBe(403);
    expect(JSON.parse(suspended.text)).toMatchObject({ code: 'FORBIDDEN' });

    const badStatus = await exportCsv('status=LOST', tokens.admin);
    expect(badStatus.response.status).toBe(400);
    expect(JSON.parse(badStatus.text)).toMatchObject({
      code: 'BAD_REQUEST',
      fieldErrors: { status: expect.any(Array) },
    });

    const unknown = await exportCsv('colour=red', tokens.admin);
    expect(unknown.response.status).toBe(400);

    const reversed = await exportCsv('from=2026-03-01&to=2026-02-01', tokens.admin);
    expect(reversed.response.status).toBe(400);
    expect(JSON.parse(reversed.text)).toMatchObject({ fieldErrors: { to: expect.any(Array) } });

    const paged = await exportCsv('limit=10&cursor=abc', tokens.admin);
    expect(paged.response.status).toBe(400);
    expect(JSON.parse(paged.text)).toMatchObject({
      fieldErrors: { cursor: ['Not a filter of an export'], limit: ['Not a filter of an export'] },
    });
    expect(paged.response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('starts at once, and a client that goes away ends it', async () => {
    const port = Number(new URL(server.baseUrl).port);
    // node:http, so the socket really closes (undici's fetch may keep an aborted response's socket).
    const firstChunk = await new Promise<string>((resolve, reject) => {
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/api/v1/exports/loans.csv',
          headers: { authorization: `Bearer ${tokens.admin}` },
        },
        (response) => {
          response.once('data', (chunk: Buffer) => {
            request.destroy();
            resolve(chunk.toString('utf8'));
          });
        },
      );
      request.on('error', reject);
      request.end();
    });
    expect(firstChunk.startsWith('\uFEFF"id","status"')).toBe(true);
    // The server is fine afterwards.
    const again = await exportRecords('status=REJECTED', tokens.admin);
    expect(again).toHaveLength(2);
  });
});
