import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restRoutes } from '../src/rest/routes';
import { procedurePaths } from '../src/trpc/catalogue';
import { TEST_JWT_SECRET, TEST_PASSWORD } from './support/api';
import { startHardenedServer, type THardenedServer } from './support/fuzz';
import { callOver, type TTransport } from './support/invariants';

/**
 * A scripted scenario calls every procedure over tRPC and over REST — successes and refusals — keeping
 * every response body as received and every log line the server wrote. None may contain anything that
 * looks like a password hash, the JWT secret, or a password that was sent in.
 */
let server: THardenedServer;
beforeAll(async () => {
  server = await startHardenedServer();
});
afterAll(() => server?.close());

const HASH_LIKE = /\$argon2(id|i|d)?\$|\$scrypt\$|\bscrypt:|pbkdf2|password_?hash/i;

describe('no secret in any response or log line', () => {
  it('runs every procedure on every transport and finds no hash, secret or password', async () => {
    const called = new Set<string>();
    /** Every response body exactly as a client received it (tRPC streams its bodies, so read them here). */
    const bodies: { what: string; body: string }[] = [];
    const passwords = [TEST_PASSWORD];
    const transports: TTransport[] = ['trpc', 'rest'];
    const routes = restRoutes();
    const admin = await server.account('admin', 'ACTIVE');

    for (const transport of transports) {
      const tag = `${transport}${Date.now() % 100_000}`;
      const call = async (kind: 'query' | 'mutation', path: string, input: unknown, token = '') => {
        called.add(`${transport} ${path}`);
        const { response, data } = await callOver(server, transport, routes, kind, path, input, token);
        bodies.push({ what: `${transport} ${path} ${response.status}`, body: response.text });
        expect(response.status, `${transport} ${path}: ${response.text.slice(0, 200)}`).toBeLessThan(500);
        return data as Record<string, unknown> | undefined;
      };
      const password = `secret passphrase ${tag}`;
      const newPassword = `another passphrase ${tag}`;
      passwords.push(password, newPassword);

      // Accounts: registration, sign-in (right and wrong), the session, a password change.
      const customer = await call('mutation', 'auth.registerCustomer', {
        username: `sec.c.${tag}`,
        password,
        email: `sec.c.${tag}@example.com`,
      });
      const agentUser = await call('mutation', 'auth.registerAgent', {
        username: `sec.a.${tag}`,
        password,
        email: `sec.a.${tag}@example.com`,
        phone: '+1 555 0100',
      });
      await call('mutation', 'auth.login', { username: `sec.c.${tag}`, password: `${password}!` });
      const session = await call('mutation', 'auth.login', { username: `sec.c.${tag}`, password });
      const token = String(session?.token ?? '');
      await call('query', 'auth.me', undefined, token);
      await call('mutation', 'auth.changePassword', { currentPassword: password, newPassword }, token);
      await call('query', 'auth.me', undefined, token);
      const fresh = await call('mutation', 'auth.login', { username: `sec.c.${tag}`, password: newPassword });
      const customerToken = String(fresh?.token ?? '');

      // Staff: lists and the agent workflow.
      await call('query', 'users.list', { limit: 50 }, admin.token);
      await call('query', 'customers.list', { limit: 50 }, admin.token);
      await call('query', 'agents.list', { limit: 50 }, admin.token);
      const agentId = String(agentUser?.id ?? '');
      await call('mutation', 'agents.approve', { agentId }, admin.token);
      const agentSession = await call('mutation', 'auth.login', { username: `sec.a.${tag}`, password });
      const agentToken = String(agentSession?.token ?? '');
      await call('mutation', 'agents.suspend', { agentId, reason: 'Check' }, admin.token);
      await call('mutation', 'agents.reinstate', { agentId }, admin.token);
      const again = await call('mutation', 'auth.login', { username: `sec.a.${tag}`, password });
      const liveAgentToken = String(again?.token ?? agentToken);
      const spare = await server.account('agent', 'PENDING');
      await call('mutation', 'agents.reject', { agentId: spare.id, reason: 'No licence' }, admin.token);

      // Products and loans through their lifecycle.
      await call('query', 'loanProducts.list', undefined);
      const code = `S${tag.toUpperCase().replace(/[^A-Z0-9]/g, '')}`.slice(0, 20);
      await call(
        'mutation',
        'loanProducts.create',
        {
          code,
          name: 'Secret test',
          annualRatePercent: '4.2',
          minAmount: '100',
          maxAmount: '9000',
          minTermMonths: 6,
          maxTermMonths: 48,
        },
        admin.token,
      );
      await call('mutation', 'loanProducts.update', { code, active: false }, admin.token);
      await call('query', 'loans.quote', { productCode: 'CAR', amount: '15000', termMonths: 36 });
      const applied = await call(
        'mutation',
        'loans.create',
        { productCode: 'CAR', amount: '15000', termMonths: 36 },
        customerToken,
      );
      const loanId = String(applied?.id ?? '');
      await call('mutation', 'loans.update', { loanId, expectedVersion: 1, amount: '16000' }, liveAgentToken);
      await call('mutation', 'loans.forward', { loanId }, liveAgentToken);
      await call('mutation', 'loans.approve', { loanId }, admin.token);
      // Servicing: money out, money back (by the loan's agent and an admin), a reversal, the ledger.
      await call('mutation', 'loans.disburse', { loanId, reference: `WIRE-${tag}` }, admin.token);
      const repayment = await call(
        'mutation',
        'loans.repay',
        { loanId, amount: '100.00', idempotencyKey: `repay-${tag}` },
        liveAgentToken,
      );
      await call(
        'mutation',
        'loans.prepay',
        { loanId, amount: '500.00', reduce: 'TERM', idempotencyKey: `prepay-${tag}` },
        admin.token,
      );
      await call(
        'mutation',
        'loans.reverseTransaction',
        { loanId, transactionId: String(repayment?.id ?? ''), reason: 'Bounced' },
        admin.token,
      );
      await call('query', 'loans.position', { loanId }, customerToken);
      await call('query', 'loans.transactions', { loanId }, liveAgentToken);
      const quote = await call('query', 'loans.payoffQuote', { loanId }, customerToken);
      await call(
        'mutation',
        'loans.payoff',
        { loanId, amount: String(quote?.total ?? '0'), idempotencyKey: `payoff-${tag}` },
        admin.token,
      );
      // Paid off by now: the write-off is refused (409), and its body is swept like any other.
      await call('mutation', 'loans.writeOff', { loanId, reason: 'Untraceable' }, admin.token);
      await call('query', 'portfolio.summary', {}, admin.token);
      const opened = await call(
        'mutation',
        'loans.openForCustomer',
        { productCode: 'HOME', amount: '150000', termMonths: 120, customerId: String(customer?.id ?? '') },
        liveAgentToken,
      );
      await call(
        'mutation',
        'loans.reject',
        { loanId: String(opened?.id ?? ''), reason: 'Income' },
        admin.token,
      );
      const withdrawn = await call(
        'mutation',
        'loans.create',
        { productCode: 'PERSONAL', amount: '900', termMonths: 12 },
        customerToken,
      );
      await call('mutation', 'loans.withdraw', { loanId: String(withdrawn?.id ?? '') }, customerToken);
      await call('query', 'loans.get', { loanId }, customerToken);
      await call('query', 'loans.history', { loanId }, admin.token);
      await call('query', 'loans.list', { limit: 100 }, admin.token);
      // A few refusals: their bodies are swept too.
      await call('query', 'loans.get', { loanId }, `${customerToken}x`);
      await call('query', 'users.list', { limit: 0 }, customerToken);
    }

    const expected = transports.flatMap((transport) =>
      procedurePaths().map((path) => `${transport} ${path}`),
    );
    expect([...called].sort()).toEqual(expected.sort());

    expect(bodies.length).toBeGreaterThan(procedurePaths().length * transports.length);
    // The sweep reads real bodies: tokens and accounts went out, so it would see a leak if there were one.
    expect(bodies.some(({ body }) => /"token":"ey/.test(body))).toBe(true);
    expect(bodies.filter(({ body }) => body.includes('"username"')).length).toBeGreaterThan(10);
    const leaks = (text: string) =>
      HASH_LIKE.test(text) ||
      text.includes(TEST_JWT_SECRET) ||
      passwords.some((password) => text.includes(password));
    const leakingBodies = bodies
      .filter(({ body }) => leaks(body))
      .map(({ what, body }) => `${what}: ${body.slice(0, 300)}`);
    expect(leakingBodies).toEqual([]);
    const leakingLogs = server.logs.filter(leaks);
    expect(leakingLogs).toEqual([]);
  }, 120_000);

  it('would notice a leak: the sweep matches real hashes and the secret', async () => {
    const { hashPassword } = await import('../src/modules/auth/password');
    const hash = await hashPassword('whatever it is');
    expect(HASH_LIKE.test(JSON.stringify({ user: { passwordHash: 'x' } }))).toBe(true);
    expect(HASH_LIKE.test(`{"h":"${hash}"}`)).toBe(true);
    expect(HASH_LIKE.test('pbkdf2:sha256:600000$salt$abc')).toBe(true);
    expect(HASH_LIKE.test('{"ok":true}')).toBe(false);
  });
});
