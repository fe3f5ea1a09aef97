import type { TAgentStatus, TRole, TUser } from '@loanbook/domain/accounts';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TPrincipal } from '../src/modules/auth/principal';
import { PRINCIPALS, refusal, type TPrincipalName } from './support/api';
import { usePrincipals } from './support/principals';

/** users.list, customers.list and agents.list: filters, search, keyset pagination and access. */
const fixture = usePrincipals();

const execute = <T extends Record<string, unknown>[]>(sql: string, params: unknown[] = []) =>
  fixture.api.db.fork().getConnection().execute<T>(sql, params);

/** Accounts with usernames `<prefix>_<i>`, created one after the other. */
async function createMany(prefix: string, count: number, role: TRole, status: TUser['status']) {
  const made: TPrincipal[] = [];
  for (let i = 0; i < count; i++) made.push(await fixture.api.createAccount(role, status, `${prefix}_${i}`));
  return made;
}

/** Pins created_at of the given accounts: `at(i)` for the i-th (ties on purpose when it returns a constant). */
async function setCreatedAt(ids: readonly string[], at: (index: number) => Date) {
  for (const [index, id] of ids.entries()) {
    await execute('update users set created_at = ? where id = ?', [at(index), id]);
  }
}

type TPage = { items: TUser[]; nextCursor: string | null };

/** Follows nextCursor to the end; fails on a loop instead of spinning. */
async function allPages(fetchPage: (cursor: string | undefined) => Promise<TPage>, maxPages = 50) {
  const pages: TPage[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    pages.push(page);
    cursor = page.nextCursor ?? undefined;
    if (pages.length > maxPages) throw new Error('pagination does not terminate');
  } while (cursor);
  return pages;
}

/** Newest first, ties broken by id (descending), as the keyset promises. */
function expectNewestFirst(items: readonly TUser[]) {
  for (let i = 1; i < items.length; i++) {
    const previous = items[i - 1];
    const current = items[i];
    if (!previous || !current) continue;
    const order = Date.parse(previous.createdAt) - Date.parse(current.createdAt);
    expect(order).toBeGreaterThanOrEqual(0);
    if (order === 0) expect(previous.id > current.id).toBe(true);
  }
}

function expectCompletePaging(pages: readonly TPage[], limit: number, expectedIds: readonly string[]) {
  const items = pages.flatMap((page) => page.items);
  const ids = items.map((user) => user.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual([...expectedIds].sort());
  expect(pages.length).toBe(Math.max(1, Math.ceil(expectedIds.length / limit)));
  for (const page of pages.slice(0, -1)) {
    expect(page.items).toHaveLength(limit);
    expect(page.nextCursor).toEqual(expect.any(String));
  }
  expect(pages.at(-1)?.nextCursor).toBeNull();
  expectNewestFirst(items);
}

describe('users.list', () => {
  it('lists every account newest first, and filters by role', async () => {
    const all = await fixture.as('admin').users.list({ limit: 100 });
    const [count] = await execute<{ n: number | string }[]>('select count(*) as n from users');
    expect(all.items).toHaveLength(Number(count?.n));
    expectNewestFirst(all.items);
    for (const role of ['customer', 'agent', 'admin'] as const) {
      const page = await fixture.as('admin').users.list({ role, limit: 100 });
      expect(page.items.length).toBeGreaterThan(0);
      expect(page.items.every((user) => user.role === role)).toBe(true);
      expect(page.items.map((user) => user.id).sort()).toEqual(
        all.items
          .filter((user) => user.role === role)
          .map((user) => user.id)
          .sort(),
      );
    }
  });

  it('refuses an unknown role', async () => {
    expect((await refusal(fixture.as('admin').users.list({ role: 'superuser' as TRole }))).code).toBe(
      'BAD_REQUEST',
    );
  });
});

describe('customers.list', () => {
  beforeAll(async () => {
    await fixture.api.createAccount('customer', 'ACTIVE', 'Searchable.Jane');
    await fixture.api.createAccount('customer', 'ACTIVE', 'wild%card');
    await fixture.api.createAccount('customer', 'ACTIVE', 'under_score');
    await fixture.api.createAccount('customer', 'ACTIVE', 'underXscore');
    await fixture.api.createAccount('agent', 'APPROVED', 'searchable.agent');
  });

  const search = async (text: string) =>
    (await fixture.as('admin').customers.list({ search: text, limit: 100 })).items.map(
      (user) => user.username,
    );

  it('lists customers only', async () => {
    const page = await fixture.as('admin').customers.list({ limit: 100 });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((user) => user.role === 'customer')).toBe(true);
    expect(page.items.map((user) => user.id)).toContain(fixture.principal('customer')?.id);
  });

  it('searches username and email, case-insensitively, customers only', async () => {
    expect(await search('SEARCHABLE')).toEqual(['Searchable.Jane']);
    expect(await search('  searchable.jane  ')).toEqual(['Searchable.Jane']);
    // The email (username@example.com) matches too.
    expect(await search('jane@EXAMPLE.com')).toEqual(['Searchable.Jane']);
    expect(await search('no such customer')).toEqual([]);
  });

  it('treats % and _ as text, not as patterns', async () => {
    expect(await search('d%c')).toEqual(['wild%card']);
    expect(await search('%')).toEqual(['wild%card']);
    expect(await search('under_score')).toEqual(['under_score']);
  });

  it('is open to approved agents as well as admins', async () => {
    const page = await fixture.as('agent').customers.list({ search: 'searchable' });
    expect(page.items.map((user) => user.username)).toEqual(['Searchable.Jane']);
  });

  it('refuses an overlong search', async () => {
    expect((await refusal(fixture.as('admin').customers.list({ search: 'x'.repeat(101) }))).code).toBe(
      'BAD_REQUEST',
    );
  });
});

