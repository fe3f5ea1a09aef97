import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/modules/auth/password';
import { User } from '../src/modules/users/user.entity';
import { startTestServer, type TTestServer } from './support/http';

/**
 * Bad input to the account procedures over real HTTP: 400 (409 for duplicates) with field errors naming
 * the field, never a 500, and nothing written.
 */
let server: TTestServer;
let adminToken: string;
let customerToken: string;
let pendingAgentId: string;
const PASSWORD = 'bad input passphrase';

const execute = <T extends Record<string, unknown>[]>(sql: string, params: unknown[] = []) =>
  server.db.fork().getConnection().execute<T>(sql, params);

/** Row counts plus a fingerprint of every account, so any insert or update shows. */
async function snapshot() {
  const [row] = await execute<
    { users: string | number; history: string | number; fingerprint: string | null }[]
  >(
    `select (select count(*) from users) as users,
            (select count(*) from history_entries) as history,
            (select md5(string_agg(id || status || token_version || password_hash || version, ',' order by id)) from users) as fingerprint`,
  );
  return { users: Number(row?.users), history: Number(row?.history), fingerprint: row?.fingerprint };
}

const valid = (username: string) => ({ username, password: PASSWORD, email: `${username}@example.com` });

beforeAll(async () => {
  server = await startTestServer();
  const em = server.db.fork();
  em.create(User, {
    username: 'input.admin',
    email: 'input.admin@example.com',
    phone: null,
    passwordHash: await hashPassword(PASSWORD),
    role: 'admin',
    status: 'ACTIVE',
    statusReason: null,
  });
  await em.flush();
  const login = async (username: string) =>
    ((await server.mutate('auth.login', { username, password: PASSWORD })).data as { token: string }).token;
  adminToken = await login('input.admin');
  expect(
    (await server.mutate('auth.registerCustomer', { ...valid('Taken.Name'), email: 'taken@example.com' }))
      .status,
  ).toBe(200);
  customerToken = await login('taken.name');
  const agent = await server.mutate('auth.registerAgent', valid('pending.one'));
  pendingAgentId = (agent.data as { id: string }).id;
});
afterAll(() => server?.close());

/** Calls and checks status, field errors and that nothing was written. */
async function expectRefused<
  TResponse extends { status: number; error: { data: { fieldErrors?: Record<string, string[]> } } | null },
>(call: () => Promise<TResponse>, status: 400 | 409, fields: readonly string[]): Promise<TResponse> {
  const before = await snapshot();
  const response = await call();
  expect(response.status).toBe(status);
  const fieldErrors = response.error?.data.fieldErrors ?? {};
  for (const field of fields) {
    expect(fieldErrors, `fieldErrors.${field} in ${JSON.stringify(fieldErrors)}`).toHaveProperty([field]);
    expect(fieldErrors[field]?.[0]).toEqual(expect.any(String));
  }
  expect(await snapshot()).toEqual(before);
  return response;
}

