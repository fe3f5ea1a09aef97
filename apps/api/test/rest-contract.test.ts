import { ZLoginResult, ZUser, ZUserPage } from '@loanbook/domain/accounts';
import { type TLoan, ZHistoryEntry, ZLoan, ZLoanDetail, ZLoanPage, ZQuote } from '@loanbook/domain/loans';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TEST_PASSWORD } from './support/api';
import { startTestServer, type TTestServer } from './support/http';
import { createContractValidator, createRestClient, insertAccount, restRequest } from './support/rest';

/**
 * The seed scenario of the loans issue, driven over REST alone. Every response of `rest.call` is checked
 * against the schema the published OpenAPI document gives for its route and status (ajv), so a response
 * the document does not describe fails the test.
 */
let server: TTestServer;
let rest: Awaited<ReturnType<typeof createRestClient>>;
beforeAll(async () => {
  server = await startTestServer();
  rest = await createRestClient(server);
});
afterAll(() => server?.close());

const login = async (username: string, password = TEST_PASSWORD) => {
  const response = await rest.call('auth.login', { username, password });
  expect(response.status).toBe(200);
  return ZLoginResult.parse(response.body).token;
};

const tokens: Record<string, string> = {};
type TCustomerName = 'carol' | 'dave' | 'erin';
const loans: Partial<Record<TCustomerName, TLoan>> = {};
const loanOf = (name: TCustomerName): TLoan => {
  const loan = loans[name];
  if (!loan) throw new Error(`${name} has not applied yet`);
  return loan;
};
const ids: Record<string, string> = {};

const listLoans = async (token: string, query: Record<string, unknown> = {}) => {
  const response = await rest.call('loans.list', query, token);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return ZLoanPage.parse(response.body);
};

