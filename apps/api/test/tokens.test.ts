import { decodeJwt, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/modules/auth/password';
import { User } from '../src/modules/users/user.entity';
import { TEST_JWT_SECRET } from './support/api';
import { startTestServer, type TTestServer } from './support/http';

/**
 * Access tokens over real HTTP (auth.me and friends): only tokens this server issued, for the account as
 * it is now, are accepted. Forged tokens are built with jose and the test server's secret.
 */
let server: TTestServer;
const PASSWORD = 'token test passphrase';

interface TAccount {
  id: string;
  username: string;
  token: string;
}

let customer: TAccount;
let agent: TAccount;
let admin: TAccount;

const secretKey = new TextEncoder().encode(TEST_JWT_SECRET);
const nowSeconds = () => Math.floor(Date.now() / 1000);
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The claims this server puts in its tokens, valid now, for `account`. */
const validClaims = (account: { id: string }, role = 'customer'): JWTPayload => ({
  sub: account.id,
  role,
  tv: 0,
  iss: 'loanbook',
  aud: 'loanbook-api',
  iat: nowSeconds(),
  exp: nowSeconds() + 3600,
});

const sign = (claims: JWTPayload, key: Uint8Array = secretKey, alg = 'HS256') =>
  new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);

async function login(username: string, password = PASSWORD) {
  const response = await server.mutate('auth.login', { username, password });
  expect(response.status).toBe(200);
  return (response.data as { token: string }).token;
}

async function register(kind: 'registerCustomer' | 'registerAgent', username: string) {
  const response = await server.mutate(`auth.${kind}`, {
    username,
    password: PASSWORD,
    email: `${username}@example.com`,
  });
  expect(response.status).toBe(200);
  return (response.data as { id: string }).id;
}

const me = (token: string) => server.query('auth.me', undefined, token);

/** auth.me with a raw Authorization header (or none). */
async function meWithHeader(authorization?: string) {
  const response = await fetch(`${server.baseUrl}/trpc/auth.me`, {
    headers: authorization === undefined ? {} : { authorization },
  });
  const body = (await response.json()) as { error?: { message: string; data: { code: string } } };
  return { status: response.status, code: body.error?.data.code, message: body.error?.message };
}

beforeAll(async () => {
  server = await startTestServer();
  const em = server.db.fork();
  em.create(User, {
    username: 'token.admin',
    email: 'token.admin@example.com',
    phone: null,
    passwordHash: await hashPassword(PASSWORD),
    role: 'admin',
    status: 'ACTIVE',
    statusReason: null,
  });
  await em.flush();
  admin = { id: '', username: 'token.admin', token: await login('token.admin') };
  admin.id = decodeJwt(admin.token).sub ?? '';

  customer = {
    id: await register('registerCustomer', 'token.customer'),
    username: 'token.customer',
    token: '',
  };
  customer.token = await login(customer.username);

  agent = { id: await register('registerAgent', 'token.agent'), username: 'token.agent', token: '' };
  expect((await server.mutate('agents.approve', { agentId: agent.id }, admin.token)).status).toBe(200);
  agent.token = await login(agent.username);
});
afterAll(() => server?.close());

describe('a valid token', () => {
  it('signs the caller in, as their role', async () => {
    const response = await me(customer.token);
    expect(response.status).toBe(200);
    expect(response.data).toMatchObject({ id: customer.id, username: 'token.customer', role: 'customer' });
    expect((await me(admin.token)).data).toMatchObject({ id: admin.id, role: 'admin' });
    // …and works for what the role may do.
    const quote = { productCode: 'HOME', amount: '100000', termMonths: 36 };
    expect((await server.query('loans.quote', quote)).status).toBe(200);
    const applied = await server.mutate('loans.create', quote, customer.token);
    expect(applied.status).toBe(200);
    expect(applied.data).toMatchObject({ status: 'NEW', customer: { id: customer.id } });
    expect((await server.query('users.list', {}, admin.token)).status).toBe(200);
  });

  it('is accepted when forged here with the real secret and claims (so the refusals below are about the flaw)', async () => {
    const response = await me(await sign(validClaims(customer)));
    expect(response.status).toBe(200);
    expect(response.data).toMatchObject({ id: customer.id });
  });
});

