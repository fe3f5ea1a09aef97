import type { TLoanStatus, ZLoanListInput } from '@loanbook/domain/loans';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { usePrincipals } from './support/principals';

/**
 * loans.list: filters, UTC date ranges (both days inclusive), sorting and keyset paging. The fixture's
 * timestamps are set with raw SQL after the loans reached their status, so every boundary is exact.
 */

type TName = 'customer' | 'otherCustomer' | 'agent' | 'otherAgent' | 'admin';
type TListInput = z.input<typeof ZLoanListInput>;

interface TFixtureLoan {
  id: string;
  customer: 'customer' | 'otherCustomer';
  productCode: 'HOME' | 'CAR' | 'PERSONAL';
  status: TLoanStatus;
  agent: 'agent' | 'otherAgent' | null;
  createdAt: string;
  updatedAt: string;
}

const principals = usePrincipals();
const fixture: TFixtureLoan[] = [];

const who = (name: TName) => principals.user(name);
const as = (name: TName) => principals.as(name);

const sql = <T>(query: string, params: unknown[] = []) =>
  principals.api.db.fork().getConnection().execute<T[]>(query, params);

const STATUSES: readonly TLoanStatus[] = ['NEW', 'PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN'];
const PRODUCTS = [
  { productCode: 'HOME', amount: '10000', termMonths: 12 },
  { productCode: 'CAR', amount: '5000', termMonths: 12 },
  { productCode: 'PERSONAL', amount: '3000', termMonths: 12 },
] as const;

/** Created-time boundaries around 2026-03-10 … 2026-03-11, then a tie of six, then distinct times. */
const CREATED_BOUNDARIES = [
  '2026-03-09T23:59:59.999Z',
  '2026-03-10T00:00:00.000Z',
  '2026-03-10T12:00:00.000Z',
  '2026-03-11T23:59:59.999Z',
  '2026-03-12T00:00:00.000Z',
];
const CREATED_TIE = '2026-02-01T10:00:00.000Z';
/** Updated-time boundaries around 2026-04-03 … 2026-04-04, on other loans than the created ones. */
const UPDATED_BOUNDARIES = [
  '2026-04-02T23:59:59.999Z',
  '2026-04-03T00:00:00.000Z',
  '2026-04-04T23:59:59.999Z',
  '2026-04-05T00:00:00.000Z',
];
const UPDATED_TIE = '2026-05-01T08:30:00.000Z';
const LOAN_COUNT = 32;

function timesFor(i: number) {
  const createdAt =
    CREATED_BOUNDARIES[i] ?? (i < 11 ? CREATED_TIE : new Date(Date.UTC(2025, 11, 1 + i, 8, i)).toISOString());
  const updatedAt =
    UPDATED_BOUNDARIES[LOAN_COUNT - 1 - i] ??
    (i % 4 === 0 ? UPDATED_TIE : new Date(Date.UTC(2026, 5, 1 + i, 9, 0, i)).toISOString());
  return { createdAt, updatedAt };
}

async function createFixtureLoan(i: number): Promise<TFixtureLoan> {
  const customer = i % 3 === 0 ? 'otherCustomer' : 'customer';
  const terms = PRODUCTS[Math.floor(i / 2) % PRODUCTS.length] ?? PRODUCTS[0];
  const status = STATUSES[i % STATUSES.length] ?? 'NEW';
  const agent = status === 'NEW' || status === 'WITHDRAWN' ? null : i % 2 === 0 ? 'agent' : 'otherAgent';
  const loan = await as(customer).loans.create(terms);
  if (agent) await as(agent).loans.forward({ loanId: loan.id });
  if (status === 'APPROVED') await as('admin').loans.approve({ loanId: loan.id });
  if (status === 'REJECTED') await as('admin').loans.reject({ loanId: loan.id, reason: 'Not this time' });
  if (status === 'WITHDRAWN') await as(customer).loans.withdraw({ loanId: loan.id });
  const { createdAt, updatedAt } = timesFor(i);
  await sql('update loans set created_at = ?, updated_at = ? where id = ?', [createdAt, updatedAt, loan.id]);
  return { id: loan.id, customer, productCode: terms.productCode, status, agent, createdAt, updatedAt };
}

beforeAll(async () => {
  for (let i = 0; i < LOAN_COUNT; i++) fixture.push(await createFixtureLoan(i));
}, 120_000);

