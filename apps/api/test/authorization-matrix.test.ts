import { readFileSync } from 'node:fs';
import { isActiveStatus } from '@loanbook/domain/accounts';
import {
  ACCESS_MATRIX,
  isAllowed,
  type TAccessRule,
  type TProcedurePath,
} from '@loanbook/domain/authorization';
import type { TErrorCode } from '@loanbook/domain/errors';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTHORIZATION_DOC_PATH, renderAuthorizationDoc } from '../scripts/generate-authorization-doc';
import { procedurePaths } from '../src/trpc/app-router';
import type { TPrincipal } from '../src/trpc/context';
import {
  createPrincipals,
  createTestApi,
  PRINCIPALS,
  TEST_PASSWORD,
  type TPrincipalName,
  type TTestApi,
} from './support/api';

/**
 * Calls every procedure of the router as every principal, with valid input, and checks the outcome against
 * ACCESS_MATRIX plus the resource-level exceptions below. A procedure added to the router without an entry
 * in the matrix or a case here fails this file (and the `Record<TProcedurePath, …>` type fails tsc).
 */

let api: TTestApi;
let principals: Record<TPrincipalName, TPrincipal | null>;

beforeAll(async () => {
  api = await createTestApi();
  principals = await createPrincipals(api);
});
afterAll(() => api?.close());

const as = (name: TPrincipalName) => api.as(principals[name]);

let counter = 0;
const unique = (prefix: string) => `${prefix}${++counter}${crypto.randomUUID().slice(0, 6)}`;

const TERMS = { productCode: 'HOME', amount: '10000', termMonths: 12 } as const;

const newLoanOfCustomer = async () => ({
  loanId: (await as('customer').loans.apply.call(null, TERMS)).id,
});
/** A loan of `customer` that `agent` forwarded (PENDING, version 2). */
const pendingLoanOfAgent = async () => {
  const { loanId } = await newLoanOfCustomer();
  await as('agent').loans.forward({ loanId });
  return { loanId };
};
const agentWithStatus = async (status: 'PENDING' | 'APPROVED' | 'SUSPENDED') => ({
  agentId: (await api.createAccount('agent', status)).id,
});
const registration = () => {
  const username = unique('user');
  return { username, password: TEST_PASSWORD, email: `${username}@example.com` };
};
const productCode = () => unique('P').toUpperCase().replaceAll('-', '_');

interface TException {
  code: TErrorCode;
  why: string;
  /** A different fixture for this principal, when the refusal is about a particular loan. */
  input?: () => Promise<unknown>;
}

interface TCase {
  /** Valid input; a fresh fixture on every call where a success would consume it. */
  input: () => Promise<unknown> | unknown;
  /** Resource-level outcomes for principals the matrix lets through. */
  exceptions?: Partial<Record<TPrincipalName, TException>>;
}

const CUSTOMERS_OWN_LOANS_ONLY: TException = {
  code: 'NOT_FOUND',
  why: "another customer's loan is indistinguishable from a missing one",
};

const CASES: Record<TProcedurePath, TCase> = {
  'auth.registerCustomer': { input: registration },
  'auth.registerAgent': { input: registration },
  'auth.login': {
    input: async () => ({
      username: (await api.createAccount('customer', 'ACTIVE')).username,
      password: TEST_PASSWORD,
    }),
  },
  'auth.me': { input: () => undefined },
  // Each principal changes its own password once, from the test password.
  'auth.changePassword': {
    input: () => ({ currentPassword: TEST_PASSWORD, newPassword: 'another long passphrase' }),
  },
  'users.list': { input: () => ({ limit: 5 }) },
  'customers.list': { input: () => ({ limit: 5 }) },
  'agents.list': { input: () => ({ status: 'PENDING', limit: 5 }) },
  'agents.approve': { input: () => agentWithStatus('PENDING') },
  'agents.reject': { input: async () => ({ ...(await agentWithStatus('PENDING')), reason: 'No licence' }) },
  'agents.suspend': { input: async () => ({ ...(await agentWithStatus('APPROVED')), reason: 'Audit' }) },
  'agents.reinstate': { input: () => agentWithStatus('SUSPENDED') },
  'loanProducts.list': { input: () => undefined },
  'loanProducts.create': {
    input: () => ({
      code: productCode(),
      name: 'Matrix loan',
      annualRatePercent: '5.00',
      minAmount: '1000',
      maxAmount: '9000',
      minTermMonths: 6,
      maxTermMonths: 24,
    }),
  },
  'loanProducts.update': { input: () => ({ code: 'EDUCATION', name: unique('Education loan ') }) },
  'loans.quote': { input: () => TERMS },
  'loans.apply': { input: () => TERMS },
  'loans.openForCustomer': { input: () => ({ customerId: principals.customer?.id, ...TERMS }) },
  'loans.forward': {
    input: newLoanOfCustomer,
    exceptions: {
      otherAgent: {
        code: 'CONFLICT',
        why: 'an agent cannot take over a loan another agent forwarded',
        input: pendingLoanOfAgent,
      },
    },
  },
  'loans.update': {
    input: async () => ({ ...(await pendingLoanOfAgent()), expectedVersion: 2, amount: '12000' }),
    exceptions: {
      otherAgent: { code: 'CONFLICT', why: 'only the agent who forwarded a PENDING loan edits it' },
    },
  },
  'loans.withdraw': { input: newLoanOfCustomer, exceptions: { otherCustomer: CUSTOMERS_OWN_LOANS_ONLY } },
  'loans.approve': { input: pendingLoanOfAgent },
  'loans.reject': { input: async () => ({ ...(await pendingLoanOfAgent()), reason: 'Too much debt' }) },
  'loans.get': { input: newLoanOfCustomer, exceptions: { otherCustomer: CUSTOMERS_OWN_LOANS_ONLY } },
  'loans.history': { input: newLoanOfCustomer, exceptions: { otherCustomer: CUSTOMERS_OWN_LOANS_ONLY } },
  'loans.list': { input: () => ({ limit: 5 }) },
};

