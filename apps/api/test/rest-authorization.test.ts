import { isActiveStatus, ZLoginResult } from '@loanbook/domain/accounts';
import { accessRuleFor } from '@loanbook/domain/authorization';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restRouteFor } from '../src/rest/routes';
import { procedurePaths } from '../src/trpc/app-router';
import type { TPrincipal } from '../src/trpc/context';
import { PRINCIPALS, TEST_PASSWORD, type TPrincipalName } from './support/api';
import { startTestServer, type TTestServer } from './support/http';
import { createRestClient, insertAccount, issueToken } from './support/rest';

/**
 * The authorization matrix of `@loanbook/domain/authorization`, over REST: every procedure of the router
 * (not a hand-kept list, so a new procedure is covered or fails here) is called as every principal with a
 * valid request, and the status must be what the matrix says — 401 for anonymous callers of protected
 * routes, 403 for a role the matrix does not list or an account that is not active, and otherwise a
 * response that is neither (the procedure's own answer: 2xx, 400, 404, 409 or 429).
 */
let server: TTestServer;
let rest: Awaited<ReturnType<typeof createRestClient>>;
const accounts: Partial<Record<TPrincipalName, TPrincipal>> = {};
const tokens: Partial<Record<TPrincipalName, string>> = {};

const ACCOUNTS = {
  customer: ['customer', 'ACTIVE'],
  otherCustomer: ['customer', 'ACTIVE'],
  pendingAgent: ['agent', 'PENDING'],
  agent: ['agent', 'APPROVED'],
  otherAgent: ['agent', 'APPROVED'],
  suspendedAgent: ['agent', 'SUSPENDED'],
  rejectedAgent: ['agent', 'REJECTED'],
  admin: ['admin', 'ACTIVE'],
} as const satisfies Record<Exclude<TPrincipalName, 'anonymous'>, readonly [string, string]>;

beforeAll(async () => {
  server = await startTestServer();
  rest = await createRestClient(server);
  for (const name of PRINCIPALS) {
    if (name === 'anonymous') continue;
    const [role, status] = ACCOUNTS[name];
    const account = await insertAccount(server, role, status);
    accounts[name] = account;
    if (isActiveStatus(status)) {
      // Active accounts sign in over REST like any client.
      const login = await rest.call('auth.login', { username: account.username, password: TEST_PASSWORD });
      expect(login.status).toBe(200);
      tokens[name] = ZLoginResult.parse(login.body).token;
    } else {
      // Inactive ones cannot sign in: a token they were issued earlier is what they would still hold.
      tokens[name] = await issueToken(account);
    }
  }
});
afterAll(() => server?.close());

/**
 * Inputs that differ from the route's request example, so that an allowed call is harmless and repeatable:
 * signing in with real credentials, a wrong current password (a right one would end the caller's sessions).
 */
const INPUT_OVERRIDES: Partial<Record<string, () => Record<string, unknown>>> = {
  'auth.login': () => ({ username: accounts.customer?.username, password: TEST_PASSWORD }),
  'auth.changePassword': () => ({
    currentPassword: 'not the password',
    newPassword: 'a new long passphrase',
  }),
  'loanProducts.update': () => ({ code: 'HOME', name: 'Home loan' }),
  'loans.openForCustomer': () => ({
    customerId: accounts.customer?.id,
    productCode: 'CAR',
    amount: '20000',
    termMonths: 24,
  }),
};

type TExpected = 401 | 403 | 'allowed';

function expectedFor(procedure: string, principal: TPrincipalName): TExpected {
  const rule = accessRuleFor(procedure);
  if (!rule) throw new Error(`${procedure} has no access rule`);
  if (rule.allow === 'anyone') return 'allowed';
  const account = accounts[principal];
  if (!account) return 401;
  if (!isActiveStatus(account.status)) return 403;
  return rule.allow.includes(account.role) ? 'allowed' : 403;
}

describe('the authorization matrix over REST', () => {
  it('covers every procedure of the router', () => {
    const uncovered = procedurePaths().filter((path) => !restRouteFor(path) || !accessRuleFor(path));
    expect(uncovered).toEqual([]);
  });

  it.each(procedurePaths())('%s answers every principal as the matrix says', async (procedure) => {
    const route = restRouteFor(procedure);
    expect(route, `${procedure} has no REST route`).toBeDefined();
    const input = INPUT_OVERRIDES[procedure]?.() ?? route?.example;
    const outcomes: string[] = [];
    const expectations: string[] = [];
    for (const principal of PRINCIPALS) {
      const response = await rest.call(procedure, input, tokens[principal]);
      const expected = expectedFor(procedure, principal);
      const code =
        typeof response.body === 'object' && response.body !== null && 'code' in response.body
          ? String(response.body.code)
          : '';
      const actual =
        response.status === 401 || response.status === 403
          ? `${response.status} ${code}`
          : response.status < 500
            ? 'allowed'
            : `${response.status} ${code}`;
      outcomes.push(`${principal}: ${actual}`);
      expectations.push(
        `${principal}: ${expected === 'allowed' ? 'allowed' : `${expected} ${expected === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN'}`}`,
      );
    }
    expect(outcomes).toEqual(expectations);
  });
});
