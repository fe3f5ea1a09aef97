import { readFileSync } from 'node:fs';
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUTHORIZATION_DOC_PATH, renderAuthorizationDoc } from '../scripts/generate-authorization-doc';
import type { TPrincipal } from '../src/modules/auth/principal';
import { restRouteFor } from '../src/rest/routes';
import { DEFAULT_THROTTLE } from '../src/security/config';
import { procedurePaths } from '../src/trpc/catalogue';
import { PRINCIPALS, TEST_PASSWORD, type TPrincipalName } from './support/api';
import { startTestServer, type TTestServer } from './support/http';
import { type TSignedInName, usePrincipals } from './support/principals';
import { issueToken, restRequest, restRequestForRoute } from './support/rest';

/**
 * Who may call what, written down here by hand from docs/api-contract.md — not read from the server —
 * and checked cell by cell: every procedure × every principal, over tRPC (the server-side caller) and over
 * REST (real HTTP, at the method and path written here), with valid input and a fresh fixture wherever a
 * success would consume one. A procedure whose builder changes (say `loans.approve` became a
 * `staffProcedure`) fails its cells here; a procedure added to the router without a row fails the guard.
 */

const principals = usePrincipals();
let server: TTestServer;
const tokens = new Map<string, string>();

beforeAll(async () => {
  // Throttling has its own tests; here every registration must reach the procedure.
  server = await startTestServer({
    db: principals.api.db,
    security: { throttle: { ...DEFAULT_THROTTLE, registrationsPerIp: 10_000 } },
  });
});

// ---------------------------------------------------------------------------------------------------------
// The expected table.
// ---------------------------------------------------------------------------------------------------------

/** `ok`: the call succeeded (2xx). Otherwise the HTTP status of the refusal (tRPC code over the caller). */
type TOutcome = 'ok' | 401 | 403 | 404 | 409;
const OK = 'ok';

/** A cell that differs from the row's usual input: the refusal is about a particular resource. */
interface TException {
  outcome: TOutcome;
  why: string;
  /** The fixture this principal is tried on instead of the row's input. */
  input?: () => Promise<unknown>;
}
type TCell = TOutcome | TException;

type TCells = readonly [
  anonymous: TCell,
  customer: TCell,
  otherCustomer: TCell,
  pendingAgent: TCell,
  agent: TCell,
  otherAgent: TCell,
  suspendedAgent: TCell,
  rejectedAgent: TCell,
  admin: TCell,
];

interface TRow {
  /** The REST twin under /api/v1, written here by hand. */
  rest: `${'GET' | 'POST' | 'PATCH'} /${string}`;
  /** One cell per principal, in the order of `PRINCIPALS`. */
  cells: TCells;
  /** Valid input; a fresh fixture on every call where a success would consume it. */
  input: () => Promise<unknown> | unknown;
  /** Call as a fresh account of the principal's role and status: a success ends the caller's sessions. */
  freshCaller?: boolean;
}

/** Cells the loan itself decides, for principals whose role may call the procedure. */
const NOT_THEIRS: TException = {
  outcome: 404,
  why: "another customer's loan is indistinguishable from a missing one",
};
const NOT_THEIR_AGENT: TException = {
  outcome: 403,
  why: "only admins and the loan's own agent record money on it",
};
const TAKEN_OVER: TException = {
  outcome: 409,
  why: 'an agent cannot take over a loan another agent forwarded',
  input: () => pendingLoan(),
};
const NOT_THEIR_EDIT: TException = {
  outcome: 409,
  why: 'only the agent who forwarded a PENDING loan edits it',
};