describe('the lending flow over REST', () => {
  it('lets an admin sign in and customers register, sign in and apply', async () => {
    const admin = await insertAccount(server, 'admin', 'ACTIVE', 'root.admin');
    tokens.admin = await login(admin.username);

    for (const name of ['carol', 'dave', 'erin'] as const) {
      const registered = await rest.call('auth.registerCustomer', {
        username: name,
        password: TEST_PASSWORD,
        email: `${name}@example.com`,
      });
      expect(registered.status).toBe(201);
      expect(ZUser.parse(registered.body)).toMatchObject({
        username: name,
        role: 'customer',
        status: 'ACTIVE',
      });
      expect(registered.body).not.toHaveProperty('passwordHash');
      tokens[name] = await login(name);
    }
    const me = await rest.call('auth.me', undefined, tokens.carol);
    expect(ZUser.parse(me.body).username).toBe('carol');

    const terms = {
      carol: { productCode: 'HOME', amount: '10000', termMonths: 12 },
      dave: { productCode: 'CAR', amount: 20000, termMonths: 24 },
      erin: { productCode: 'PERSONAL', amount: '30000.00', termMonths: 36 },
    } as const;
    for (const name of ['carol', 'dave', 'erin'] as const) {
      const applied = await rest.call('loans.apply', terms[name], tokens[name]);
      expect(applied.status).toBe(201);
      const loan = ZLoan.parse(applied.body);
      // Anyone can price the same terms first, and the loan carries exactly those figures.
      const quote = ZQuote.parse((await rest.call('loans.quote', terms[name])).body);
      expect(loan).toMatchObject({
        status: 'NEW',
        productCode: terms[name].productCode,
        principal: quote.principal,
        monthlyInstallment: quote.monthlyInstallment,
        totalPayable: quote.totalPayable,
        customer: { username: name },
        agent: null,
      });
      loans[name] = loan;
    }
    expect(loanOf('carol')).toMatchObject({
      principal: '10000.00',
      annualRatePercent: '6.90',
      monthlyInstallment: '864.81',
    });
    expect(loanOf('dave').principal).toBe('20000.00');
    expect(loanOf('erin').principal).toBe('30000.00');
  });

  it('has an admin approve one of two agent applications', async () => {
    for (const name of ['frank.agent', 'grace.agent']) {
      const registered = await rest.call('auth.registerAgent', {
        username: name,
        password: TEST_PASSWORD,
        email: `${name}@example.com`,
      });
      expect(registered.status).toBe(201);
      const agent = ZUser.parse(registered.body);
      expect(agent).toMatchObject({ role: 'agent', status: 'PENDING' });
      ids[name] = agent.id;
    }
    const pendingLogin = await rest.call('auth.login', { username: 'frank.agent', password: TEST_PASSWORD });
    expect(pendingLogin.status).toBe(403);

    const applications = ZUserPage.parse(
      (await rest.call('agents.list', { status: 'PENDING' }, tokens.admin)).body,
    );
    expect(applications.items.map((user) => user.username).sort()).toEqual(['frank.agent', 'grace.agent']);

    const approved = await rest.call('agents.approve', { agentId: ids['frank.agent'] }, tokens.admin);
    expect(approved.status).toBe(200);
    expect(ZUser.parse(approved.body).status).toBe('APPROVED');
    tokens.frank = await login('frank.agent');
    expect((await rest.call('auth.login', { username: 'grace.agent', password: TEST_PASSWORD })).status).toBe(
      403,
    );

    const approvedAgents = ZUserPage.parse(
      (await rest.call('agents.list', { status: 'APPROVED' }, tokens.admin)).body,
    );
    expect(approvedAgents.items.map((user) => user.username)).toEqual(['frank.agent']);
  });

  it('has the approved agent forward and edit loans, re-priced on edit', async () => {
    const queue = await listLoans(tokens.frank ?? '', { status: ['NEW'] });
    expect(queue.items.map((loan) => loan.id).sort()).toEqual(
      [loanOf('carol').id, loanOf('dave').id, loanOf('erin').id].sort(),
    );

    const forwarded = ZLoan.parse(
      (await rest.call('loans.forward', { loanId: loanOf('carol').id }, tokens.frank)).body,
    );
    expect(forwarded).toMatchObject({ status: 'PENDING', agent: { username: 'frank.agent' } });

    const edited = await rest.call(
      'loans.update',
      { loanId: loanOf('carol').id, expectedVersion: forwarded.version, amount: '12000' },
      tokens.frank,
    );
    expect(edited.status).toBe(200);
    const editedLoan = ZLoan.parse(edited.body);
    const quote = ZQuote.parse(
      (await rest.call('loans.quote', { productCode: 'HOME', amount: 12000, termMonths: 12 })).body,
    );
    expect(editedLoan).toMatchObject({
      principal: '12000.00',
      monthlyInstallment: quote.monthlyInstallment,
      totalPayable: quote.totalPayable,
      version: forwarded.version + 1,
    });
    loans.carol = editedLoan;

    // An edit based on what was read before the last change is refused, and changes nothing.
    const stale = await rest.call(
      'loans.update',
      { loanId: loanOf('carol').id, expectedVersion: forwarded.version, termMonths: 24 },
      tokens.frank,
    );
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'CONFLICT' });
    const detail = ZLoanDetail.parse(
      (await rest.call('loans.get', { loanId: loanOf('carol').id }, tokens.frank)).body,
    );
    expect(detail.termMonths).toBe(12);
    expect(detail.schedule).toHaveLength(12);

    expect((await rest.call('loans.forward', { loanId: loanOf('dave').id }, tokens.frank)).status).toBe(200);
  });

  it('has the admin approve one loan and reject another', async () => {
    const approved = ZLoan.parse(
      (await rest.call('loans.approve', { loanId: loanOf('carol').id }, tokens.admin)).body,
    );
    expect(approved).toMatchObject({ status: 'APPROVED', decidedBy: { username: 'root.admin' } });
    expect(approved.decidedAt).not.toBeNull();

    const rejected = await rest.call(
      'loans.reject',
      { loanId: loanOf('dave').id, reason: 'Income does not cover the installment' },
      tokens.admin,
    );
    expect(rejected.status).toBe(200);
    expect(ZLoan.parse(rejected.body)).toMatchObject({
      status: 'REJECTED',
      rejectionReason: 'Income does not cover the installment',
    });

    const again = await rest.call('loans.approve', { loanId: loanOf('carol').id }, tokens.admin);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'CONFLICT', message: expect.any(String) });
  });

  it('shows the loan history with who did what, oldest first', async () => {
    const response = await rest.call('loans.history', { loanId: loanOf('carol').id }, tokens.carol);
    expect(response.status).toBe(200);
    const history = z.array(ZHistoryEntry).parse(response.body);
    expect(history.map((entry) => [entry.action, entry.actor.username])).toEqual([
      ['CREATED', 'carol'],
      ['FORWARDED', 'frank.agent'],
      ['UPDATED', 'frank.agent'],
      ['APPROVED', 'root.admin'],
    ]);
    expect(history[2]?.changes.principal).toEqual({ from: '10000.00', to: '12000.00' });
  });

  it('shows customers their own loans only', async () => {
    for (const name of ['carol', 'dave', 'erin'] as const) {
      const page = await listLoans(tokens[name] ?? '');
      expect(page.items.map((loan) => loan.id)).toEqual([loanOf(name).id]);
    }
    const othersLoan = await rest.call('loans.get', { loanId: loanOf('dave').id }, tokens.carol);
    expect(othersLoan.status).toBe(404);
    const othersHistory = await rest.call('loans.history', { loanId: loanOf('dave').id }, tokens.carol);
    expect(othersHistory.status).toBe(404);
    // Filters cannot widen a customer's view: asking for another customer still lists only your own.
    const asked = await listLoans(tokens.carol ?? '', { customerId: loanOf('dave').customer.id });
    expect(asked.items.map((loan) => loan.customer.username)).not.toContain('dave');
  });

  it('filters lists by status, product, people and created/updated dates', async () => {
    const admin = tokens.admin ?? '';
    const idsOf = (page: z.infer<typeof ZLoanPage>) => page.items.map((loan) => loan.id).sort();

    expect(idsOf(await listLoans(admin, { status: ['APPROVED'] }))).toEqual([loanOf('carol').id]);
    expect(idsOf(await listLoans(admin, { status: ['APPROVED', 'REJECTED'] }))).toEqual(
      [loanOf('carol').id, loanOf('dave').id].sort(),
    );
    // Both array spellings of a query string: repeated and comma-separated.
    const commaSeparated = await restRequest(server.baseUrl, 'GET', '/loans?status=APPROVED,REJECTED', {
      token: admin,
    });
    expect(idsOf(ZLoanPage.parse(commaSeparated.body))).toEqual(
      [loanOf('carol').id, loanOf('dave').id].sort(),
    );
    expect(idsOf(await listLoans(admin, { status: ['NEW'] }))).toEqual([loanOf('erin').id]);
    expect(idsOf(await listLoans(admin, { productCode: 'CAR' }))).toEqual([loanOf('dave').id]);
    expect(idsOf(await listLoans(admin, { agentId: ids['frank.agent'] }))).toEqual(
      [loanOf('carol').id, loanOf('dave').id].sort(),
    );
    expect(idsOf(await listLoans(admin, { customerId: loanOf('erin').customer.id }))).toEqual([
      loanOf('erin').id,
    ]);

    const all = await listLoans(admin, { limit: 100 });
    const created = all.items.map((loan) => loan.createdAt.slice(0, 10)).sort();
    const updated = all.items.map((loan) => loan.updatedAt.slice(0, 10)).sort();
    const [firstCreated = '', lastCreated = ''] = [created[0], created.at(-1)];
    const [firstUpdated = '', lastUpdated = ''] = [updated[0], updated.at(-1)];
    const dayAfter = (day: string) =>
      new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const dayBefore = (day: string) =>
      new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

    // Both bounds inclusive: the old API dropped the last day.
    expect(
      idsOf(await listLoans(admin, { dateField: 'createdAt', from: firstCreated, to: lastCreated })),
    ).toHaveLength(3);
    expect(await listLoans(admin, { dateField: 'createdAt', from: dayAfter(lastCreated) })).toMatchObject({
      items: [],
    });
    expect(await listLoans(admin, { dateField: 'createdAt', to: dayBefore(firstCreated) })).toMatchObject({
      items: [],
    });
    expect(
      idsOf(await listLoans(admin, { dateField: 'updatedAt', from: firstUpdated, to: lastUpdated })),
    ).toHaveLength(3);
    expect(await listLoans(admin, { dateField: 'updatedAt', from: dayAfter(lastUpdated) })).toMatchObject({
      items: [],
    });

    const backwards = await rest.call(
      'loans.list',
      { from: lastCreated, to: dayBefore(firstCreated) },
      admin,
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body).toMatchObject({ code: 'BAD_REQUEST', fieldErrors: { to: expect.any(Array) } });
  });

  it('pages through a list with the cursor', async () => {
    const admin = tokens.admin ?? '';
    const first = await listLoans(admin, { limit: 2, sort: 'asc' });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await listLoans(admin, { limit: 2, sort: 'asc', cursor: first.nextCursor });
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((loan) => loan.id)).size).toBe(3);
  });
});

