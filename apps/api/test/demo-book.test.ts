import { LOAN_STATUSES, type TLoan } from '@loanbook/domain/loans';
import { LATE_BUCKETS } from '@loanbook/domain/servicing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/env';
import {
  DEMO_AGENTS,
  DEMO_CUSTOMERS,
  DEMO_PASSWORD,
  DEMO_PENDING_AGENT,
  isDemoBookEnabled,
  seedDemoBook,
  type TDemoBookResult,
} from '../src/modules/demo/demo-book';
import { ensureAdmin } from '../src/modules/users/bootstrap-admin';
import { toPrincipal } from '../src/modules/users/user.dto';
import { User } from '../src/modules/users/user.entity';
import { createTestApi, type TTestApi } from './support/api';
import { testDatabaseKind } from './support/db';
import { daysFrom, expectColumnsEqualReplay, todayUtc } from './support/servicing';

/**
 * The demo book of `pnpm start` (src/modules/demo/demo-book.ts), seeded on a fresh in-memory PGlite
 * database through the procedures: every status, every arrears bucket, ledgers equal to their replay,
 * and nothing created twice. PGlite only: the book is never created on PostgreSQL.
 */
describe.runIf(testDatabaseKind() === 'pglite')('demo book', () => {
  let api: TTestApi;
  let first: TDemoBookResult;
  let admin: ReturnType<TTestApi['as']>;
  const all: TLoan[] = [];

  beforeAll(async () => {
    api = await createTestApi();
    const created = await ensureAdmin(api.db, readConfig({ NODE_ENV: 'development' }));
    expect(created.kind).toBe('created');
    first = await seedDemoBook(api.db, api.tokens);
    admin = api.as(toPrincipal(await api.db.fork().findOneOrFail(User, { role: 'admin' })));
    let cursor: string | null = null;
    do {
      const page: { items: TLoan[]; nextCursor: string | null } = await admin.loans.list({
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
  }, 60_000);
  afterAll(() => api?.close());

  it('creates the book quickly, with loans in every status', () => {
    expect(first).toMatchObject({ kind: 'created' });
    if (first.kind !== 'created') return;
    expect(first.loans).toBe(all.length);
    // The budget is 3 s on PGlite; a busy test machine gets some slack.
    expect(first.milliseconds).toBeLessThan(10_000);
    expect(new Set(all.map((loan) => loan.status))).toEqual(new Set(LOAN_STATUSES));
  });

  it('has active loans in each arrears bucket, and current ones, in the collections queue', async () => {
    for (const arrears of LATE_BUCKETS) {
      const page = await admin.loans.list({ arrears, sort: 'daysPastDue' });
      expect(page.items.length, `bucket ${arrears}`).toBeGreaterThan(0);
      for (const loan of page.items) expect(loan.status).toBe('ACTIVE');
    }
    const current = all.filter((loan) => loan.status === 'ACTIVE' && loan.daysPastDue === 0);
    expect(current.length).toBeGreaterThanOrEqual(2);
    const portfolio = await admin.portfolio.summary({});
    expect(Number(portfolio.par30)).toBeGreaterThan(0);
    expect(Number(portfolio.par90)).toBeGreaterThan(0);
    expect(portfolio.collectedByMonth.filter((month) => month.amount !== '0.00').length).toBeGreaterThan(6);
  });

  it('has the histories a newcomer should see: late fees, a prepayment, a payoff, a reversal, a write-off', async () => {
    const types = new Set<string>();
    let fees = 0;
    for (const loan of all.filter((l) => l.disbursedOn !== null)) {
      const transactions = await admin.loans.transactions({ loanId: loan.id });
      for (const t of transactions) {
        types.add(t.type);
        fees += Number(t.allocation.fees);
      }
    }
    expect(types).toEqual(
      new Set(['DISBURSEMENT', 'REPAYMENT', 'PREPAYMENT', 'PAYOFF', 'REVERSAL', 'WRITE_OFF']),
    );
    expect(fees).toBeGreaterThan(0);
    // Disbursed over a year ago, not today.
    const oldest = all.flatMap((loan) => (loan.disbursedOn ? [loan.disbursedOn] : [])).sort()[0] ?? '';
    expect(daysFrom(oldest, todayUtc())).toBeGreaterThan(365);
  });

  it('keeps on every disbursed loan exactly the columns a replay of its ledger gives', async () => {
    for (const loan of all.filter((l) => l.disbursedOn !== null)) {
      const transactions = await admin.loans.transactions({ loanId: loan.id });
      expectColumnsEqualReplay(await admin.loans.get({ loanId: loan.id }), transactions);
    }
  });

  it('lets each demo account sign in with the documented password; the pending agent waits', async () => {
    for (const username of [...DEMO_CUSTOMERS, ...DEMO_AGENTS]) {
      const result = await api.as(null).auth.login({ username, password: DEMO_PASSWORD });
      expect(result.user.username).toBe(username);
    }
    const agents = await admin.agents.list({ status: 'PENDING' });
    expect(agents.items.map((agent) => agent.username)).toContain(DEMO_PENDING_AGENT);
  });

  it('creates nothing on a second run', async () => {
    const again = await seedDemoBook(api.db, api.tokens);
    expect(again).toEqual({ kind: 'skipped', reason: 'the database already holds loans' });
    const page = await admin.loans.list({ limit: 100 });
    expect(page.items.length + (page.nextCursor ? 100 : 0)).toBe(all.length);
  });

  it('is on by default for pnpm start only, and LOANBOOK_DEMO decides when set', () => {
    const enabled = (env: Record<string, string>) => isDemoBookEnabled(readConfig(env));
    expect(enabled({})).toBe(true);
    expect(enabled({ NODE_ENV: 'development', LOANBOOK_DEMO: '0' })).toBe(false);
    expect(enabled({ NODE_ENV: 'production' })).toBe(false);
    expect(enabled({ NODE_ENV: 'test' })).toBe(false);
    expect(enabled({ NODE_ENV: 'test', LOANBOOK_DEMO: '1' })).toBe(true);
  });
});