const base = valid('fresh.user');
const registrationCases: [string, Record<string, unknown>, string[]][] = [
  ['missing username', { password: base.password, email: base.email }, ['username']],
  ['missing password', { username: base.username, email: base.email }, ['password']],
  ['missing email', { username: base.username, password: base.password }, ['email']],
  ['everything missing', {}, ['username', 'password', 'email']],
  ['username of the wrong type', { ...base, username: 12345 }, ['username']],
  ['password of the wrong type', { ...base, password: 1234567890123 }, ['password']],
  ['email of the wrong type', { ...base, email: ['a@example.com'] }, ['email']],
  ['phone of the wrong type', { ...base, phone: 5551234567 }, ['phone']],
  ['username over 40 characters', { ...base, username: 'u'.repeat(41) }, ['username']],
  ['username under 3 characters', { ...base, username: 'ab' }, ['username']],
  ['username with spaces or markup', { ...base, username: '<b>bob</b> x' }, ['username']],
  ['username with a NUL', { ...base, username: 'nul\u0000name' }, ['username']],
  ['password over 256 characters', { ...base, password: 'p'.repeat(257) }, ['password']],
  ['password under 10 characters', { ...base, password: 'short' }, ['password']],
  [
    'email over 254 characters',
    { ...base, email: `${'e'.repeat(64)}@${'d'.repeat(63)}.${'d'.repeat(63)}.${'d'.repeat(58)}.com` },
    ['email'],
  ],
  ['email without a domain', { ...base, email: 'nope' }, ['email']],
  ['email without a TLD', { ...base, email: 'a@b' }, ['email']],
  ['email with two @', { ...base, email: 'a@@example.com' }, ['email']],
  ['email with a space', { ...base, email: 'a b@example.com' }, ['email']],
  ['phone with letters', { ...base, phone: 'call me maybe' }, ['phone']],
  ['phone too short', { ...base, phone: '12345' }, ['phone']],
  ['phone too long', { ...base, phone: '1'.repeat(21) }, ['phone']],
  ['phone with an extension', { ...base, phone: '+1 555 0100 ext. 5' }, ['phone']],
  ['an extra role field', { ...base, role: 'admin' }, ['role']],
  ['an extra status field', { ...base, status: 'APPROVED' }, ['status']],
  ['an extra id field', { ...base, id: crypto.randomUUID() }, ['id']],
  [
    'several problems at once',
    { username: 'x', password: 1, email: 'nope', extra: 1 },
    ['username', 'password', 'email', 'extra'],
  ],
];