// The cells of each row, in order: anonymous, customer, otherCustomer, pendingAgent, agent (approved),
// otherAgent (approved), suspendedAgent, rejectedAgent, admin. Inactive agents are refused (403) by every procedure not open
// to anonymous callers; a role a procedure is not for is 403; no session is 401.
const EXPECTED: Record<string, TRow> = {
  'auth.registerCustomer': {
    rest: 'POST /customers',
    cells: [OK, OK, OK, OK, OK, OK, OK, OK, OK],
    input: () => registration(),
  },
  'auth.registerAgent': {
    rest: 'POST /agents',
    cells: [OK, OK, OK, OK, OK, OK, OK, OK, OK],
    input: () => registration(),
  },
  'auth.login': {
    rest: 'POST /auth/login',
    cells: [OK, OK, OK, OK, OK, OK, OK, OK, OK],
    input: async () => ({
      username: (await account('customer', 'ACTIVE')).username,
      password: TEST_PASSWORD,
    }),
  },
  'auth.me': {
    rest: 'GET /auth/me',
    cells: [401, OK, OK, 403, OK, OK, 403, 403, OK],
    input: () => undefined,
  },
  'auth.changePassword': {
    rest: 'POST /auth/change-password',
    cells: [401, OK, OK, 403, OK, OK, 403, 403, OK],
    input: () => ({ currentPassword: TEST_PASSWORD, newPassword: 'another long passphrase' }),
    freshCaller: true,
  },
  'users.list': {
    rest: 'GET /users',
    cells: [401, 403, 403, 403, 403, 403, 403, 403, OK],
    input: () => ({ limit: 5 }),
  },
  'customers.list': {
    rest: 'GET /customers',
    cells: [401, 403, 403, 403, OK, OK, 403, 403, OK],
    input: () => ({ limit: 5 }),
  },
  'agents.list': {
    rest: 'GET /agents',
    cells: [401, 403, 403, 403, 403, 403, 403, 403, OK],
    input: () => ({ status: 'PENDING', limit: 5 }),
  },
  'agents.approve': {
    rest: 'POST /agents/{agentId}/approve',
    cells: [401, 403, 403, 403, 403, 403, 403, 403, OK],
    input: async () => ({ agentId: (await account('agent', 'PENDING')).id }),
  },
  'agents.reject': {
    rest: 'POST /agents/{agentId}/reject',
    cells: [401, 403, 403, 403, 403, 403, 403, 403, OK],
    input: async () => ({ agentId: (await account('agent', 'PENDING')).id, reason: 'No licence' }),
  },
  'agents.suspend': {
    rest: 'POST /agents/{agentId}/suspend',
    cells: [401, 403, 403, 403, 403, 403, 403, 403, OK],
    input: async () => ({ agentId: (await account('agent', 'APPROVED')).id, reason: 'Audit' }),
  },
  'agents.reinstate': {
    rest: 'POST /agents/{agentId}/reinstate',
    cells: [401, 403, 403, 403, 403, 403, 403, 403, OK],
    input: async () => ({ agentId: (await account('agent', 'SUSPENDED')).id }),
  },
  'loanProducts.list': {
    rest: 'GET /loan-products',
    cells: [OK, OK, OK, OK, OK, OK, OK, OK, OK],
    input: () => undefined,
  },
  'loanProducts.create': {
    rest: 'POST /loan-products',
    cells: [401, 403, 403, 403, 403, 403, 403, 403, OK],
    input: () => ({
      code: unique('P').toUpperCase(),
      name: 'Matrix loan',
      annualRatePercent: '5.00',
      minAmount: '1000',
      maxAmount: '9000',
      minTermMonths: 6,
      maxTermMonths: 24,
    }),
  },
  'loanProducts.update': {
    rest: 'PATCH /loan-products/{code}',
    cells: [401, 403, 403, 403, 403, 403, 403, 403, OK],
    input: () => ({ code: 'EDUCATION', name: unique('Education loan ') }),
  },
  'loans.quote': {
    rest: 'GET /loans/quote',
    cells: [OK, OK, OK, OK, OK, OK, OK, OK, OK],
    input: () => TERMS,
  },
  'loans.create': {
    rest: 'POST /loans',
    cells: [401, OK, OK, 403, 403, 403, 403, 403, 403],
    input: () => TERMS,
  },
  'loans.openForCustomer': {
    rest: 'POST /customers/{customerId}/loans',
    cells: [401, 403, 403, 403, OK, OK, 403, 403, 403],
    input: () => ({ customerId: principals.user('customer').id, ...TERMS }),
  },
  'loans.forward': {
    rest: 'POST /loans/{loanId}/forward',
    cells: [401, 403, 403, 403, OK, TAKEN_OVER, 403, 403, 403],
    input: () => newLoan(),
  },
  'loans.update': {
    rest: 'PATCH /loans/{loanId}',
    cells: [401, 403, 403, 403, OK, NOT_THEIR_EDIT, 403, 403, 403],
    input: async () => ({ ...(await pendingLoan()), expectedVersion: 2, amount: '12000' }),
  },
  'loans.withdraw': {
    rest: 'POST /loans/{loanId}/withdraw',
    cells: [401, OK, NOT_THEIRS, 403, 403, 403, 403, 403, 403],
    input: () => newLoan(),
  },
  'loans.approve': {
    rest: 'POST /loans/{loanId}/approve',
    cells: [401, 403, 403, 403, 403, 403, 403, 403, OK],
    input: () => pendingLoan(),
  },
  'loans.reject': {
    rest: 'POST /loans/{loanId}/reject',
    cells: [401, 403, 403, 403, 403, 403, 403, 403, OK],
    input: async () => ({ ...(await pendingLoan()), reason: 'Too much debt' }),
  },
  'loans.get': {
    rest: 'GET /loans/{loanId}',
    cells: [401, OK, NOT_THEIRS, 403, OK, OK, 403, 403, OK],
    input: () => sharedNewLoan(),
  },
  'loans.history': {
    rest: 'GET /loans/{loanId}/history',
    cells: [401, OK, NOT_THEIRS, 403, OK, OK, 403, 403, OK],
    input: () => sharedNewLoan(),
  },
  'loans.list': {
    rest: 'GET /loans',
    cells: [401, OK, OK, 403, OK, OK, 403, 403, OK],
    input: () => ({ limit: 5 }),
  },
  'loans.disburse': {
    rest: 'POST /loans/{loanId}/disburse',
    cells: [401, 403, 403, 403, 403, 403, 403, 403, OK],
    input: () => approvedLoan(),
  },
  'loans.repay': {
    rest: 'POST /loans/{loanId}/repayments',
    cells: [401, 403, 403, 403, OK, NOT_THEIR_AGENT, 403, 403, OK],
    input: async () => ({ ...(await activeLoan()), amount: '100.00', idempotencyKey: key() }),
  },
  'loans.prepay': {
    rest: 'POST /loans/{loanId}/prepayments',
    cells: [401, 403, 403, 403, OK, NOT_THEIR_AGENT, 403, 403, OK],
    input: async () => ({ ...(await activeLoan()), amount: '500.00', reduce: 'TERM', idempotencyKey: key() }),
  },
  'loans.payoffQuote': {
    rest: 'GET /loans/{loanId}/payoff-quote',
    cells: [401, OK, NOT_THEIRS, 403, OK, OK, 403, 403, OK],
    input: () => sharedActiveLoan(),
  },
  'loans.payoff': {
    rest: 'POST /loans/{loanId}/payoff',
    cells: [401, 403, 403, 403, OK, NOT_THEIR_AGENT, 403, 403, OK],
    input: async () => {
      const loan = await activeLoan();
      const { total } = await principals.as('admin').loans.payoffQuote(loan);
      return { ...loan, amount: total, idempotencyKey: key() };
    },
  },
  'loans.reverseTransaction': {
    rest: 'POST /loans/{loanId}/transactions/{transactionId}/reverse',
    cells: [401, 403, 403, 403, 403, 403, 403, 403, OK],
    input: async () => {
      const loan = await activeLoan();
      const repayment = await principals
        .as('admin')
        .loans.repay({ ...loan, amount: '100.00', idempotencyKey: key() });
      return { ...loan, transactionId: repayment.id, reason: 'Cheque bounced' };
    },
  },
  'loans.writeOff': {
    rest: 'POST /loans/{loanId}/write-off',
    cells: [401, 403, 403, 403, 403, 403, 403, 403, OK],
    input: async () => ({ ...(await activeLoan()), reason: 'Borrower untraceable' }),
  },
  'loans.position': {
    rest: 'GET /loans/{loanId}/position',
    cells: [401, OK, NOT_THEIRS, 403, OK, OK, 403, 403, OK],
    input: () => sharedActiveLoan(),
  },
  'loans.transactions': {
    rest: 'GET /loans/{loanId}/transactions',
    cells: [401, OK, NOT_THEIRS, 403, OK, OK, 403, 403, OK],
    input: () => sharedActiveLoan(),
  },
  'portfolio.summary': {
    rest: 'GET /portfolio/summary',
    cells: [401, 403, 403, 403, OK, OK, 403, 403, OK],
    input: () => ({}),
  },
};

