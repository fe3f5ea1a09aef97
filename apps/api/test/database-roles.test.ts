import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type TDatabase } from '../src/db/orm';
import { databasePrivilegeWarnings } from '../src/db/privileges';
import { createTokenService } from '../src/modules/auth/tokens';
import { toPrincipal } from '../src/modules/users/user.dto';
import { User } from '../src/modules/users/user.entity';
import { createCaller } from '../src/trpc/app-router';
import { createContextInner } from '../src/trpc/context';
import { TEST_JWT_SECRET } from './support/api';
import { createTestDatabase, type TTestDatabase, testDatabaseKind } from './support/db';

/**
 * Least privilege on PostgreSQL (docs/security.md "Database roles"): the migrations grant the server's role
 * (`loanbook_runtime`) DML only, and on history and the ledger SELECT and INSERT only. A login in that role
 * runs the API but cannot alter tables, switch triggers off, set `session_replication_role`, or rewrite
 * history or the ledger — grants, not only triggers. The owner and a superuser are warned about at start.
 */
describe.runIf(testDatabaseKind() === 'postgres')('the runtime database role', () => {
  let owned: TTestDatabase;
  let runtime: Client;
  let runtimeDb: TDatabase;
  const login = `lb_app_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

  beforeAll(async () => {
    owned = await createTestDatabase(); // migrated by the superuser, which owns the tables
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create role ${login} login in role loanbook_runtime`);
    await admin.end();
    const url = new URL(owned.url ?? '');
    url.username = login;
    runtime = new Client({ connectionString: url.toString() });
    await runtime.connect();
    runtimeDb = await openDatabase({ kind: 'postgres', url: url.toString() });
  });

  afterAll(async () => {
    await runtime?.end();
    await runtimeDb?.close();
    await owned?.destroy();
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop role if exists ${login}`);
    await admin.end();
  });

  const refused = async (sql: string) => {
    const error = await runtime.query(sql).then(
      () => null,
      (failure: { code?: string }) => failure,
    );
    // 42501 insufficient_privilege (including "must be owner of table").
    expect(error?.code, sql).toBe('42501');
  };

  it('reads and writes what the server needs', async () => {
    await runtime.query('select count(*) from loans');
    await runtime.query('select count(*) from history_entries');
    await runtime.query(
      "insert into login_throttle (bucket, hits, expires_at) values ('roles-test', 1, now()) on conflict do nothing",
    );
    await runtime.query("update loan_products set name = name where code = 'HOME'");
  });

  it('runs the whole life of a loan, history and ledger included', async () => {
    const tokens = createTokenService(TEST_JWT_SECRET);
    const account = async (role: 'admin' | 'agent' | 'customer', status: 'ACTIVE' | 'APPROVED') => {
      const em = runtimeDb.fork();
      const username = `${role}_${crypto.randomUUID().slice(0, 8)}`;
      const user = em.create(User, {
        username,
        email: `${username}@example.com`,
        phone: null,
        passwordHash: 'not-a-real-hash',
        role,
        status,
        statusReason: null,
      });
      await em.flush();
      return toPrincipal(user);
    };
    const [admin, agent, customer] = await Promise.all([
      account('admin', 'ACTIVE'),
      account('agent', 'APPROVED'),
      account('customer', 'ACTIVE'),
    ]);
    const as = (user: typeof admin) =>
      createCaller(createContextInner({ em: runtimeDb.fork(), tokens, user }));
    const loan = await as(customer).loans.create({ productCode: 'CAR', amount: '5000', termMonths: 12 });
    await as(agent).loans.forward({ loanId: loan.id });
    await as(admin).loans.approve({ loanId: loan.id });
    await as(admin).loans.disburse({ loanId: loan.id, disbursedOn: '2026-01-15' });
    const paid = await as(agent).loans.repay({
      loanId: loan.id,
      amount: '300.00',
      paidOn: '2026-02-15',
      idempotencyKey: 'roles-test-0001',
    });
    await as(admin).loans.reverseTransaction({ loanId: loan.id, transactionId: paid.id, reason: 'Bounced' });
    const history = await as(admin).loans.history({ loanId: loan.id });
    expect(history.map((entry) => entry.action)).toEqual([
      'CREATED',
      'FORWARDED',
      'APPROVED',
      'DISBURSED',
      'REPAID',
      'REVERSED',
    ]);
  });

  it.each([
    'alter table history_entries disable trigger all',
    'alter table loan_transactions disable trigger all',
    'alter table loans add column sneaky text',
    'drop table loan_transactions',
    "update history_entries set action = 'UPDATED'",
    'delete from history_entries',
    'truncate history_entries',
    'update loan_transactions set amount = 0',
    'delete from loan_transactions',
    'set session_replication_role = replica',
    'create table sneaky (id int)',
  ])('cannot: %s', (sql) => refused(sql));

  it('warns at start about a superuser or owner, and not about the runtime role', async () => {
    expect(await databasePrivilegeWarnings(owned)).toEqual([
      expect.stringContaining('is a superuser'),
      expect.stringContaining('owns the tables'),
    ]);
    expect(await databasePrivilegeWarnings(runtimeDb)).toEqual([]);
  });
});
