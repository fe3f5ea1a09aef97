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
 *
 * Every case stands alone: the story below (`story`) is set up once in `beforeAll` and only read by the
 * cases; a case that changes something works on accounts and loans of its own. Any case can run alone
 * (`-t`), in any order.
 */
let server: TTestServer;
let rest: Awaited<ReturnType<typeof createRestClient>>;

type TCustomerName = 'carol' | 'dave' | 'erin';

/**
 * The story, read-only for the cases: an admin; customers carol, dave and erin who registered and applied
 * over REST; agent frank (approved) and grace (pending). frank forwarded carol's loan and raised it to
 * 12000, and the admin approved it; frank forwarded dave's loan and the admin rejected it; erin's is NEW.
 * The three loans were created 2020-03-10 … 2020-03-12 and last updated 2020-04-01 … 2020-04-03 (UTC).
 */
interface TStory {
  tokens: Record<'admin' | TCustomerName | 'frank', string>;
  loans: Record<TCustomerName, TLoan>;
  agentIds: Record<'frank' | 'grace', string>;
}
let story: TStory;

const STORY_TERMS = {
  carol: { productCode: 'HOME', amount: '10000', termMonths: 12 },
  dave: { productCode: 'CAR', amount: 20000, termMonths: 24 },
  erin: { productCode: 'PERSONAL', amount: '30000.00', termMonths: 36 },
} as const;
const STORY_TIMES: Record<TCustomerName, { createdAt: string; updatedAt: string }> = {
  carol: { createdAt: '2020-03-10T00:00:00.000Z', updatedAt: '2020-04-01T08:00:00.000Z' },
  dave: { createdAt: '2020-03-11T12:00:00.000Z', updatedAt: '2020-04-02T12:00:00.000Z' },
  erin: { createdAt: '2020-03-12T23:59:59.999Z', updatedAt: '2020-04-03T23:59:59.999Z' },
};

const login = async (username: string, password = TEST_PASSWORD) => {
  const response = await rest.call('auth.login', { username, password });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return ZLoginResult.parse(response.body).token;
};

/** A successful call's body; fails with the response when the status is not `status`. */
async function ok<T>(parse: z.ZodType<T>, call: Promise<{ status: number; body: unknown }>, status = 200) {
  const response = await call;
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return parse.parse(response.body);
}

let counter = 0;
const unique = (prefix: string) => `${prefix}.${++counter}${crypto.randomUUID().slice(0, 4)}`;

/** A fresh signed-in account of the case's own (inserted directly: registration is rate-limited per IP). */
async function freshAccount(role: 'customer' | 'agent' | 'admin') {
  const account = await insertAccount(server, role, role === 'agent' ? 'APPROVED' : 'ACTIVE');
  return { ...account, token: await login(account.username) };
}

/** A NEW loan of a fresh customer. */
async function freshLoan(terms: Record<string, unknown> = STORY_TERMS.carol) {
  const customer = await freshAccount('customer');
  const loan = await ok(ZLoan, rest.call('loans.create', terms, customer.token), 201);
  return { customer, loan };
}

const listLoans = (token: string, query: Record<string, unknown> = {}) =>
  ok(ZLoanPage, rest.call('loans.list', query, token));

const storyIds = () => new Set(Object.values(story.loans).map((loan) => loan.id));
/** The story's loans on a page (other cases add loans of their own to the book), sorted. */
const storyLoansOn = (page: z.infer<typeof ZLoanPage>) =>
  page.items
    .map((loan) => loan.id)
    .filter((id) => storyIds().has(id))
    .sort();
const idsOf = (...names: TCustomerName[]) => names.map((name) => story.loans[name].id).sort();

