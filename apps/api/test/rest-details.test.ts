import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TTestServer } from './support/http';
import { insertAccount, issueToken } from './support/rest';

/** Contract details an outside REST client hit (issue 15 §4), each held by a test. */
let server: TTestServer;
let adminToken: string;

beforeAll(async () => {
  server = await startTestServer();
  adminToken = await issueToken(await insertAccount(server, 'admin', 'ACTIVE'));
});
afterAll(() => server?.close());

const call = (path: string, init: RequestInit & { token?: string } = {}) =>
  fetch(`${server.baseUrl}${path}`, {
    ...init,
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
  });

describe('REST contract details', () => {
  it('reports an invalid array element on the array field itself', async () => {
    const response = await call('/api/v1/loans?status=BOGUS', { token: adminToken });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { fieldErrors: Record<string, string[]> };
    expect(Object.keys(body.fieldErrors)).toEqual(['status']);
  });

  it.each(['/api/v1/loan-products?foo=1', '/api/v1/auth/me?foo=1'])(
    'refuses an unknown query parameter on a route without input: %s',
    async (path) => {
      const response = await call(path, { token: adminToken });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        code: 'BAD_REQUEST',
        fieldErrors: { foo: ['Unknown field'] },
      });
    },
  );

  it('says which scheme to use on a 401 without a token', async () => {
    const response = await call('/api/v1/auth/me');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="loanbook"');
  });

  it('says the token was not accepted on a 401 with one, over REST and tRPC', async () => {
    for (const path of ['/api/v1/auth/me', '/trpc/auth.me']) {
      const response = await call(path, { token: 'not.a.token' });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="loanbook", error="invalid_token"');
    }
  });

  it('lists only products on offer to anonymous callers; staff see withdrawn ones too', async () => {
    const update = await call('/api/v1/loan-products/EDUCATION', {
      method: 'PATCH',
      token: adminToken,
      body: JSON.stringify({ active: false }),
    });
    expect(update.status).toBe(200);
    const codes = async (token?: string) =>
      (
        (await (await call('/api/v1/loan-products', token ? { token } : {})).json()) as { code: string }[]
      ).map((product) => product.code);
    expect(await codes()).not.toContain('EDUCATION');
    expect(await codes(adminToken)).toContain('EDUCATION');
  });
});