// ---------------------------------------------------------------------------------------------------------
// Fixtures. Every loan belongs to `customer`; `agent` forwarded it from PENDING on.
// ---------------------------------------------------------------------------------------------------------

const TERMS = { productCode: 'HOME', amount: '10000', termMonths: 12 } as const;

let counter = 0;
const unique = (prefix: string) => `${prefix}${++counter}${crypto.randomUUID().slice(0, 6)}`;
const key = () => `authz-${crypto.randomUUID()}`;
const registration = () => {
  const username = unique('user');
  return { username, password: TEST_PASSWORD, email: `${username}@example.com` };
};
const account = (role: TPrincipal['role'], status: TPrincipal['status']) =>
  principals.api.createAccount(role, status);

/** A NEW loan of `customer`. */
const newLoan = async () => ({ loanId: (await principals.as('customer').loans.create(TERMS)).id });
/** A loan of `customer` that `agent` forwarded (PENDING, version 2). */
const pendingLoan = async () => {
  const { loanId } = await newLoan();
  await principals.as('agent').loans.forward({ loanId });
  return { loanId };
};
const approvedLoan = async () => {
  const { loanId } = await pendingLoan();
  await principals.as('admin').loans.approve({ loanId });
  return { loanId };
};
/** Disbursed today (ACTIVE), `agent` its agent. */
const activeLoan = async () => {
  const { loanId } = await approvedLoan();
  await principals.as('admin').loans.disburse({ loanId });
  return { loanId };
};
/** One fixture for all the reads of a kind (they change nothing). */
const once = <T>(make: () => Promise<T>) => {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make();
    return made;
  };
};
const sharedNewLoan = once(newLoan);
const sharedActiveLoan = once(activeLoan);

