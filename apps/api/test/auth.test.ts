import type { TRole } from '@loanbook/domain/accounts';
import { TRPCError } from '@trpc/server';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRINCIPALS, TEST_PASSWORD, type TPrincipalName } from './support/api';
import { startTestServer, type TTestServer } from './support/http';
import { type TSignedInName, usePrincipals } from './support/principals';

/**
 * auth.* through the server-side caller (results, and per principal the exact error code), plus the same
 * journeys over real HTTP where what goes over the wire is scanned for passwords and hashes.
 */
const fixture = usePrincipals();

const BAD_CREDENTIALS = 'Invalid username or password';
const INACTIVE_MESSAGE = {
  pendingAgent: /awaiting approval/,
  rejectedAgent: /rejected/,
  suspendedAgent: /suspended/,
} as const;

const principal = fixture.user;

/** Every key and string anywhere in `value` that looks like a secret: a hash, a hash field or a plaintext. */
function secretsIn(value: unknown, plaintexts: readonly string[] = [TEST_PASSWORD]): string[] {
  const found: string[] = [];
  const visit = (node: unknown, path: string) => {
    if (typeof node === 'string') {
      if (node.includes('$argon2') || plaintexts.some((text) => node.includes(text))) found.push(path);
    } else if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) visit(item, `${path}[${index}]`);
    } else if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        if (/hash/i.test(key)) found.push(`${path}.${key}`);
        visit(child, `${path}.${key}`);
      }
    }
  };
  visit(value, '$');
  return found;
}

/** Awaits a procedure call, failing the test if its result carries a secret. */
async function ok<T>(call: Promise<T>, plaintexts?: readonly string[]): Promise<T> {
  const value = await call;
  expect(secretsIn(value, plaintexts)).toEqual([]);
  return value;
}

/** The refusal of a procedure call (which must fail with a tRPC error), checked for secrets too. */
async function refusal(call: Promise<unknown>, plaintexts?: readonly string[]) {
  let outcome: unknown;
  try {
    outcome = await call;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const seen = { code: error.code, message: error.message };
    expect(secretsIn(seen, plaintexts)).toEqual([]);
    return seen;
  }
  throw new Error(`expected a refusal, got ${JSON.stringify(outcome)}`);
}

/** What the access control must answer `name` on a procedure open to `allowed` roles (null: allowed). */
function expectedRefusal(name: TPrincipalName, allowed: readonly TRole[]) {
  if (name === 'anonymous') return { code: 'UNAUTHORIZED', message: /sign in/i };
  if (name === 'pendingAgent' || name === 'rejectedAgent' || name === 'suspendedAgent') {
    return { code: 'FORBIDDEN', message: INACTIVE_MESSAGE[name] };
  }
  const { role } = principal(name);
  return allowed.includes(role) ? null : { code: 'FORBIDDEN', message: new RegExp(`${role} role`) };
}

const historyOf = (userId: string) =>
  fixture.api.db
    .fork()
    .getConnection()
    .execute<
      { action: string; actor_id: string | null; changes: Record<string, { from: unknown; to: unknown }> }[]
    >(
      "select action, actor_id, changes from history_entries where entity_type = 'user' and entity_id = ? order by version",
      [userId],
    );

const accountRow = async (userId: string) => {
  const [row] = await fixture.api.db
    .fork()
    .getConnection()
    .execute<{ password_hash: string; token_version: number }[]>(
      'select password_hash, token_version from users where id = ?',
      [userId],
    );
  if (!row) throw new Error(`no users row ${userId}`);
  return row;
};

const registration = (username: string, extra: { phone?: string } = {}) => ({
  username,
  password: 'a long enough passphrase',
  email: `${username.toLowerCase()}@example.com`,
  ...extra,
});

describe('auth.registerCustomer', () => {
  it('creates an active customer, hashed with argon2id at OWASP cost, and records who created it', async () => {
    const before = Date.now();
    const input = registration('Casey.Customer', { phone: '+44 20 7946 0958' });
    const user = await ok(fixture.as('anonymous').auth.registerCustomer(input), [input.password]);
    expect(user).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      username: 'Casey.Customer',
      email: 'casey.customer@example.com',
      phone: '+44 20 7946 0958',
      role: 'customer',
      status: 'ACTIVE',
      createdAt: expect.any(String),
    });
    expect(Date.parse(user.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(user.createdAt)).toBeLessThanOrEqual(Date.now() + 1000);

    const { password_hash: hash } = await accountRow(user.id);
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(hash).not.toContain(input.password);

    const history = await historyOf(user.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'CREATED', actor_id: user.id });
    expect(history[0]?.changes.username).toEqual({ from: null, to: 'Casey.Customer' });
    expect(secretsIn(history, [input.password])).toEqual([]);
  });

  it('stores a missing phone as null', async () => {
    const user = await ok(fixture.as('anonymous').auth.registerCustomer(registration('no.phone')));
    expect(user.phone).toBeNull();
  });
});