beforeAll(async () => {
  server = await startTestServer();
  rest = await createRestClient(server);

  const admin = await insertAccount(server, 'admin', 'ACTIVE', 'root.admin');
  const tokens: Partial<TStory['tokens']> = { admin: await login(admin.username) };
  const loans: Partial<TStory['loans']> = {};
  for (const name of ['carol', 'dave', 'erin'] as const) {
    const registered = await rest.call('auth.registerCustomer', {
      username: name,
      password: TEST_PASSWORD,
      email: `${name}@example.com`,
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    tokens[name] = await login(name);
    loans[name] = await ok(ZLoan, rest.call('loans.create', STORY_TERMS[name], tokens[name]), 201);
  }
  const agentIds: Partial<TStory['agentIds']> = {};
  for (const name of ['frank', 'grace'] as const) {
    const registered = await rest.call('auth.registerAgent', {
      username: `${name}.agent`,
      password: TEST_PASSWORD,
      email: `${name}.agent@example.com`,
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    agentIds[name] = ZUser.parse(registered.body).id;
  }
  await ok(ZUser, rest.call('agents.approve', { agentId: agentIds.frank }, tokens.admin));
  tokens.frank = await login('frank.agent');

  const carol = loans.carol?.id;
  const dave = loans.dave?.id;
  const forwarded = await ok(ZLoan, rest.call('loans.forward', { loanId: carol }, tokens.frank));
  const update = { loanId: carol, expectedVersion: forwarded.version, amount: '12000' };
  await ok(ZLoan, rest.call('loans.update', update, tokens.frank));
  await ok(ZLoan, rest.call('loans.approve', { loanId: carol }, tokens.admin));
  await ok(ZLoan, rest.call('loans.forward', { loanId: dave }, tokens.frank));
  const reason = 'Income does not cover the installment';
  await ok(ZLoan, rest.call('loans.reject', { loanId: dave, reason }, tokens.admin));

  const connection = server.db.fork().getConnection();
  for (const name of ['carol', 'dave', 'erin'] as const) {
    const { createdAt, updatedAt } = STORY_TIMES[name];
    const id = loans[name]?.id;
    await connection.execute('update loans set created_at = ?, updated_at = ? where id = ?', [
      createdAt,
      updatedAt,
      id,
    ]);
    loans[name] = await ok(ZLoanDetail, rest.call('loans.get', { loanId: id }, tokens.admin));
  }
  story = { tokens, loans, agentIds } as TStory;
});
afterAll(() => server?.close());

describe('the lending flow over REST', () => {
  it('lets customers register, sign in and apply, at the figures of a quote', async () => {
    const terms = { productCode: 'HOME', amount: '10000', termMonths: 12 };
    const username = unique('newcomer');
    const registered = await rest.call('auth.registerCustomer', {
      username,
      password: TEST_PASSWORD,
      email: `${username}@example.com`,
    });
    expect(registered.status).toBe(201);
    expect(ZUser.parse(registered.body)).toMatchObject({ username, role: 'customer', status: 'ACTIVE' });
    expect(registered.body).not.toHaveProperty('passwordHash');
    const token = await login(username);
    expect((await ok(ZUser, rest.call('auth.me', undefined, token))).username).toBe(username);

    const loan = await ok(ZLoan, rest.call('loans.create', terms, token), 201);
    // Anyone can price the same terms first, and the loan carries exactly those figures.
    const quote = await ok(ZQuote, rest.call('loans.quote', terms));
    expect(loan).toMatchObject({
      status: 'NEW',
      productCode: 'HOME',
      principal: '10000.00',
      annualRatePercent: '6.90',
      monthlyInstallment: '864.81',
      totalPayable: quote.totalPayable,
      customer: { username },
      agent: null,
    });
    expect(quote).toMatchObject({ principal: loan.principal, monthlyInstallment: loan.monthlyInstallment });

    // Money as a number or a string with two places means the same amount.
    const byNumber = await ok(
      ZLoan,
      rest.call('loans.create', { productCode: 'CAR', amount: 20000, termMonths: 24 }, token),
      201,
    );
    const byString = await ok(
      ZLoan,
      rest.call('loans.create', { productCode: 'CAR', amount: '20000.00', termMonths: 24 }, token),
      201,
    );
    expect(byNumber.principal).toBe('20000.00');
    expect(byString).toMatchObject({ principal: byNumber.principal, totalPayable: byNumber.totalPayable });
  });

  it('has an admin approve one of two agent applications', async () => {
    const admin = await freshAccount('admin');
    const [chosen, other] = [unique('chosen.agent'), unique('other.agent')];
    const agentIds: Record<string, string> = {};
    for (const username of [chosen, other]) {
      const registered = await rest.call('auth.registerAgent', {
        username,
        password: TEST_PASSWORD,
        email: `${username}@example.com`,
      });
      expect(registered.status).toBe(201);
      const agent = ZUser.parse(registered.body);
      expect(agent).toMatchObject({ role: 'agent', status: 'PENDING' });
      agentIds[username] = agent.id;
    }
    const pendingLogin = await rest.call('auth.login', { username: chosen, password: TEST_PASSWORD });
    expect(pendingLogin.status).toBe(403);

    const applications = await ok(ZUserPage, rest.call('agents.list', { status: 'PENDING' }, admin.token));
    const pending = applications.items.map((user) => user.username);
    expect(pending).toEqual(expect.arrayContaining([chosen, other]));
    expect(applications.items.every((user) => user.status === 'PENDING')).toBe(true);

    const approved = await ok(ZUser, rest.call('agents.approve', { agentId: agentIds[chosen] }, admin.token));
    expect(approved.status).toBe('APPROVED');
    await login(chosen);
    expect((await rest.call('auth.login', { username: other, password: TEST_PASSWORD })).status).toBe(403);

    const approvedAgents = await ok(ZUserPage, rest.call('agents.list', { status: 'APPROVED' }, admin.token));
    const approvedNames = approvedAgents.items.map((user) => user.username);
    expect(approvedNames).toContain(chosen);
    expect(approvedNames).not.toContain(other);
  });

  it('has an approved agent forward and edit a loan, re-priced on edit', async () => {
    const agent = await freshAccount('agent');
    const { customer, loan } = await freshLoan({ productCode: 'HOME', amount: '10000', termMonths: 12 });
    const queue = await listLoans(agent.token, { status: ['NEW'], limit: 100 });
    expect(queue.items.map((item) => item.id)).toContain(loan.id);
    expect(queue.items.every((item) => item.status === 'NEW')).toBe(true);

    const forwarded = await ok(ZLoan, rest.call('loans.forward', { loanId: loan.id }, agent.token));
    expect(forwarded).toMatchObject({ status: 'PENDING', agent: { username: agent.username } });

    const edited = await ok(
      ZLoan,
      rest.call(
        'loans.update',
        { loanId: loan.id, expectedVersion: forwarded.version, amount: '12000' },
        agent.token,
      ),
    );
    const quote = await ok(
      ZQuote,
      rest.call('loans.quote', { productCode: 'HOME', amount: 12000, termMonths: 12 }),
    );
    expect(edited).toMatchObject({
      principal: '12000.00',
      monthlyInstallment: quote.monthlyInstallment,
      totalPayable: quote.totalPayable,
      version: forwarded.version + 1,
    });

    // An edit based on what was read before the last change is refused, and changes nothing.
    const stale = await rest.call(
      'loans.update',
      { loanId: loan.id, expectedVersion: forwarded.version, termMonths: 24 },
      agent.token,
    );
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'CONFLICT' });
    const detail = await ok(ZLoanDetail, rest.call('loans.get', { loanId: loan.id }, customer.token));
    expect(detail).toMatchObject({ termMonths: 12, principal: '12000.00', version: edited.version });
    expect(detail.schedule).toHaveLength(12);
  });

  it('has the admin approve one loan and reject another; deciding again is a conflict', async () => {
    const [admin, agent] = [await freshAccount('admin'), await freshAccount('agent')];
    const [{ loan: first }, { loan: second }] = [await freshLoan(), await freshLoan()];
    for (const loan of [first, second]) {
      await ok(ZLoan, rest.call('loans.forward', { loanId: loan.id }, agent.token));
    }

    const approved = await ok(ZLoan, rest.call('loans.approve', { loanId: first.id }, admin.token));
    expect(approved).toMatchObject({ status: 'APPROVED', decidedBy: { username: admin.username } });
    expect(approved.decidedAt).not.toBeNull();

    const reason = 'Income does not cover the installment';
    const rejected = await ok(ZLoan, rest.call('loans.reject', { loanId: second.id, reason }, admin.token));
    expect(rejected).toMatchObject({ status: 'REJECTED', rejectionReason: reason });

    const again = await rest.call('loans.approve', { loanId: first.id }, admin.token);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'CONFLICT', message: expect.any(String) });
  });

  it('shows the loan history with who did what, oldest first', async () => {
    const history = await ok(
      z.array(ZHistoryEntry),
      rest.call('loans.history', { loanId: story.loans.carol.id }, story.tokens.carol),
    );
    expect(history.map((entry) => [entry.action, entry.actor.username])).toEqual([
      ['CREATED', 'carol'],
      ['FORWARDED', 'frank.agent'],
      ['UPDATED', 'frank.agent'],
      // Borrowers see admins as the lending team, never by their login name (docs/security.md).
      ['APPROVED', 'Lending team'],
    ]);
    expect(history[2]?.changes.principal).toEqual({ from: '10000.00', to: '12000.00' });
  });

  it('shows customers their own loans only', async () => {
    for (const name of ['carol', 'dave', 'erin'] as const) {
      const page = await listLoans(story.tokens[name]);
      expect(page.items.map((loan) => loan.id)).toEqual([story.loans[name].id]);
    }
    const othersLoan = await rest.call('loans.get', { loanId: story.loans.dave.id }, story.tokens.carol);
    expect(othersLoan.status).toBe(404);
    const othersHistory = await rest.call(
      'loans.history',
      { loanId: story.loans.dave.id },
      story.tokens.carol,
    );
    expect(othersHistory.status).toBe(404);
    // Filters cannot widen a customer's view: asking for another customer still lists only your own.
    const asked = await listLoans(story.tokens.carol, { customerId: story.loans.dave.customer.id });
    expect(asked.items.map((loan) => loan.customer.username)).not.toContain('dave');
  });

  it('filters lists by status, product and people', async () => {
    const { admin } = story.tokens;
    const all = { limit: 100 };

    const approved = await listLoans(admin, { ...all, status: ['APPROVED'] });
    expect(storyLoansOn(approved)).toEqual(idsOf('carol'));
    expect(approved.items.every((loan) => loan.status === 'APPROVED')).toBe(true);
    const decided = await listLoans(admin, { ...all, status: ['APPROVED', 'REJECTED'] });
    expect(storyLoansOn(decided)).toEqual(idsOf('carol', 'dave'));
    // Both array spellings of a query string: repeated and comma-separated.
    const commaSeparated = await restRequest(
      server.baseUrl,
      'GET',
      '/loans?status=APPROVED,REJECTED&limit=100',
      { token: admin },
    );
    expect(storyLoansOn(ZLoanPage.parse(commaSeparated.body))).toEqual(idsOf('carol', 'dave'));
    expect(storyLoansOn(await listLoans(admin, { ...all, status: ['NEW'] }))).toEqual(idsOf('erin'));

    const cars = await listLoans(admin, { ...all, productCode: 'CAR' });
    expect(storyLoansOn(cars)).toEqual(idsOf('dave'));
    expect(cars.items.every((loan) => loan.productCode === 'CAR')).toBe(true);
    // Only the story's agent and customers: these filters select exactly the story's loans.
    const franks = await listLoans(admin, { ...all, agentId: story.agentIds.frank });
    expect(franks.items.map((loan) => loan.id).sort()).toEqual(idsOf('carol', 'dave'));
    const erins = await listLoans(admin, { ...all, customerId: story.loans.erin.customer.id });
    expect(erins.items.map((loan) => loan.id)).toEqual(idsOf('erin'));
  });

  it('filters lists by created and updated dates, both bounds inclusive (UTC days)', async () => {
    const { admin } = story.tokens;
    const ids = async (query: Record<string, unknown>) =>
      (await listLoans(admin, { limit: 100, ...query })).items.map((loan) => loan.id).sort();
    // The story's loans are the only ones of 2020: these ranges select nothing else.
    expect(await ids({ dateField: 'createdAt', from: '2020-03-10', to: '2020-03-12' })).toEqual(
      idsOf('carol', 'dave', 'erin'),
    );
    // The old API dropped the last day.
    expect(await ids({ dateField: 'createdAt', from: '2020-03-12', to: '2020-03-12' })).toEqual(
      idsOf('erin'),
    );
    expect(await ids({ dateField: 'createdAt', from: '2020-03-10', to: '2020-03-10' })).toEqual(
      idsOf('carol'),
    );
    expect(await ids({ dateField: 'createdAt', from: '2020-03-13', to: '2020-03-31' })).toEqual([]);
    expect(await ids({ dateField: 'createdAt', from: '2020-01-01', to: '2020-03-09' })).toEqual([]);
    expect(await ids({ dateField: 'updatedAt', from: '2020-04-01', to: '2020-04-03' })).toEqual(
      idsOf('carol', 'dave', 'erin'),
    );
    expect(await ids({ dateField: 'updatedAt', from: '2020-04-02', to: '2020-04-02' })).toEqual(
      idsOf('dave'),
    );
    expect(await ids({ dateField: 'updatedAt', from: '2020-04-04', to: '2020-04-30' })).toEqual([]);

    const backwards = await rest.call('loans.list', { from: '2020-03-12', to: '2020-03-09' }, admin);
    expect(backwards.status).toBe(400);
    expect(backwards.body).toMatchObject({ code: 'BAD_REQUEST', fieldErrors: { to: expect.any(Array) } });
  });

  it('pages through a list with the cursor', async () => {
    const range = { dateField: 'createdAt', from: '2020-03-10', to: '2020-03-12', sort: 'asc', limit: 2 };
    const first = await listLoans(story.tokens.admin, range);
    expect(first.items.map((loan) => loan.id)).toEqual([story.loans.carol.id, story.loans.dave.id]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await listLoans(story.tokens.admin, { ...range, cursor: first.nextCursor });
    expect(second.items.map((loan) => loan.id)).toEqual([story.loans.erin.id]);
    expect(second.nextCursor).toBeNull();
  });
});

describe('each error class over REST has its documented status and shape', () => {
  it('400: invalid input names the fields', async () => {
    const response = await rest.call(
      'loans.create',
      { productCode: 'HOME', amount: '0', termMonths: 12.5 },
      story.tokens.carol,
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
    expect(anonymous.body).toEqual({
      code: 'UNAUTHORIZED',
      message: 'Sign in to continue',
      reason: 'SESSION_ENDED',
    });

    const forged = await rest.call('loans.list', {}, `${story.tokens.carol.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ code: 'UNAUTHORIZED' });

    const { username } = await insertAccount(server, 'customer', 'ACTIVE');
    const wrong = await rest.call('auth.login', { username, password: 'not the password' });
    const unknown = await rest.call('auth.login', {
      username: unique('nobody'),
      password: 'not the password',
    });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('403: a role that may not call the procedure, and an account that is not active', async () => {
    const customerApproves = await rest.call(
      'loans.approve',
      { loanId: story.loans.erin.id },
      story.tokens.carol,
    );
    expect(customerApproves.status).toBe(403);
    expect(customerApproves.body).toEqual({
      code: 'FORBIDDEN',
      message: 'This action is not available to the customer role',
      reason: 'ROLE_NOT_ALLOWED',
    });
    const pending = await insertAccount(server, 'agent', 'PENDING');
    const pendingLogin = await rest.call('auth.login', {
      username: pending.username,
      password: TEST_PASSWORD,
    });
    expect(pendingLogin.status).toBe(403);
    expect(pendingLogin.body).toMatchObject({ code: 'FORBIDDEN', reason: 'ACCOUNT_PENDING' });
    // Nothing changed: the loan is still NEW, at its version.
    const loan = await ok(
      ZLoanDetail,
      rest.call('loans.get', { loanId: story.loans.erin.id }, story.tokens.admin),
    );
    expect(loan).toMatchObject({ status: 'NEW', version: story.loans.erin.version });
  });

  it('404: an absent loan, agent or product', async () => {
    const absent = crypto.randomUUID();
    const { admin } = story.tokens;
    const loan = await rest.call('loans.get', { loanId: absent }, admin);
    expect(loan.status).toBe(404);
    expect(loan.body).toEqual({ code: 'NOT_FOUND', message: 'Loan not found' });
    expect((await rest.call('agents.approve', { agentId: absent }, admin)).status).toBe(404);
    expect((await rest.call('loanProducts.update', { code: 'NOPE', name: 'x' }, admin)).status).toBe(404);
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
    const { username } = await insertAccount(server, 'customer', 'ACTIVE');
    let last = await rest.call('auth.login', { username, password: 'guess 0' });
    for (let attempt = 1; attempt < 10 && last.status === 401; attempt += 1) {
      last = await rest.call('auth.login', { username, password: `guess ${attempt}` });
    }
    expect(last.status).toBe(429);
    expect(last.body).toMatchObject({ code: 'TOO_MANY_REQUESTS', message: expect.any(String) });
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('has a contract check that refuses bodies the document does not describe', async () => {
    const validate = createContractValidator(rest.document);
    const detail = (await rest.call('loans.get', { loanId: story.loans.erin.id }, story.tokens.admin)).body;
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

  it('checks a response of every status class against the document', async () => {
    // A client of its own, so what it saw is this case's alone.
    const client = await createRestClient(server);
    const customer = await freshAccount('customer');
    const terms = { productCode: 'HOME', amount: '10000', termMonths: 12 };
    const created = await client.call('loans.create', terms, customer.token);
    const loanId = ZLoan.parse(created.body).id;
    await client.call('loans.get', { loanId }, customer.token);
    await client.call('loans.create', { ...terms, amount: '0' }, customer.token);
    await client.call('loans.list', {});
    await client.call('loans.approve', { loanId }, customer.token);
    await client.call('loans.get', { loanId: crypto.randomUUID() }, customer.token);
    await client.call('loans.withdraw', { loanId }, customer.token);
    await client.call('loans.withdraw', { loanId }, customer.token);
    const { username } = await insertAccount(server, 'customer', 'ACTIVE');
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const response = await client.call('auth.login', { username, password: `guess ${attempt}` });
      if (response.status === 429) break;
    }
    const statuses = new Set(client.seen.map((entry) => entry.status));
    expect([...statuses].sort()).toEqual([200, 201, 400, 401, 403, 404, 409, 429]);
    expect(client.seen.every((entry) => entry.violations.length === 0)).toBe(true);
  });
});

describe('loans.apply, the earlier tRPC name of loans.create', () => {
  it('still creates a loan over POST /trpc/loans.apply, as loans.create does', async () => {
    const customer = await freshAccount('customer');
    const terms = { productCode: 'CAR', amount: '15000', termMonths: 36 };
    const applied = await server.mutate('loans.apply', terms, customer.token);
    expect(applied.status, JSON.stringify(applied.error)).toBe(200);
    const loan = ZLoan.parse(applied.data);
    expect(loan).toMatchObject({ status: 'NEW', principal: '15000.00', customer: { id: customer.id } });
    const created = ZLoan.parse((await server.mutate('loans.create', terms, customer.token)).data);
    expect(created).toMatchObject({
      totalPayable: loan.totalPayable,
      monthlyInstallment: loan.monthlyInstallment,
    });
    const stored = await ok(ZLoanDetail, rest.call('loans.get', { loanId: loan.id }, customer.token));
    expect(stored).toMatchObject({ id: loan.id, status: 'NEW' });
  });
});