const ruleOf = (path: string): TAccessRule | undefined =>
  (ACCESS_MATRIX as Record<string, TAccessRule>)[path];
const caseOf = (path: string): TCase | undefined => (CASES as Record<string, TCase>)[path];

/** What the matrix (and the exception table) says this principal gets from this procedure. */
function expectedOutcome(path: string, name: TPrincipalName): TErrorCode | 'OK' {
  const rule = ruleOf(path);
  if (!rule) throw new Error(`${path} has no ACCESS_MATRIX entry`);
  const principal = principals[name];
  if (rule.allow !== 'anyone') {
    if (!principal) return 'UNAUTHORIZED';
    if (!isActiveStatus(principal.status)) return 'FORBIDDEN';
    if (!isAllowed(rule, principal.role)) return 'FORBIDDEN';
  }
  return caseOf(path)?.exceptions?.[name]?.code ?? 'OK';
}

/** `caller.loans.apply(input)` would be Function.prototype.apply; `.call(null, input)` works for every path. */
function callByPath(caller: object, path: string, input: unknown): Promise<unknown> {
  const procedure = path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as {
    call(thisArg: null, input: unknown): Promise<unknown>;
  };
  return procedure.call(null, input);
}

/** Every table is versioned or append-only, so counts plus version sums reveal any write. */
const writeCounters = async () =>
  (
    await api.db
      .fork()
      .getConnection()
      .execute<Record<string, number>[]>(
        `select (select count(*) from history_entries)::int as history,
                (select count(*) from users)::int as users,
                (select coalesce(sum(version), 0) from users)::int as user_versions,
                (select count(*) from loans)::int as loans,
                (select coalesce(sum(version), 0) from loans)::int as loan_versions,
                (select count(*) from loan_products)::int as products,
                (select coalesce(sum(version), 0) from loan_products)::int as product_versions`,
      )
  )[0];

describe('coverage', () => {
  it('has an ACCESS_MATRIX entry for every procedure of the router, and none for a missing one', () => {
    const routerPaths = procedurePaths();
    const matrixPaths = Object.keys(ACCESS_MATRIX);
    expect(routerPaths.filter((path) => !matrixPaths.includes(path))).toEqual([]);
    expect(matrixPaths.filter((path) => !routerPaths.includes(path))).toEqual([]);
    expect(routerPaths.length).toBeGreaterThanOrEqual(26);
  });

  it('has a case for every procedure of the router', () => {
    expect(procedurePaths().filter((path) => !caseOf(path))).toEqual([]);
    expect(Object.keys(CASES).sort()).toEqual(procedurePaths().sort());
  });

  it('lists exceptions only for principals the matrix lets through', () => {
    for (const [path, testCase] of Object.entries(CASES) as Array<[string, TCase]>) {
      for (const name of Object.keys(testCase.exceptions ?? {}) as TPrincipalName[]) {
        const rule = ruleOf(path);
        const principal = principals[name];
        expect(rule && principal && isAllowed(rule, principal.role), `${path} × ${name}`).toBe(true);
      }
    }
  });

  it('keeps the decisions the product spec names where it names them', () => {
    const allowed = (path: TProcedurePath) => ACCESS_MATRIX[path].allow;
    expect(allowed('loans.approve')).toEqual(['admin']);
    expect(allowed('loans.reject')).toEqual(['admin']);
    expect(allowed('loans.update')).toEqual(['agent']);
    expect(allowed('loans.forward')).toEqual(['agent']);
    expect(allowed('loans.openForCustomer')).toEqual(['agent']);
    expect(allowed('loans.apply')).toEqual(['customer']);
    expect(allowed('loans.withdraw')).toEqual(['customer']);
    expect(allowed('agents.approve')).toEqual(['admin']);
    expect(allowed('users.list')).toEqual(['admin']);
    expect(allowed('loanProducts.update')).toEqual(['admin']);
    expect(allowed('loans.quote')).toBe('anyone');
  });
});

describe.each(procedurePaths())('%s', (path) => {
  it.each(PRINCIPALS)('as %s', async (name) => {
    const testCase = caseOf(path);
    if (!testCase) throw new Error(`No authorization case for ${path}: add one to CASES`);
    const expected = expectedOutcome(path, name);
    const input = await (testCase.exceptions?.[name]?.input ?? testCase.input)();

    const before = await writeCounters();
    const outcome = await callByPath(as(name), path, input).then(
      () => 'OK',
      (error: unknown) => {
        if (error instanceof TRPCError) return error.code;
        throw error;
      },
    );
    expect(outcome, `${path} as ${name}`).toBe(expected);
    // A refused request changes nothing.
    if (expected !== 'OK') expect(await writeCounters()).toEqual(before);
  });
});

describe('docs/authorization.md', () => {
  it('is exactly what scripts/generate-authorization-doc.ts writes (run `pnpm docs:authorization`)', () => {
    expect(readFileSync(AUTHORIZATION_DOC_PATH, 'utf8')).toBe(renderAuthorizationDoc());
  });

  it('has one row per procedure with its allowed roles', () => {
    const doc = renderAuthorizationDoc();
    for (const path of procedurePaths()) {
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${path}\` |`));
      expect(row, path).toBeDefined();
    }
    expect(doc).toContain('| `loans.approve` | — | — | — | ✓ | PENDING loans only |');
    expect(doc).toContain('| `loans.quote` | ✓ | ✓ | ✓ | ✓ |  |');
  });
});