describe('auth.registerAgent', () => {
  it('creates a PENDING agent who cannot sign in until approved', async () => {
    const input = registration('Pat.Agent');
    const user = await ok(fixture.as('anonymous').auth.registerAgent(input), [input.password]);
    expect(user).toMatchObject({ username: 'Pat.Agent', role: 'agent', status: 'PENDING' });
    const refused = await refusal(
      fixture.as('anonymous').auth.login({ username: 'Pat.Agent', password: input.password }),
      [input.password],
    );
    expect(refused).toEqual({ code: 'FORBIDDEN', message: expect.stringMatching(/awaiting approval/) });
  });
});

describe('auth.login', () => {
  const password = 'case-blind passphrase';

  beforeAll(async () => {
    await fixture.api
      .as(null)
      .auth.registerCustomer({ username: 'MixedCase.User', password, email: 'mixed@example.com' });
  });

  it('returns a one-hour token, its expiry and the user, whatever the case of the username', async () => {
    for (const username of ['MixedCase.User', 'mixedcase.user', 'MIXEDCASE.USER', '  mixedCase.user ']) {
      const before = Date.now();
      const result = await ok(fixture.as('anonymous').auth.login({ username, password }), [password]);
      expect(Object.keys(result).sort()).toEqual(['expiresAt', 'token', 'user']);
      expect(result.user).toMatchObject({ username: 'MixedCase.User', role: 'customer', status: 'ACTIVE' });
      const expiresAt = Date.parse(result.expiresAt);
      expect(expiresAt - before).toBeGreaterThan(3600_000 - 2_000);
      expect(expiresAt - Date.now()).toBeLessThanOrEqual(3600_000);

      const claims = decodeJwt(result.token);
      expect(decodeProtectedHeader(result.token).alg).toBe('HS256');
      expect(claims.sub).toBe(result.user.id);
      expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
      expect((claims.exp ?? 0) * 1000).toBe(expiresAt);
      expect(secretsIn(claims, [password])).toEqual([]);
      expect(await fixture.api.tokens.verify(result.token)).toEqual({
        userId: result.user.id,
        role: 'customer',
        tokenVersion: 0,
      });
    }
  });

  it('signs in active customers, approved agents and admins', async () => {
    for (const name of ['customer', 'agent', 'admin'] as const) {
      const { username, role } = principal(name);
      const result = await ok(fixture.as('anonymous').auth.login({ username, password: TEST_PASSWORD }));
      expect(result.user).toMatchObject({ username, role });
    }
  });

  it('answers an unknown user and a wrong password with the same UNAUTHORIZED message', async () => {
    const unknown = await refusal(fixture.as('anonymous').auth.login({ username: 'nobody.here', password }));
    const wrong = await refusal(
      fixture.as('anonymous').auth.login({ username: 'MixedCase.User', password: `${password}!` }),
    );
    const wrongCase = await refusal(
      fixture.as('anonymous').auth.login({ username: 'mixedcase.user', password: password.toUpperCase() }),
    );
    expect(unknown).toEqual({ code: 'UNAUTHORIZED', message: BAD_CREDENTIALS });
    expect(wrong).toEqual(unknown);
    expect(wrongCase).toEqual(unknown);
  });

  it('tells a pending, rejected or suspended agent why only after the password is verified', async () => {
    const messages = new Set<string>();
    for (const name of ['pendingAgent', 'rejectedAgent', 'suspendedAgent'] as const) {
      const { username } = principal(name);
      const right = await refusal(fixture.as('anonymous').auth.login({ username, password: TEST_PASSWORD }));
      expect(right.code).toBe('FORBIDDEN');
      expect(right.message).toMatch(INACTIVE_MESSAGE[name]);
      messages.add(right.message);

      const wrong = await refusal(
        fixture.as('anonymous').auth.login({ username, password: 'not the password' }),
      );
      expect(wrong).toEqual({ code: 'UNAUTHORIZED', message: BAD_CREDENTIALS });
    }
    expect(messages.size).toBe(3);
    expect(messages.has(BAD_CREDENTIALS)).toBe(false);
  });
});

describe('auth.me', () => {
  it.each(PRINCIPALS)('as %s', async (name) => {
    const expected = expectedRefusal(name, ['customer', 'agent', 'admin']);
    const call = fixture.as(name).auth.me();
    if (expected) {
      const refused = await refusal(call);
      expect(refused.code).toBe(expected.code);
      expect(refused.message).toMatch(expected.message);
      return;
    }
    const me = await ok(call);
    const { id, username, role, status } = principal(name as TSignedInName);
    expect(me).toMatchObject({ id, username, role, status, email: `${username}@example.com` });
  });
});