describe('keyset pagination', () => {
  it('pages users.list with no duplicates or gaps, newest first, until nextCursor is null', async () => {
    await createMany('pageuser', 23, 'customer', 'ACTIVE');
    const [count] = await execute<{ n: number | string }[]>('select count(*) as n from users');
    const expected = (await fixture.as('admin').users.list({ limit: 100 })).items.map((user) => user.id);
    expect(expected).toHaveLength(Number(count?.n));
    expect(expected.length).toBeGreaterThan(30);
    for (const limit of [1, 7, 10]) {
      const pages = await allPages((cursor) => fixture.as('admin').users.list({ cursor, limit }));
      expectCompletePaging(pages, limit, expected);
    }
  });

  it('defaults to 20 items a page', async () => {
    const [count] = await execute<{ n: number | string }[]>('select count(*) as n from users');
    expect(Number(count?.n)).toBeGreaterThan(20);
    const page = await fixture.as('admin').users.list({});
    expect(page.items).toHaveLength(20);
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it('pages customers.list within a search, ending exactly on a full last page', async () => {
    const made = await createMany('pagecust', 12, 'customer', 'ACTIVE');
    // Distinct, known times: newest first means the reverse of creation order.
    const base = Date.parse('2026-03-01T10:00:00.000Z');
    await setCreatedAt(
      made.map((user) => user.id),
      (index) => new Date(base + index * 60_000),
    );
    const ids = made.map((user) => user.id);
    for (const limit of [4, 5, 12, 100]) {
      const pages = await allPages((cursor) =>
        fixture.as('admin').customers.list({ search: 'pagecust', cursor, limit }),
      );
      expectCompletePaging(pages, limit, ids);
      expect(pages.flatMap((page) => page.items.map((user) => user.id))).toEqual([...ids].reverse());
    }
  });

  it('neither repeats nor skips accounts that share a creation time across a page boundary', async () => {
    const made = await createMany('tiedagent', 9, 'agent', 'PENDING');
    const tiedAt = new Date('2026-04-01T12:00:00.000Z');
    await setCreatedAt(
      made.map((user) => user.id),
      () => tiedAt,
    );
    const pending = (await fixture.as('admin').agents.list({ status: 'PENDING', limit: 100 })).items;
    expect(pending.map((user) => user.id)).toEqual(expect.arrayContaining(made.map((user) => user.id)));
    for (const limit of [2, 4, 5]) {
      const pages = await allPages((cursor) =>
        fixture.as('admin').agents.list({ status: 'PENDING' as TAgentStatus, cursor, limit }),
      );
      expectCompletePaging(
        pages,
        limit,
        pending.map((user) => user.id),
      );
    }
  });

  it('refuses limits outside 1–100 and cursors it did not issue', async () => {
    const lists = {
      'users.list': (input: { limit?: number; cursor?: string }) => fixture.as('admin').users.list(input),
      'customers.list': (input: { limit?: number; cursor?: string }) =>
        fixture.as('admin').customers.list(input),
      'agents.list': (input: { limit?: number; cursor?: string }) => fixture.as('admin').agents.list(input),
    };
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const list of Object.values(lists)) {
      for (const limit of [0, 101, -1, 2.5]) {
        expect((await refusal(list({ limit }))).code).toBe('BAD_REQUEST');
      }
      expect((await list({ limit: 100 })).items.length).toBeGreaterThan(0);
      for (const cursor of [
        'garbage!',
        'not-a-cursor',
        '',
        forged({}),
        forged({ at: 'yesterday', id: 'x' }),
        forged({ at: '2026-01-01T00:00:00.000Z' }),
        forged([1, 2]),
        'x'.repeat(201),
      ]) {
        const refused = await refusal(list({ cursor }));
        expect(refused.code).toBe('BAD_REQUEST');
      }
    }
  });
});

describe('who may list accounts', () => {
  const INACTIVE: Partial<Record<TPrincipalName, RegExp>> = {
    pendingAgent: /awaiting approval/,
    rejectedAgent: /rejected/,
    suspendedAgent: /suspended/,
  };
  const rules = { 'users.list': ['admin'], 'customers.list': ['agent', 'admin'] } as const;
  const cases = (Object.keys(rules) as (keyof typeof rules)[]).flatMap((procedure) =>
    PRINCIPALS.map((name) => [procedure, name] as const),
  );

  it.each(cases)('%s as %s', async (procedure, name) => {
    const caller = fixture.as(name);
    const call = procedure === 'users.list' ? caller.users.list({}) : caller.customers.list({});
    const principal = fixture.principal(name);
    const allowed: readonly TRole[] = rules[procedure];
    if (!principal) {
      expect((await refusal(call)).code).toBe('UNAUTHORIZED');
    } else if (INACTIVE[name]) {
      const refused = await refusal(call);
      expect(refused.code).toBe('FORBIDDEN');
      expect(refused.message).toMatch(INACTIVE[name] ?? /never/);
    } else if (!allowed.includes(principal.role)) {
      expect(await refusal(call)).toEqual({
        code: 'FORBIDDEN',
        message: expect.stringContaining(`${principal.role} role`),
      });
    } else {
      const page = await call;
      expect(page.items.length).toBeGreaterThan(0);
    }
  });
});