describe('refused tokens: 401', () => {
  const expect401 = async (token: string) => {
    const response = await me(token);
    expect(response.status).toBe(401);
    expect(response.error?.data.code).toBe('UNAUTHORIZED');
    expect(response.data).toBeUndefined();
  };

  it('expired', async () => {
    await expect401(
      await sign({ ...validClaims(customer), iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 }),
    );
    // Just past expiry plus the 30 s the server allows for clock skew between replicas.
    await expect401(
      await sign({ ...validClaims(customer), iat: nowSeconds() - 3631, exp: nowSeconds() - 31 }),
    );
  });

  it('signed with another secret, or with its signature altered', async () => {
    await expect401(await sign(validClaims(customer), new TextEncoder().encode(`${TEST_JWT_SECRET}-other`)));
    const [header, payload, signature = ''] = customer.token.split('.');
    const flipped = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    await expect401(`${header}.${payload}.${flipped}`);
    await expect401(`${header}.${payload}.`);
    await expect401(`${header}.${payload}`);
  });

  it('alg: none', async () => {
    const unsigned = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(validClaims(customer))}.`;
    await expect401(unsigned);
    await expect401(`${b64url({ alg: 'none' })}.${b64url(validClaims(admin, 'admin'))}.`);
  });

  it('RS256 / HS256 confusion: an RSA-signed token, a re-labelled header, another HMAC size', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    await expect401(
      await new SignJWT(validClaims(customer)).setProtectedHeader({ alg: 'RS256' }).sign(privateKey),
    );
    // The classic confusion: HMAC keyed with the public key, labelled as whatever the server might expect.
    const publicJwk = new TextEncoder().encode(JSON.stringify(await exportJWK(publicKey)));
    await expect401(await sign(validClaims(customer), publicJwk, 'HS256'));
    // A genuine HS256 token whose header is re-labelled RS256 (signature kept).
    const [, payload, signature] = customer.token.split('.');
    await expect401(`${b64url({ alg: 'RS256', typ: 'JWT' })}.${payload}.${signature}`);
    // Same secret, another algorithm than the pinned HS256.
    await expect401(await sign(validClaims(customer), secretKey, 'HS512'));
  });

  it('wrong audience or issuer, or none', async () => {
    await expect401(await sign({ ...validClaims(customer), aud: 'another-api' }));
    await expect401(await sign({ ...validClaims(customer), iss: 'someone-else' }));
    const { aud: _aud, ...withoutAudience } = validClaims(customer);
    await expect401(await sign(withoutAudience));
    const { iss: _iss, ...withoutIssuer } = validClaims(customer);
    await expect401(await sign(withoutIssuer));
  });

  it('not yet valid (nbf in the future)', async () => {
    await expect401(await sign({ ...validClaims(customer), nbf: nowSeconds() + 600 }));
  });

  it('missing or malformed claims', async () => {
    const { exp: _exp, ...withoutExpiry } = validClaims(customer);
    await expect401(await sign(withoutExpiry));
    const { sub: _sub, ...withoutSubject } = validClaims(customer);
    await expect401(await sign(withoutSubject));
    await expect401(await sign({ ...validClaims(customer), sub: 'not-a-uuid' }));
    await expect401(await sign({ ...validClaims(customer), sub: crypto.randomUUID() }));
    await expect401(await sign({ ...validClaims(customer), role: 'root' }));
    await expect401(await sign({ ...validClaims(customer), tv: '0' }));
  });

  it('a customer token whose role claim was changed to admin, without the secret', async () => {
    const [header, , signature] = customer.token.split('.');
    const promoted = { ...decodeJwt(customer.token), role: 'admin' };
    const tampered = `${header}.${b64url(promoted)}.${signature}`;
    await expect401(tampered);
    expect((await server.query('users.list', {}, tampered)).status).toBe(401);
    await expect401(
      await sign(promoted, new TextEncoder().encode('an attacker guess at the secret, 32+ bytes')),
    );
  });

  it('a correctly signed token whose role is not the account role', async () => {
    const promoted = await sign(validClaims(customer, 'admin'));
    await expect401(promoted);
    const listed = await server.query('users.list', {}, promoted);
    expect(listed.status).toBe(401);
    expect(listed.data).toBeUndefined();
    await expect401(await sign(validClaims(agent, 'customer')));
  });

  it('a malformed Authorization header', async () => {
    for (const header of [
      '',
      'Bearer',
      'Bearer ',
      customer.token,
      `Basic ${Buffer.from('token.customer:x').toString('base64')}`,
      `Token ${customer.token}`,
      `Bearer ${customer.token} extra`,
      `Bearer  ${customer.token}`,
      'Bearer not-a-jwt',
      'Bearer a.b.c',
      'Bearer !!!.???.###',
      `Bearer ${'a'.repeat(5000)}`,
    ]) {
      const response = await meWithHeader(header);
      expect({ header: header.slice(0, 30), status: response.status }).toEqual({
        header: header.slice(0, 30),
        status: 401,
      });
      expect(response.code).toBe('UNAUTHORIZED');
    }
    expect(await meWithHeader()).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
  });
});

describe('tokens and the account as it is now', () => {
  it('a suspended agent’s token gets 403 "suspended"; after reinstatement it is dead (401), a new login works', async () => {
    const id = await register('registerAgent', 'token.suspended');
    expect((await server.mutate('agents.approve', { agentId: id }, admin.token)).status).toBe(200);
    const before = await login('token.suspended');
    expect((await me(before)).status).toBe(200);

    expect((await server.mutate('agents.suspend', { agentId: id }, admin.token)).status).toBe(200);
    const suspended = await me(before);
    expect(suspended.status).toBe(403);
    expect(suspended.error?.message).toMatch(/suspended/);
    const customers = await server.query('customers.list', {}, before);
    expect(customers.status).toBe(403);
    expect(customers.error?.message).toMatch(/suspended/);

    expect((await server.mutate('agents.reinstate', { agentId: id }, admin.token)).status).toBe(200);
    const revoked = await me(before);
    expect(revoked.status).toBe(401);
    const after = await login('token.suspended');
    expect((await me(after)).status).toBe(200);
  });

  it('a rejected agent’s token gets 403 "rejected"', async () => {
    const id = await register('registerAgent', 'token.rejected');
    // A pending agent cannot log in, so the token is minted as the server would have for them.
    const pendingToken = await sign(validClaims({ id }, 'agent'));
    const pending = await me(pendingToken);
    expect(pending.status).toBe(403);
    expect(pending.error?.message).toMatch(/awaiting approval/);
    expect((await server.mutate('agents.reject', { agentId: id, reason: 'no' }, admin.token)).status).toBe(
      200,
    );
    const rejected = await me(pendingToken);
    expect(rejected.status).toBe(403);
    expect(rejected.error?.message).toMatch(/rejected/);
  });

  it('changing the password ends every session issued before it', async () => {
    await register('registerCustomer', 'token.changer');
    const first = await login('token.changer');
    const second = await login('token.changer');
    const newPassword = 'a different passphrase';
    const changed = await server.mutate(
      'auth.changePassword',
      { currentPassword: PASSWORD, newPassword },
      first,
    );
    expect(changed.status).toBe(200);
    for (const old of [first, second]) {
      const response = await me(old);
      expect(response.status).toBe(401);
      expect(response.error?.message).toMatch(/sign in again/);
    }
    const fresh = await login('token.changer', newPassword);
    expect((await me(fresh)).status).toBe(200);
  });
});
