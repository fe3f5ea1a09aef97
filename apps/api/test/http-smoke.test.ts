import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TTestServer } from './support/http';

let server: TTestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

it('registers, logs in and reads me over HTTP', async () => {
  const reg = await server.mutate('auth.registerCustomer', {
    username: 'Alice',
    password: 'long enough pw',
    email: 'a@example.com',
  });
  expect(reg.status).toBe(200);
  const dup = await server.mutate('auth.registerCustomer', {
    username: 'alice',
    password: 'long enough pw',
    email: 'b@example.com',
  });
  expect(dup.status).toBe(409);
  expect(dup.error?.data.fieldErrors?.username).toBeDefined();
  const bad = await server.mutate('auth.registerCustomer', {
    username: 'x',
    password: 1,
    email: 'nope',
    extra: 1,
  });
  expect(bad.status).toBe(400);
  console.log(JSON.stringify(bad.error));
  const login = await server.mutate('auth.login', { username: 'ALICE', password: 'long enough pw' });
  expect(login.status).toBe(200);
  const token = (login.data as { token: string }).token;
  const me = await server.query('auth.me', undefined, token);
  expect(me.status).toBe(200);
  const anon = await server.query('auth.me');
  expect(anon.status).toBe(401);
  const wrong = await server.mutate('auth.login', { username: 'alice', password: 'wrong password' });
  const unknown = await server.mutate('auth.login', { username: 'nobody', password: 'wrong password' });
  expect(wrong.status).toBe(401);
  expect(unknown.error?.message).toBe(wrong.error?.message);
  const quote = await server.query('loans.quote', { productCode: 'HOME', amount: '100000', termMonths: 36 });
  expect(quote.status).toBe(200);
  const apply = await server.mutate(
    'loans.apply',
    { productCode: 'HOME', amount: '100000', termMonths: 36 },
    token,
  );
  expect(apply.status).toBe(200);
});
