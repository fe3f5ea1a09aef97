import type { THistoryEntry, TLoan } from '@loanbook/domain/loans';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/modules/auth/password';
import { User } from '../src/modules/users/user.entity';
import { startTestServer, type TTestServer, type TTrpcResponse } from './support/http';

/**
 * The demo story over real HTTP, step by step as the people would do it: three customers apply, two agents
 * register, the admin approves one agent, that agent forwards and edits, the admin approves one loan and
 * rejects another, and everyone sees what they should (and only that).
 */

let server: TTestServer;

const PASSWORD = 'a long enough passphrase';

const ok = <T>(response: TTrpcResponse): T => {
  expect(response.status, JSON.stringify(response.error)).toBe(200);
  return response.data as T;
};

const login = async (username: string) =>
  ok<{ token: string }>(await server.mutate('auth.login', { username, password: PASSWORD })).token;

const today = () => new Date().toISOString().slice(0, 10);
/** The UTC day of a timestamp, as list filters take it. */
const dayOf = (timestamp: string) => timestamp.slice(0, 10);

interface TPage {
  items: TLoan[];
  nextCursor: string | null;
}

const idsOf = (page: TPage) => page.items.map((loan) => loan.id).sort();

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe('seed scenario', () => {
  const tokens: Record<string, string> = {};
  const loans: Record<'home' | 'car' | 'personal', TLoan> = {} as Record<'home' | 'car' | 'personal', TLoan>;
  const agentIds: Record<string, string> = {};

  it('starts with an admin who can sign in', async () => {
    // The first admin is created the way the bootstrap does it: straight into the database.
    const em = server.db.fork();
    em.create(User, {
      username: 'admin',
      email: 'admin@loanbook.local',
      phone: null,
      passwordHash: await hashPassword(PASSWORD),
      role: 'admin',
      status: 'ACTIVE',
      statusReason: null,
    });
    await em.flush();
    tokens.admin = await login('admin');
  });

  it('lets three customers register and apply', async () => {
    const applications = [
      ['alice', 'home', { productCode: 'HOME', amount: '10000', termMonths: 12 }],
      ['bob', 'car', { productCode: 'CAR', amount: 20000, termMonths: 24 }],
      ['carol', 'personal', { productCode: 'PERSONAL', amount: '30000.00', termMonths: 36 }],
    ] as const;
    for (const [username, key, terms] of applications) {
      ok(
        await server.mutate('auth.registerCustomer', {
          username,
          password: PASSWORD,
          email: `${username}@example.com`,
        }),
      );
      tokens[username] = await login(username);
      loans[key] = ok<TLoan>(await server.mutate('loans.create', terms, tokens[username]));
    }
    expect(loans.home).toMatchObject({
      status: 'NEW',
      principal: '10000.00',
      annualRatePercent: '6.90',
      monthlyInstallment: '864.81',
      totalPayable: '10377.67',
      customer: { username: 'alice' },
      version: 1,
    });
    expect(loans.car).toMatchObject({
      status: 'NEW',
      principal: '20000.00',
      annualRatePercent: '7.25',
      monthlyInstallment: '897.72',
      totalPayable: '21545.27',
    });
    expect(loans.personal).toMatchObject({
      status: 'NEW',
      principal: '30000.00',
      annualRatePercent: '10.75',
      monthlyInstallment: '978.61',
      totalPayable: '35230.11',
    });
  });

  it('lets two agents register; neither can sign in before approval', async () => {
    for (const username of ['dave', 'erin']) {
      const agent = ok<{ id: string; status: string }>(
        await server.mutate('auth.registerAgent', {
          username,
          password: PASSWORD,
          email: `${username}@lender.example`,
        }),
      );
      expect(agent.status).toBe('PENDING');
      agentIds[username] = agent.id;
      const refused = await server.mutate('auth.login', { username, password: PASSWORD });
      expect(refused.status).toBe(403);
      expect(refused.error?.message).toBe('Your agent account is awaiting approval by an administrator');
    }
    const pending = ok<{ items: { username: string }[] }>(
      await server.query('agents.list', { status: 'PENDING' }, tokens.admin),
    );
    expect(pending.items.map((agent) => agent.username).sort()).toEqual(['dave', 'erin']);
  });

  it('lets the admin approve one agent, who can then sign in; the other still cannot', async () => {
    const approved = ok<{ status: string }>(
      await server.mutate('agents.approve', { agentId: agentIds.dave }, tokens.admin),
    );
    expect(approved.status).toBe('APPROVED');
    tokens.dave = await login('dave');
    expect((await server.mutate('auth.login', { username: 'erin', password: PASSWORD })).status).toBe(403);
  });

  it("lets the approved agent see the work queue, forward two loans and edit one on the customer's behalf", async () => {
    const queue = ok<TPage>(await server.query('loans.list', { status: ['NEW'] }, tokens.dave));
    expect(idsOf(queue)).toEqual([loans.home.id, loans.car.id, loans.personal.id].sort());

    loans.home = ok<TLoan>(await server.mutate('loans.forward', { loanId: loans.home.id }, tokens.dave));
    loans.car = ok<TLoan>(await server.mutate('loans.forward', { loanId: loans.car.id }, tokens.dave));
    expect(loans.car).toMatchObject({ status: 'PENDING', agent: { username: 'dave' }, version: 2 });

    loans.car = ok<TLoan>(
      await server.mutate(
        'loans.update',
        { loanId: loans.car.id, expectedVersion: 2, amount: '22000' },
        tokens.dave,
      ),
    );
    expect(loans.car).toMatchObject({
      status: 'PENDING',
      principal: '22000.00',
      monthlyInstallment: '987.49',
      totalPayable: '23699.83',
      version: 3,
    });
    // The same edit again, from the stale version, is a conflict.
    const stale = await server.mutate(
      'loans.update',
      { loanId: loans.car.id, expectedVersion: 2, amount: '23000' },
      tokens.dave,
    );
    expect(stale.status).toBe(409);

    const mine = ok<TPage>(await server.query('loans.list', { agentId: agentIds.dave }, tokens.dave));
    expect(idsOf(mine)).toEqual([loans.home.id, loans.car.id].sort());
  });

  it('lets the admin approve one loan and reject another; deciding again is a conflict', async () => {
    loans.home = ok<TLoan>(await server.mutate('loans.approve', { loanId: loans.home.id }, tokens.admin));
    expect(loans.home).toMatchObject({ status: 'APPROVED', decidedBy: { username: 'admin' } });
    loans.car = ok<TLoan>(
      await server.mutate('loans.reject', { loanId: loans.car.id, reason: 'Income too low' }, tokens.admin),
    );
    expect(loans.car).toMatchObject({ status: 'REJECTED', rejectionReason: 'Income too low' });

    const again = await server.mutate('loans.approve', { loanId: loans.car.id }, tokens.admin);
    expect(again.status).toBe(409);
    expect(again.error?.message).toBe('This loan is REJECTED and can no longer be changed');
    // The NEW loan cannot be decided before an agent forwards it.
    expect((await server.mutate('loans.approve', { loanId: loans.personal.id }, tokens.admin)).status).toBe(
      409,
    );
  });

  it('shows each customer only their own loans; anything else is 404', async () => {
    const owners = [
      ['alice', 'home'],
      ['bob', 'car'],
      ['carol', 'personal'],
    ] as const;
    for (const [username, own] of owners) {
      const page = ok<TPage>(await server.query('loans.list', {}, tokens[username]));
      expect(idsOf(page), username).toEqual([loans[own].id]);
      // Filters cannot widen the view.
      const widened = ok<TPage>(
        await server.query(
          'loans.list',
          { status: ['NEW', 'PENDING', 'APPROVED', 'REJECTED'] },
          tokens[username],
        ),
      );
      expect(idsOf(widened), username).toEqual([loans[own].id]);
      expect(ok<TLoan>(await server.query('loans.get', { loanId: loans[own].id }, tokens[username])).id).toBe(
        loans[own].id,
      );
      for (const [, other] of owners.filter(([name]) => name !== username)) {
        const get = await server.query('loans.get', { loanId: loans[other].id }, tokens[username]);
        expect(get.status, `${username} → ${other}`).toBe(404);
        expect(get.error?.message).toBe('Loan not found');
        const history = await server.query('loans.history', { loanId: loans[other].id }, tokens[username]);
        expect(history.status).toBe(404);
        const withdraw = await server.mutate('loans.withdraw', { loanId: loans[other].id }, tokens[username]);
        expect(withdraw.status).toBe(404);
      }
    }
  });

  it("shows a customer the whole history of their loan: who did what, and each field's before and after", async () => {
    const history = ok<THistoryEntry[]>(
      await server.query('loans.history', { loanId: loans.car.id }, tokens.bob),
    );
    expect(
      history.map((entry) => [entry.version, entry.action, entry.actor.username, entry.actor.role]),
    ).toEqual([
      [1, 'CREATED', 'bob', 'customer'],
      [2, 'FORWARDED', 'dave', 'agent'],
      [3, 'UPDATED', 'dave', 'agent'],
      // Borrowers see admins as the lending team, never by their login name.
      [4, 'REJECTED', 'Lending team', 'admin'],
    ]);
    expect(history[2]?.changes).toMatchObject({
      principal: { from: '20000.00', to: '22000.00' },
      monthlyInstallment: { from: '897.72', to: '987.49' },
    });
    expect(history[3]?.changes.rejectionReason).toEqual({ from: null, to: 'Income too low' });
  });

  it('filters the loan book by status', async () => {
    const byStatus = async (status: string[]) =>
      idsOf(ok<TPage>(await server.query('loans.list', { status }, tokens.admin)));
    expect(await byStatus(['APPROVED'])).toEqual([loans.home.id]);
    expect(await byStatus(['REJECTED'])).toEqual([loans.car.id]);
    expect(await byStatus(['NEW'])).toEqual([loans.personal.id]);
    expect(await byStatus(['APPROVED', 'REJECTED'])).toEqual([loans.home.id, loans.car.id].sort());
    expect(await byStatus(['PENDING', 'WITHDRAWN'])).toEqual([]);
  });

  it('filters the loan book by created and by updated dates (UTC days, both inclusive)', async () => {
    const list = async (input: object) =>
      idsOf(ok<TPage>(await server.query('loans.list', input, tokens.admin)));
    const all = [loans.home.id, loans.car.id, loans.personal.id].sort();
    // From the first application's day (normally today, unless the run straddles midnight UTC).
    const firstDay = dayOf(loans.home.createdAt);
    expect(await list({ dateField: 'createdAt', from: firstDay, to: today() })).toEqual(all);
    expect(await list({ dateField: 'updatedAt', from: firstDay, to: today() })).toEqual(all);

    // Carol's application came in last spring and nobody touched it since.
    await server.db
      .fork()
      .getConnection()
      .execute('update loans set created_at = ?, updated_at = ? where id = ?', [
        '2026-03-31T23:59:59.999Z',
        '2026-04-01T00:00:00.000Z',
        loans.personal.id,
      ]);
    expect(await list({ dateField: 'createdAt', from: '2026-03-31', to: '2026-03-31' })).toEqual([
      loans.personal.id,
    ]);
    expect(await list({ dateField: 'updatedAt', from: '2026-03-31', to: '2026-03-31' })).toEqual([]);
    expect(await list({ dateField: 'updatedAt', from: '2026-04-01', to: '2026-04-01' })).toEqual([
      loans.personal.id,
    ]);
    expect(await list({ dateField: 'createdAt', from: firstDay })).toEqual(
      [loans.home.id, loans.car.id].sort(),
    );
    expect(await list({ dateField: 'updatedAt', to: '2026-04-01' })).toEqual([loans.personal.id]);

    const newestFirst = ok<TPage>(await server.query('loans.list', { sort: 'desc' }, tokens.admin));
    expect(newestFirst.items.at(-1)?.id).toBe(loans.personal.id);
    const oldestFirst = ok<TPage>(await server.query('loans.list', { sort: 'asc', limit: 1 }, tokens.admin));
    expect(oldestFirst.items.map((loan) => loan.id)).toEqual([loans.personal.id]);
    expect(oldestFirst.nextCursor).not.toBeNull();
  });

  it('lets the customer withdraw the loan nobody decided', async () => {
    const withdrawn = ok<TLoan>(
      await server.mutate('loans.withdraw', { loanId: loans.personal.id }, tokens.carol),
    );
    expect(withdrawn.status).toBe('WITHDRAWN');
    const page = ok<TPage>(await server.query('loans.list', { status: ['WITHDRAWN'] }, tokens.admin));
    expect(idsOf(page)).toEqual([loans.personal.id]);
  });
});