// ---------------------------------------------------------------------------------------------------------
// Running a cell.
// ---------------------------------------------------------------------------------------------------------

const cellOf = (path: string, name: TPrincipalName): TException => {
  const row = EXPECTED[path];
  if (!row) throw new Error(`No row for ${path}: add one to EXPECTED`);
  const cell = row.cells[PRINCIPALS.indexOf(name)];
  if (cell === undefined) throw new Error(`${path} has no cell for ${name}`);
  return typeof cell === 'object' ? cell : { outcome: cell, why: '' };
};

/** The caller of a cell: the principal, or a fresh account of its role and status (`freshCaller`). */
async function callerFor(row: TRow, name: TPrincipalName): Promise<TPrincipal | null> {
  const principal = principals.principal(name);
  if (!principal || !row.freshCaller) return principal;
  return principals.api.createAccount(principal.role, principal.status);
}

async function tokenOf(principal: TPrincipal | null): Promise<string | undefined> {
  if (!principal) return undefined;
  let token = tokens.get(principal.id);
  if (!token) {
    // Inactive accounts cannot sign in: a token issued earlier is what they would still hold.
    token = await issueToken(principal);
    tokens.set(principal.id, token);
  }
  return token;
}

const TRPC_STATUS: Record<string, TOutcome> = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

/** Over tRPC: the server-side caller, as one request of this principal. */
async function overTrpc(path: string, principal: TPrincipal | null, input: unknown): Promise<string> {
  const procedure = path
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], principals.api.as(principal));
  try {
    await (procedure as (input: unknown) => Promise<unknown>)(input);
    return OK;
  } catch (error) {
    if (error instanceof TRPCError)
      return String(TRPC_STATUS[error.code] ?? `${error.code}: ${error.message}`);
    throw error;
  }
}