describe('auth.changePassword', () => {
  it.each(PRINCIPALS)('access as %s', async (name) => {
    const expected = expectedRefusal(name, ['customer', 'agent', 'admin']);
    if (!expected) return; // the allowed principals change passwords in the tests below
    const account = fixture.principal(name);
    const before = account ? await accountRow(account.id) : null;
    const refused = await refusal(
      fixture.api
        .as(account)
        .auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' }),
    );
    expect(refused.code).toBe(expected.code);
    expect(refused.message).toMatch(expected.message);
    if (account) expect(await accountRow(account.id)).toEqual(before);
  });

  it.each(['customer', 'agent', 'admin'] as const)('a signed-in %s changes their password', async (role) => {
    const account = await fixture.api.createAccount(role, role === 'agent' ? 'APPROVED' : 'ACTIVE');
    const newPassword = 'a brand new passphrase';
    const result = await ok(
      fixture.api.as(account).auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword }),
      [TEST_PASSWORD, newPassword],
    );
    expect(result).toEqual({ ok: true });
    expect((await accountRow(account.id)).token_version).toBe(1);

    const old = await refusal(
      fixture.as('anonymous').auth.login({ username: account.username, password: TEST_PASSWORD }),
    );
    expect(old).toEqual({ code: 'UNAUTHORIZED', message: BAD_CREDENTIALS });
    const fresh = await ok(
      fixture.as('anonymous').auth.login({ username: account.username, password: newPassword }),
      [newPassword],
    );
    expect(decodeJwt(fresh.token).tv).toBe(1);

    const history = await historyOf(account.id);
    expect(history.map((row) => row.action)).toEqual(['CREATED', 'PASSWORD_CHANGED']);
    expect(history[1]?.actor_id).toBe(account.id);
    expect(secretsIn(history, [TEST_PASSWORD, newPassword])).toEqual([]);
  });

  it('refuses a wrong current password or an unchanged one, and changes nothing', async () => {
    const account = await fixture.api.createAccount('customer', 'ACTIVE');
    const before = await accountRow(account.id);
    const wrong = await refusal(
      fixture.api
        .as(account)
        .auth.changePassword({ currentPassword: 'not my password', newPassword: 'a brand new one!' }),
    );
    expect(wrong.code).toBe('BAD_REQUEST');
    const same = await refusal(
      fixture.api
        .as(account)
        .auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD }),
    );
    expect(same.code).toBe('BAD_REQUEST');
    const short = await refusal(
      fixture.api.as(account).auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'short' }),
    );
    expect(short.code).toBe('BAD_REQUEST');

    expect(await accountRow(account.id)).toEqual(before);
    expect((await historyOf(account.id)).map((row) => row.action)).toEqual(['CREATED']);
    await ok(fixture.as('anonymous').auth.login({ username: account.username, password: TEST_PASSWORD }));
  });
});

describe('over HTTP', () => {
  let server: TTestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('registers, signs in and changes a password; no response carries a password or a hash', async () => {
    const password = 'wire-level passphrase';
    const newPassword = 'another wire passphrase';
    const plaintexts = [password, newPassword];
    const responses: unknown[] = [];
    const send = async (kind: 'mutate' | 'query', path: string, input?: unknown, token?: string) => {
      const response =
        kind === 'mutate' ? await server.mutate(path, input, token) : await server.query(path, input, token);
      responses.push({ path, data: response.data, error: response.error });
      return response;
    };

    const reg = await send('mutate', 'auth.registerCustomer', {
      username: 'Wire.User',
      password,
      email: 'wire@example.com',
    });
    expect(reg.status).toBe(200);
    const agent = await send('mutate', 'auth.registerAgent', {
      username: 'Wire.Agent',
      password,
      email: 'wire.agent@example.com',
    });
    expect(agent.status).toBe(200);
    expect(agent.data).toMatchObject({ role: 'agent', status: 'PENDING' });

    const duplicate = await send('mutate', 'auth.registerCustomer', {
      username: 'wire.user',
      password,
      email: 'other@example.com',
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.error?.data.fieldErrors?.username).toBeDefined();

    const login = await send('mutate', 'auth.login', { username: 'WIRE.USER', password });
    expect(login.status).toBe(200);
    const { token } = login.data as { token: string };

    const pending = await send('mutate', 'auth.login', { username: 'wire.agent', password });
    expect(pending.status).toBe(403);
    expect(pending.error?.message).toMatch(/awaiting approval/);

    const wrong = await send('mutate', 'auth.login', { username: 'wire.user', password: newPassword });
    const unknown = await send('mutate', 'auth.login', { username: 'nobody', password });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.error?.message).toBe(wrong.error?.message);

    const me = await send('query', 'auth.me', undefined, token);
    expect(me.status).toBe(200);
    expect(me.data).toMatchObject({ username: 'Wire.User', role: 'customer' });
    expect((await send('query', 'auth.me')).status).toBe(401);

    const changed = await send(
      'mutate',
      'auth.changePassword',
      { currentPassword: password, newPassword },
      token,
    );
    expect(changed.status).toBe(200);
    expect(changed.data).toEqual({ ok: true });
    const relogin = await send('mutate', 'auth.login', { username: 'wire.user', password: newPassword });
    expect(relogin.status).toBe(200);

    expect(responses).toHaveLength(11);
    expect(secretsIn(responses, plaintexts)).toEqual([]);
  });
});