describe.each(['auth.registerCustomer', 'auth.registerAgent'])('%s', (path) => {
  it.each(registrationCases)('%s → 400', async (_, input, fields) => {
    await expectRefused(() => server.mutate(path, input), 400, fields);
  });

  it.each([
    ['null', null],
    ['an array', [base]],
    ['a string', 'fresh.user'],
    ['a number', 42],
  ])('a body that is %s → 400', async (_, input) => {
    await expectRefused(() => server.mutate(path, input), 400, []);
  });

  it('malformed JSON → 400', async () => {
    await expectRefused(
      async () => {
        const response = await fetch(`${server.baseUrl}/trpc/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"username": "fresh.user",',
        });
        return { status: response.status, error: null };
      },
      400,
      [],
    );
  });

  it.each([
    ['the username in another case', { ...valid('TAKEN.NAME'), email: 'other@example.com' }, ['username']],
    [
      'the username with surrounding spaces',
      { ...valid(' taken.name '), email: 'other@example.com' },
      ['username'],
    ],
    ['the email in another case', { ...valid('another.name'), email: 'TAKEN@Example.COM' }, ['email']],
    ['both', { ...valid('Taken.name'), email: 'taken@example.com' }, ['username', 'email']],
  ])('a duplicate of %s → 409', async (_, input, fields) => {
    const response = await expectRefused(() => server.mutate(path, input), 409, fields);
    expect(response.error?.data.code).toBe('CONFLICT');
    for (const field of ['username', 'email'].filter((name) => !fields.includes(name))) {
      expect(response.error?.data.fieldErrors).not.toHaveProperty([field]);
    }
  });
});

describe('boundaries that are accepted', () => {
  it('a 40-character username, a 256-character password, a 254-character email and a formatted phone', async () => {
    const before = await snapshot();
    const username = `b${'o'.repeat(38)}y`;
    const email = `${'e'.repeat(64)}@${'d'.repeat(63)}.${'d'.repeat(63)}.${'d'.repeat(57)}.com`;
    expect(username).toHaveLength(40);
    expect(email).toHaveLength(254);
    const response = await server.mutate('auth.registerCustomer', {
      username,
      password: 'p'.repeat(256),
      email,
      phone: '+1 (555) 010-0100',
    });
    expect(response.status).toBe(200);
    expect(response.data).toMatchObject({ username, email, phone: '+1 (555) 010-0100' });
    expect((await snapshot()).users).toBe(before.users + 1);
    const login = await server.mutate('auth.login', { username, password: 'p'.repeat(256) });
    expect(login.status).toBe(200);
  });
});

describe('concurrent registrations of one username', () => {
  it('create exactly one account; the others are 409', async () => {
    const before = await snapshot();
    const names = ['Racer', 'racer', 'RACER', 'rAcEr', 'raceR'];
    const responses = await Promise.all(
      names.map((username, index) =>
        server.mutate('auth.registerCustomer', { ...valid(username), email: `racer${index}@example.com` }),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    expect((await snapshot()).users).toBe(before.users + 1);
  });
});

describe('auth.login', () => {
  it.each([
    ['no password', { username: 'taken.name' }, ['password']],
    ['no username', { password: PASSWORD }, ['username']],
    ['an empty username', { username: '', password: PASSWORD }, ['username']],
    ['a username over 40 characters', { username: 'u'.repeat(41), password: PASSWORD }, ['username']],
    ['a password over 256 characters', { username: 'taken.name', password: 'p'.repeat(257) }, ['password']],
    ['a NUL in the username', { username: 'taken\u0000name', password: PASSWORD }, ['username']],
    ['a password of the wrong type', { username: 'taken.name', password: 12345678901 }, ['password']],
    ['an extra field', { username: 'taken.name', password: PASSWORD, remember: true }, ['remember']],
  ])('%s → 400', async (_, input, fields) => {
    await expectRefused(() => server.mutate('auth.login', input), 400, fields);
  });
});

describe('auth.changePassword', () => {
  it.each([
    [
      'a new password under 10 characters',
      { currentPassword: PASSWORD, newPassword: 'short' },
      ['newPassword'],
    ],
    [
      'a new password over 256 characters',
      { currentPassword: PASSWORD, newPassword: 'p'.repeat(257) },
      ['newPassword'],
    ],
    ['the same password again', { currentPassword: PASSWORD, newPassword: PASSWORD }, ['newPassword']],
    [
      'a wrong current password',
      { currentPassword: 'not the password', newPassword: 'a new passphrase' },
      ['currentPassword'],
    ],
    ['no current password', { newPassword: 'a new passphrase' }, ['currentPassword']],
    [
      'an extra field',
      { currentPassword: PASSWORD, newPassword: 'a new passphrase', userId: crypto.randomUUID() },
      ['userId'],
    ],
  ])('%s → 400', async (_, input, fields) => {
    await expectRefused(() => server.mutate('auth.changePassword', input, customerToken), 400, fields);
  });
});

describe('agent management and lists', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['agents.approve', { agentId: 'not-a-uuid' }, ['agentId']],
    ['agents.approve', {}, ['agentId']],
    ['agents.reinstate', { agentId: 42 }, ['agentId']],
    ['agents.reject', { agentId: 'PENDING_AGENT' }, ['reason']],
    ['agents.reject', { agentId: 'PENDING_AGENT', reason: '  ' }, ['reason']],
    ['agents.reject', { agentId: 'PENDING_AGENT', reason: 'r'.repeat(501) }, ['reason']],
    ['agents.reject', { agentId: 'PENDING_AGENT', reason: 'bad\u0000reason' }, ['reason']],
    ['agents.suspend', { agentId: 'PENDING_AGENT', reason: '' }, ['reason']],
    ['agents.approve', { agentId: 'PENDING_AGENT', note: 'hi' }, ['note']],
  ])('%s %j → 400', async (path, input, fields) => {
    const body = { ...input, ...(input.agentId === 'PENDING_AGENT' ? { agentId: pendingAgentId } : {}) };
    await expectRefused(() => server.mutate(path, body, adminToken), 400, fields);
    const agent = await server.query('agents.list', { status: 'PENDING' }, adminToken);
    expect((agent.data as { items: { id: string }[] }).items.map((u) => u.id)).toContain(pendingAgentId);
  });

  it.each([
    ['users.list', { role: 'superuser' }, ['role']],
    ['users.list', { limit: '10' }, ['limit']],
    ['users.list', { limit: 0 }, ['limit']],
    ['users.list', { limit: 101 }, ['limit']],
    ['agents.list', { status: 'ACTIVE' }, ['status']],
    ['agents.list', { cursor: 'garbage' }, ['cursor']],
    ['customers.list', { search: 's'.repeat(101) }, ['search']],
    ['customers.list', { search: 'nul\u0000' }, ['search']],
    ['customers.list', { page: 2 }, ['page']],
  ])('%s %j → 400', async (path, input, fields) => {
    await expectRefused(() => server.query(path, input, adminToken), 400, fields);
  });
});