/** Over REST: real HTTP at the method and path of the row. */
async function overRest(row: TRow, principal: TPrincipal | null, input: unknown): Promise<string> {
  const [method = '', path = ''] = row.rest.split(' ');
  const request = restRequestForRoute({ method, path }, (input ?? {}) as Record<string, unknown>);
  const token = await tokenOf(principal);
  const response = await restRequest(server.baseUrl, request.method, request.path, {
    ...(token ? { token } : {}),
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  if (response.status < 300) return OK;
  const body = response.body as { code?: string; message?: string; reason?: string } | undefined;
  if (response.status === 404 && body?.message?.startsWith('No route')) return `no route ${row.rest}`;
  if (
    response.status === 403 &&
    principal &&
    principal.status !== 'ACTIVE' &&
    principal.status !== 'APPROVED'
  ) {
    // An inactive account is told why, whatever the procedure.
    expect(body?.reason, `${row.rest} as a ${principal.status} ${principal.role}`).toBe(
      `ACCOUNT_${principal.status}`,
    );
  }
  return [401, 403, 404, 409].includes(response.status)
    ? String(response.status)
    : `${response.status} ${JSON.stringify(body)}`;
}

/** Every table is versioned or append-only, so counts plus version sums reveal any write. */
const writeCounters = async () =>
  (
    await principals.api.db
      .fork()
      .getConnection()
      .execute<Record<string, number>[]>(
        `select (select count(*) from history_entries)::int as history,
                (select count(*) from users)::int as users,
                (select coalesce(sum(version), 0) from users)::int as user_versions,
                (select count(*) from loans)::int as loans,
                (select coalesce(sum(version), 0) from loans)::int as loan_versions,
                (select count(*) from loan_products)::int as products,
                (select coalesce(sum(version), 0) from loan_products)::int as product_versions,
                (select count(*) from loan_transactions)::int as transactions`,
      )
  )[0];

// ---------------------------------------------------------------------------------------------------------
// The tests.
// ---------------------------------------------------------------------------------------------------------

describe('the expected table', () => {
  it('has a row for every procedure of the router, and none for a procedure it does not have', () => {
    const router = [...procedurePaths()].sort();
    const table = Object.keys(EXPECTED).sort();
    expect(
      router.filter((path) => !table.includes(path)),
      'procedures without a row',
    ).toEqual([]);
    expect(
      table.filter((path) => !router.includes(path)),
      'rows without a procedure',
    ).toEqual([]);
  });

  it('matches the REST route each procedure declares', () => {
    for (const [path, row] of Object.entries(EXPECTED)) {
      const route = restRouteFor(path);
      expect(route && `${route.method} ${route.path}`, path).toBe(row.rest);
    }
  });

  it('refuses inactive agents and anonymous callers everywhere but the public procedures', () => {
    for (const [path, { cells }] of Object.entries(EXPECTED)) {
      const isPublic = cells[0] === OK;
      for (const name of ['pendingAgent', 'suspendedAgent', 'rejectedAgent'] as const) {
        expect(cellOf(path, name).outcome, `${path} × ${name}`).toBe(isPublic ? OK : 403);
      }
      if (!isPublic) expect(cells[0], path).toBe(401);
    }
  });
});

describe.each(Object.keys(EXPECTED))('%s', (path) => {
  it.each(PRINCIPALS)('as %s, over tRPC and REST', async (name) => {
    const row = EXPECTED[path];
    if (!row) throw new Error(`No row for ${path}`);
    const cell = cellOf(path, name);
    const input = cell.input ?? row.input;
    const outcomes: Record<string, string> = {};
    for (const transport of ['trpc', 'rest'] as const) {
      const caller = await callerFor(row, name);
      const given = await input();
      const before = await writeCounters();
      outcomes[transport] =
        transport === 'trpc' ? await overTrpc(path, caller, given) : await overRest(row, caller, given);
      // A refused request changes nothing.
      if (cell.outcome !== OK) expect(await writeCounters(), `${transport}: a refusal wrote`).toEqual(before);
    }
    const expected = String(cell.outcome);
    expect(outcomes, cell.why).toEqual({ trpc: expected, rest: expected });
  });
});

describe('docs/authorization.md', () => {
  it('is exactly what scripts/generate-authorization-doc.ts writes (run `pnpm docs:authorization`)', () => {
    expect(readFileSync(AUTHORIZATION_DOC_PATH, 'utf8')).toBe(renderAuthorizationDoc());
  });

  it('marks for each role what the expected table says', () => {
    const lines = renderAuthorizationDoc().split('\n');
    const COLUMNS: ReadonlyArray<[column: number, principal: TPrincipalName]> = [
      [0, 'anonymous'],
      [1, 'customer'],
      [2, 'agent'],
      [3, 'admin'],
    ];
    for (const path of Object.keys(EXPECTED)) {
      const row = lines.find((line) => line.startsWith(`| \`${path}\` |`));
      expect(row, path).toBeDefined();
      const marks = row?.split(' | ').slice(1, 5);
      const expected = COLUMNS.map(([, name]) => {
        const { outcome } = cellOf(path, name);
        // 401/403 refuse the role; 404/409 are the loan's own rules on a role that may call.
        return outcome === 401 || (outcome === 403 && !isResourceRule(path, name)) ? '—' : '✓';
      });
      expect(marks, path).toEqual(expected);
    }
  });
});

/** A 403 that an exception declares is the resource's rule, not the role's (a loan's own agent). */
const isResourceRule = (path: string, name: TSignedInName | 'anonymous') => {
  const cell = EXPECTED[path]?.cells[PRINCIPALS.indexOf(name)];
  return typeof cell === 'object';
};
