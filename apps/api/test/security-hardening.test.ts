import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BATCH_SIZE } from '../src/http/server';
import { createTokenService } from '../src/modules/auth/tokens';
import { TEST_JWT_SECRET } from './support/api';
import { startTestServer, type TTestServer } from './support/http';
import { insertAccount, issueToken } from './support/rest';

/**
 * The second round of hardening (each case failed before its fix): batch limits, crafted cursors and
 * dates, money bounds that fit their columns, who may name the request id, no caching of answers that
 * depend on the caller, and tokens minted for longer than we issue them.
 */
let server: TTestServer;
let adminToken: string;

beforeAll(async () => {
  server = await startTestServer();
  const admin = await insertAccount(server, 'admin', 'ACTIVE');
  adminToken = await issueToken(admin);
});
afterAll(() => server?.close());

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${adminToken}`, ...headers } });

describe('tRPC batches', () => {
  const batchOf = (count: number) =>
    `/trpc/${Array.from({ length: count }, () => 'loans.list').join(',')}?batch=1&input=${encodeURIComponent(
      JSON.stringify(Object.fromEntries(Array.from({ length: count }, (_, i) => [i, { limit: 1 }]))),
    )}`;

  it(`runs up to ${MAX_BATCH_SIZE} calls in one request`, async () => {
    const response = await get(batchOf(MAX_BATCH_SIZE));
    expect(response.status).toBe(200);
    expect(await response.json()).toHaveLength(MAX_BATCH_SIZE);
  });

  it('runs each call of a batch in its own unit of work', async () => {
    // With one EntityManager for the whole batch, both creates of DUPX answered 200 (one insert).
    const product = (code: string) => ({
      code,
      name: `Batch ${code}`,
      annualRatePercent: '5.00',
      minAmount: '100.00',
      maxAmount: '5000.00',
      minTermMonths: 1,
      maxTermMonths: 12,
    });
    const response = await fetch(
      `${server.baseUrl}/trpc/loanProducts.create,loanProducts.create,loanProducts.create?batch=1`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ 0: product('DUPX'), 1: product('DUPX'), 2: product('AFTERX') }),
      },
    );
    const results = (await response.json()) as {
      result?: unknown;
      error?: { data: { httpStatus: number } };
    }[];
    expect(
      results.map((entry) => entry.error?.data.httpStatus ?? 200),
      JSON.stringify(results).slice(0, 900),
    ).toEqual([200, 409, 200]);
  });

  it('answers a larger batch with one 400 and runs none of it', async () => {
    const response = await get(batchOf(MAX_BATCH_SIZE + 1));
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(JSON.stringify(body).length).toBeLessThan(2_000);
  });
});

describe('crafted input is a 400, never a 500', () => {
  const cursor = (keyset: unknown) => Buffer.from(JSON.stringify(keyset)).toString('base64url');

  it.each([
    ['a cursor in year 0000', '/api/v1/loans', { at: '0000-01-01T00:00:00.000Z', id: crypto.randomUUID() }],
    ['a cursor whose id is not a UUID (users)', '/api/v1/users', { at: '2026-01-01T00:00:00.000Z', id: 'x' }],
    [
      'a cursor whose id is not a UUID (customers)',
      '/api/v1/customers',
      { at: '2026-01-01T00:00:00.000Z', id: 'not-a-uuid' },
    ],
  ])('%s', async (_name, path, keyset) => {
    const response = await get(`${path}?cursor=${cursor(keyset)}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ fieldErrors: { cursor: expect.any(Array) } });
  });

  it.each(['0000-01-01', '9999-12-31'])('a list date %s', async (date) => {
    const response = await get(`/api/v1/loans?from=${date}&to=${date}`);
    expect(response.status).toBe(400);
  });

  it('a product whose maxAmount does not fit numeric(14,2)', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/loan-products`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        code: 'HUGE',
        name: 'Huge',
        annualRatePercent: '5.00',
        minAmount: '1.00',
        maxAmount: '1000000000000',
        minTermMonths: 1,
        maxTermMonths: 12,
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ fieldErrors: { maxAmount: expect.any(Array) } });
  });
});

describe('headers', () => {
  it('ignores a client-chosen X-Request-Id when no proxy is trusted', async () => {
    const response = await get('/api/v1/auth/me', { 'x-request-id': 'chosen-by-the-client' });
    expect(response.headers.get('x-request-id')).not.toBe('chosen-by-the-client');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps the request id a trusted proxy sends', async () => {
    const behindProxy = await startTestServer({ db: server.db, security: { trustProxy: true } });
    try {
      const response = await fetch(`${behindProxy.baseUrl}/healthz`, {
        headers: { 'x-request-id': 'from-proxy-1' },
      });
      expect(response.headers.get('x-request-id')).toBe('from-proxy-1');
    } finally {
      await behindProxy.close();
    }
  });

  it.each(['/api/v1/auth/me', '/trpc/auth.me'])('sends Cache-Control: no-store on %s', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});

describe('token age', () => {
  const key = new TextEncoder().encode(TEST_JWT_SECRET);
  const mint = (iat: number, exp: number, sub: string) =>
    new SignJWT({ role: 'admin', tv: 0 })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(sub)
      .setIssuer('loanbook')
      .setAudience('loanbook-api')
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(key);
  const verify = (token: string) => createTokenService(TEST_JWT_SECRET).verify(token);
  const now = Math.floor(Date.now() / 1000);
  const sub = crypto.randomUUID();

  it('accepts a token as we issue it', async () => {
    expect(await verify(await mint(now, now + 3600, sub))).not.toBeNull();
  });

  it('refuses a token whose lifetime is longer than the one we issue', async () => {
    expect(await verify(await mint(now, now + 10 * 365 * 86_400, sub))).toBeNull();
  });

  it('refuses a token issued in the future beyond the clock skew', async () => {
    expect(await verify(await mint(now + 3600, now + 7200, sub))).toBeNull();
  });
});