describe('each error class over REST has its documented status and shape', () => {
  it('400: invalid input names the fields', async () => {
    const response = await rest.call(
      'loans.apply',
      { productCode: 'HOME', amount: '0', termMonths: 12.5 },
      tokens.carol,
    );
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      code: 'BAD_REQUEST',
      message: 'Invalid input',
      fieldErrors: {
        amount: ['Amount must be greater than zero'],
        termMonths: ['Term must be a whole number of months'],
      },
    });
  });

  it('400 over REST is the same error as over tRPC', async () => {
    const input = { username: 'x', password: 'short', email: 'not-an-email', extra: 1 };
    const overRest = await rest.call('auth.registerCustomer', input);
    const overTrpc = await server.mutate('auth.registerCustomer', input);
    expect(overRest.status).toBe(400);
    expect(overTrpc.status).toBe(400);
    expect(overRest.body).toEqual({
      code: overTrpc.error?.data.code,
      message: overTrpc.error?.message,
      fieldErrors: overTrpc.error?.data.fieldErrors,
    });
    expect(overRest.body).toMatchObject({
      fieldErrors: { extra: ['Unknown field'], username: expect.any(Array) },
    });
  });

  it('401: no token, a forged token, wrong credentials (unknown user alike)', async () => {
    const anonymous = await rest.call('loans.list', {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ code: 'UNAUTHORIZED', message: 'Sign in to continue' });

    const forged = await rest.call('loans.list', {}, `${tokens.carol?.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ code: 'UNAUTHORIZED' });

    const wrong = await rest.call('auth.login', { username: 'carol', password: 'not the password' });
    const unknown = await rest.call('auth.login', { username: 'nobody', password: 'not the password' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('403: a role the matrix does not allow, and an account that is not active', async () => {
    const customerApproves = await rest.call('loans.approve', { loanId: loanOf('erin').id }, tokens.carol);
    expect(customerApproves.status).toBe(403);
    expect(customerApproves.body).toEqual({
      code: 'FORBIDDEN',
      message: 'This action is not available to the customer role',
    });
    const pendingAgent = await rest.call('auth.login', { username: 'grace.agent', password: TEST_PASSWORD });
    expect(pendingAgent.status).toBe(403);
    expect(pendingAgent.body).toMatchObject({ code: 'FORBIDDEN' });
    // Nothing changed: the loan is still NEW.
    const loan = ZLoanDetail.parse(
      (await rest.call('loans.get', { loanId: loanOf('erin').id }, tokens.admin)).body,
    );
    expect(loan.status).toBe('NEW');
  });

  it('404: an absent loan, agent or product', async () => {
    const absent = crypto.randomUUID();
    const loan = await rest.call('loans.get', { loanId: absent }, tokens.admin);
    expect(loan.status).toBe(404);
    expect(loan.body).toEqual({ code: 'NOT_FOUND', message: 'Loan not found' });
    expect((await rest.call('agents.approve', { agentId: absent }, tokens.admin)).status).toBe(404);
    expect((await rest.call('loanProducts.update', { code: 'NOPE', name: 'x' }, tokens.admin)).status).toBe(
      404,
    );
  });

  it('409: a duplicate username, with the field named', async () => {
    const duplicate = await rest.call('auth.registerCustomer', {
      username: 'CAROL',
      password: TEST_PASSWORD,
      email: 'another@example.com',
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ code: 'CONFLICT', fieldErrors: { username: expect.any(Array) } });
  });

  it('429: repeated failed sign-ins are throttled with Retry-After', async () => {
    let last = await rest.call('auth.login', { username: 'erin', password: 'guess 0' });
    for (let attempt = 1; attempt < 10 && last.status === 401; attempt += 1) {
      last = await rest.call('auth.login', { username: 'erin', password: `guess ${attempt}` });
    }
    expect(last.status).toBe(429);
    expect(last.body).toMatchObject({ code: 'TOO_MANY_REQUESTS', message: expect.any(String) });
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('has a contract check that refuses bodies the document does not describe', async () => {
    const validate = createContractValidator(rest.document);
    const detail = (await rest.call('loans.get', { loanId: loanOf('erin').id }, tokens.admin)).body;
    expect(validate('/loans/{loanId}', 'GET', 200, detail)).toEqual([]);
    const { schedule: _schedule, ...withoutSchedule } = ZLoanDetail.parse(detail);
    expect(validate('/loans/{loanId}', 'GET', 200, withoutSchedule)).not.toEqual([]);
    expect(
      validate('/loans/{loanId}', 'GET', 200, { ...withoutSchedule, schedule: [], passwordHash: 'x' }),
    ).not.toEqual([]);
    expect(validate('/loans/{loanId}', 'GET', 404, { code: 'FORBIDDEN', message: 'x' })).not.toEqual([]);
    expect(
      validate('/loans/{loanId}', 'GET', 404, { code: 'NOT_FOUND', message: 'x', stack: 'at …' }),
    ).not.toEqual([]);
    expect(validate('/loans/{loanId}', 'GET', 418, {})).toEqual([
      'GET /loans/{loanId} does not document status 418',
    ]);
  });

  it('validated every response of this file against the document', () => {
    const statuses = new Set(rest.seen.map((entry) => entry.status));
    expect([...statuses].sort()).toEqual([200, 201, 400, 401, 403, 404, 409, 429]);
    expect(rest.seen.every((entry) => entry.violations.length === 0)).toBe(true);
  });
});