/** The fixture loans a filter selects, in the order the API must return them: (time, id), ids as uuids sort. */
function expected(
  select: (loan: TFixtureLoan) => boolean,
  dateField: 'createdAt' | 'updatedAt' = 'createdAt',
  sort: 'asc' | 'desc' = 'desc',
): string[] {
  const direction = sort === 'asc' ? 1 : -1;
  return fixture
    .filter(select)
    .sort((a, b) => {
      const byTime = Date.parse(a[dateField]) - Date.parse(b[dateField]);
      return direction * (byTime !== 0 ? byTime : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    })
    .map((loan) => loan.id);
}

/** Follows nextCursor to the end; every page but the last is full. */
async function listAll(name: TName, input: TListInput) {
  const ids: string[] = [];
  const limit = input.limit ?? 20;
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await as(name).loans.list({ ...input, limit, cursor });
    ids.push(...result.items.map((item) => item.id));
    if (result.nextCursor === null) {
      expect(result.items.length).toBeLessThanOrEqual(limit);
      return ids;
    }
    expect(result.items).toHaveLength(limit);
    cursor = result.nextCursor;
  }
  throw new Error('paging did not end');
}

describe('keyset paging', () => {
  it('has a fixture with ties on both time columns', async () => {
    const ties = await sql<{ field: string; n: number }>(
      `select 'created' as field, count(*)::int as n from loans where created_at = ?
       union all select 'updated', count(*)::int from loans where updated_at = ?`,
      [CREATED_TIE, UPDATED_TIE],
    );
    expect(ties).toEqual([
      { field: 'created', n: 6 },
      { field: 'updated', n: fixture.filter((loan) => loan.updatedAt === UPDATED_TIE).length },
    ]);
    expect(ties[1]?.n).toBeGreaterThanOrEqual(6);
  });

  for (const dateField of ['createdAt', 'updatedAt'] as const) {
    for (const sort of ['desc', 'asc'] as const) {
      for (const limit of [2, 7]) {
        it(`pages by ${dateField} ${sort}, ${limit} a page, with no gaps or duplicates`, async () => {
          const ids = await listAll('admin', { dateField, sort, limit });
          expect(new Set(ids).size).toBe(ids.length);
          expect(ids).toEqual(expected(() => true, dateField, sort));
        });
      }
    }
  }

  it('pages a filtered list the same way', async () => {
    const ids = await listAll('agent', {
      status: ['PENDING', 'APPROVED', 'REJECTED'],
      limit: 3,
      sort: 'asc',
    });
    expect(ids).toEqual(expected((loan) => loan.agent !== null, 'createdAt', 'asc'));
  });

  it('sorts newest first by default, on the created time', async () => {
    const page = await as('admin').loans.list({ limit: 100 });
    expect(page.items.map((item) => item.id)).toEqual(expected(() => true));
    expect(page.nextCursor).toBeNull();
  });

  it('never returns an unbounded list: 20 by default, at most 100', async () => {
    expect(fixture.length).toBeGreaterThan(20);
    const page = await as('admin').loans.list({});
    expect(page.items).toHaveLength(20);
    expect(page.nextCursor).not.toBeNull();
    await expect(as('admin').loans.list({ limit: 101 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(as('admin').loans.list({ limit: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(as('admin').loans.list({ limit: 10.5 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it.each([
    ['not base64 JSON', 'not-a-cursor'],
    ['JSON of the wrong shape', Buffer.from('{"at":"yesterday","id":1}').toString('base64url')],
  ])('refuses a cursor that is %s with 400 on the cursor field', async (_what, cursor) => {
    const refusal = as('admin').loans.list({ cursor });
    await expect(refusal).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: { fieldErrors: { cursor: ['Invalid cursor'] } },
    });
  });
});

describe('filters', () => {
  const cases: Array<[string, TListInput, (loan: TFixtureLoan) => boolean]> = [
    ['one status', { status: ['PENDING'] }, (loan) => loan.status === 'PENDING'],
    [
      'several statuses',
      { status: ['APPROVED', 'REJECTED', 'WITHDRAWN'] },
      (loan) => ['APPROVED', 'REJECTED', 'WITHDRAWN'].includes(loan.status),
    ],
    ['a product', { productCode: 'CAR' }, (loan) => loan.productCode === 'CAR'],
    ['a product nobody has', { productCode: 'EDUCATION' }, () => false],
    [
      'status and product',
      { status: ['NEW'], productCode: 'HOME' },
      (l) => l.status === 'NEW' && l.productCode === 'HOME',
    ],
  ];

  it.each(cases)('by %s', async (_what, input, select) => {
    const ids = await listAll('admin', { ...input, limit: 100 });
    expect(ids).toEqual(expected(select));
    expect(ids.length).toBe(fixture.filter(select).length);
  });

  it('by customer and by agent', async () => {
    const byCustomer = await listAll('agent', { customerId: who('otherCustomer').id, limit: 100 });
    expect(byCustomer).toEqual(expected((loan) => loan.customer === 'otherCustomer'));
    const byAgent = await listAll('admin', { agentId: who('otherAgent').id, limit: 100 });
    expect(byAgent).toEqual(expected((loan) => loan.agent === 'otherAgent'));
    expect(byAgent.length).toBeGreaterThan(0);
    const pendingOfAgent = await listAll('agent', {
      agentId: who('agent').id,
      status: ['PENDING'],
      limit: 100,
    });
    expect(pendingOfAgent).toEqual(expected((loan) => loan.agent === 'agent' && loan.status === 'PENDING'));
    const nobody = await listAll('admin', { customerId: crypto.randomUUID(), limit: 100 });
    expect(nobody).toEqual([]);
  });

  it('refuses an unknown status, a bad date and a range that ends before it starts', async () => {
    const bad: unknown[] = [
      { status: ['LOST'] },
      { status: [] },
      { status: 'NEW' },
      { from: '2026-13-01' },
      { to: '10/03/2026' },
      { from: '2026-03-11', to: '2026-03-10' },
      { dateField: 'decidedAt' },
      { sort: 'sideways' },
      { productCode: 'home loans' },
      { customerId: 'not-a-uuid' },
      { unknownFilter: true },
    ];
    for (const input of bad) {
      await expect(as('admin').loans.list(input as TListInput), JSON.stringify(input)).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    }
  });
});

describe('date ranges (UTC days, both inclusive)', () => {
  const within = (time: string, from?: string, to?: string) =>
    (!from || time >= `${from}T00:00:00.000Z`) && (!to || time < `${to}T24:00:00.000Z`);

  const cases: Array<['createdAt' | 'updatedAt', string | undefined, string | undefined, string[]]> = [
    [
      'createdAt',
      '2026-03-10',
      '2026-03-11',
      ['2026-03-10T00:00:00.000Z', '2026-03-10T12:00:00.000Z', '2026-03-11T23:59:59.999Z'],
    ],
    ['createdAt', '2026-03-11', '2026-03-11', ['2026-03-11T23:59:59.999Z']],
    ['createdAt', '2026-03-12', undefined, ['2026-03-12T00:00:00.000Z']],
    ['createdAt', '2026-03-09', '2026-03-09', ['2026-03-09T23:59:59.999Z']],
    ['createdAt', '2026-02-01', '2026-02-01', Array(6).fill(CREATED_TIE)],
    ['updatedAt', '2026-04-03', '2026-04-04', ['2026-04-03T00:00:00.000Z', '2026-04-04T23:59:59.999Z']],
    ['updatedAt', undefined, '2026-04-02', ['2026-04-02T23:59:59.999Z']],
    ['updatedAt', '2026-04-05', '2026-04-05', ['2026-04-05T00:00:00.000Z']],
  ];

  it.each(cases)('%s from %s to %s', async (dateField, from, to, times) => {
    const input: TListInput = { dateField, limit: 100 };
    if (from) input.from = from;
    if (to) input.to = to;
    const page = await as('admin').loans.list(input);
    const ids = page.items.map((item) => item.id);
    expect(ids).toEqual(expected((loan) => within(loan[dateField], from, to), dateField));
    expect(page.items.map((item) => item[dateField]).sort()).toEqual([...times].sort());
  });

  it('filters on the chosen time column only', async () => {
    // No loan was created on the updated-time boundary days.
    const page = await as('admin').loans.list({
      dateField: 'createdAt',
      from: '2026-04-03',
      to: '2026-04-04',
    });
    expect(page.items).toEqual([]);
  });
});

describe('customers', () => {
  const own = (loan: TFixtureLoan) => loan.customer === 'customer';

  it.each<[string, TListInput, (loan: TFixtureLoan) => boolean]>([
    ['no filter', {}, own],
    ["another customer's id", { customerId: 'OTHER' }, own],
    [
      'a status',
      { status: ['PENDING', 'APPROVED'] },
      (l) => own(l) && ['PENDING', 'APPROVED'].includes(l.status),
    ],
    ['an agent', { agentId: 'AGENT' }, (l) => own(l) && l.agent === 'agent'],
    ['a product', { productCode: 'HOME' }, (l) => own(l) && l.productCode === 'HOME'],
  ])('see only their own loans, filtered by %s', async (_what, filter, select) => {
    const input = { ...filter, limit: 5 };
    if (input.customerId === 'OTHER') input.customerId = who('otherCustomer').id;
    if (input.agentId === 'AGENT') input.agentId = who('agent').id;
    const ids = await listAll('customer', input);
    expect(ids).toEqual(expected(select));
    const owners = await sql<{ customer_id: string }>(
      `select distinct customer_id from loans where id in (${ids.map(() => '?').join(',') || 'null'})`,
      ids,
    );
    expect(owners.every((row) => row.customer_id === who('customer').id)).toBe(true);
  });

  it('see nothing of a customer who has no loans', async () => {
    const newcomer = await principals.api.createAccount('customer', 'ACTIVE');
    const page = await principals.api.as(newcomer).loans.list({ customerId: who('customer').id, limit: 100 });
    expect(page).toEqual({ items: [], nextCursor: null });
  });
});
