import type { TRole, TUserStatus } from '@loanbook/domain/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/modules/auth/password';
import { User } from '../src/modules/users/user.entity';
import { TEST_PASSWORD } from './support/api';
import { startTestServer, type TTestServer, type TTrpcResponse } from './support/http';

/**
 * Bad input to every loan and loan-product mutation (and the quote), over real HTTP: 400 with field errors
 * naming the field, never a 500, and the database exactly as it was (row counts and contents).
 * Every case changes one field of an input that succeeds as is (see "valid inputs" at the end).
 */

let server: TTestServer;
const tokens = { customer: '', agent: '', otherAgent: '', admin: '' };
const ids = { customer: '', agent: '', newLoan: '', pendingLoan: '' };

type TCaller = keyof typeof tokens;

async function createAccount(role: TRole, status: TUserStatus, username: string) {
  const em = server.db.fork();
  const user = em.create(User, {
    username,
    email: `${username}@example.com`,
    phone: null,
    passwordHash: await hashPassword(TEST_PASSWORD),
    role,
    status,
    statusReason: null,
  });
  await em.flush();
  const login = await server.mutate('auth.login', { username, password: TEST_PASSWORD });
  expect(login.status).toBe(200);
  return { id: user.id, token: (login.data as { token: string }).token };
}

const data = <T>(response: TTrpcResponse): T => {
  if (response.status !== 200) throw new Error(`${response.status}: ${JSON.stringify(response.error)}`);
  return response.data as T;
};

const HOME = { productCode: 'HOME', amount: '10000', termMonths: 12 };

beforeAll(async () => {
  server = await startTestServer();
  const customer = await createAccount('customer', 'ACTIVE', 'bad_input_customer');
  const agent = await createAccount('agent', 'APPROVED', 'bad_input_agent');
  const otherAgent = await createAccount('agent', 'APPROVED', 'bad_input_other_agent');
  const admin = await createAccount('admin', 'ACTIVE', 'bad_input_admin');
  Object.assign(tokens, {
    customer: customer.token,
    agent: agent.token,
    otherAgent: otherAgent.token,
    admin: admin.token,
  });
  ids.customer = customer.id;
  ids.agent = agent.id;
  ids.newLoan = data<{ id: string }>(await server.mutate('loans.create', HOME, tokens.customer)).id;
  const pending = data<{ id: string }>(await server.mutate('loans.create', HOME, tokens.customer));
  data(await server.mutate('loans.forward', { loanId: pending.id }, tokens.agent));
  ids.pendingLoan = pending.id;
});
afterAll(() => server?.close());

/** Row counts and a digest of every row of the tables a loan or product mutation could touch. */
async function databaseState() {
  const [state] = await server.db
    .fork()
    .getConnection()
    .execute<Record<string, unknown>[]>(
      `select (select count(*) from loans)::int as loans,
              (select count(*) from history_entries)::int as history,
              (select count(*) from loan_products)::int as products,
              (select count(*) from users)::int as users,
              (select md5(coalesce(string_agg(l::text, '|' order by l.id), '')) from loans l) as loans_digest,
              (select md5(string_agg(p::text, '|' order by p.code)) from loan_products p) as products_digest`,
    );
  return state;
}

interface TProcedure {
  path: string;
  kind: 'query' | 'mutation';
  caller: TCaller;
  /** An input that succeeds (the last test proves it); each case replaces or removes one field. */
  valid: () => Record<string, unknown>;
}

const PROCEDURES = {
  quote: { path: 'loans.quote', kind: 'query', caller: 'customer', valid: () => ({ ...HOME }) },
  apply: { path: 'loans.create', kind: 'mutation', caller: 'customer', valid: () => ({ ...HOME }) },
  openForCustomer: {
    path: 'loans.openForCustomer',
    kind: 'mutation',
    caller: 'agent',
    valid: () => ({ customerId: ids.customer, ...HOME }),
  },
  update: {
    path: 'loans.update',
    kind: 'mutation',
    caller: 'agent',
    valid: () => ({ loanId: ids.newLoan, expectedVersion: 1, amount: '11000' }),
  },
  forward: {
    path: 'loans.forward',
    kind: 'mutation',
    caller: 'agent',
    valid: () => ({ loanId: ids.newLoan }),
  },
  withdraw: {
    path: 'loans.withdraw',
    kind: 'mutation',
    caller: 'customer',
    valid: () => ({ loanId: ids.newLoan }),
  },
  approve: {
    path: 'loans.approve',
    kind: 'mutation',
    caller: 'admin',
    valid: () => ({ loanId: ids.pendingLoan }),
  },
  reject: {
    path: 'loans.reject',
    kind: 'mutation',
    caller: 'admin',
    valid: () => ({ loanId: ids.pendingLoan, reason: 'Income could not be verified' }),
  },
  createProduct: {
    path: 'loanProducts.create',
    kind: 'mutation',
    caller: 'admin',
    valid: () => ({
      code: 'BOAT',
      name: 'Boat loan',
      annualRatePercent: '8.50',
      minAmount: '1000',
      maxAmount: '80000',
      minTermMonths: 12,
      maxTermMonths: 120,
    }),
  },
  updateProduct: {
    path: 'loanProducts.update',
    kind: 'mutation',
    caller: 'admin',
    valid: () => ({ code: 'PERSONAL', annualRatePercent: '11.25', maxAmount: '60000' }),
  },
} satisfies Record<string, TProcedure>;

type TProcedureName = keyof typeof PROCEDURES;

const call = (procedure: TProcedure, input: unknown) => {
  const token = tokens[procedure.caller];
  return procedure.kind === 'query'
    ? server.query(procedure.path, input, token)
    : server.mutate(procedure.path, input, token);
};

const REMOVE = Symbol('remove the field');

/** [procedure, field, bad value (or REMOVE), field the error must name (default: field)]. */
type TCase = [TProcedureName, string, unknown, string?];

const BAD_AMOUNTS: Array<[string, unknown]> = [
  ['zero', 0],
  ['"0"', '0'],
  ['"0.00"', '0.00'],
  ['negative', -100],
  ['"-100.00"', '-100.00'],
  ['"-0"', '-0'],
  ['over-precise 1.005', 1.005],
  ['over-precise "1000.005"', '1000.005'],
  ['huge 1e13', 1e13],
  ['huge "10000000000000"', '10000000000000'],
  ['exponent "1e5"', '1e5'],
  ['"NaN"', 'NaN'],
  ['"Infinity"', 'Infinity'],
  ['words', 'ten thousand'],
  ['empty string', ''],
  ['padded " 100 "', ' 100 '],
  ['thousands separator "10,000"', '10,000'],
  ['hex "0x10"', '0x10'],
  ['an object', { value: 10000 }],
  ['an array', [10000]],
  ['a boolean', true],
  ['null', null],
];

const BAD_RATES: Array<[string, unknown]> = [
  ['negative', -1],
  ['"-0.01"', '-0.01'],
  ['above 100', '100.001'],
  ['101', 101],
  ['four decimals', '6.9999'],
  ['words', 'six'],
  ['"NaN"', 'NaN'],
  ['exponent', '1e1'],
  ['an object', { percent: 6.9 }],
  ['null', null],
  ['empty string', ''],
];

const BAD_TERMS: Array<[string, unknown]> = [
  ['zero', 0],
  ['negative', -12],
  ['fractional', 12.5],
  ['a string', '12'],
  ['above 600', 601],
  ['huge', 1e9],
  ['null', null],
  ['a boolean', true],
];

const BAD_PRODUCT_CODES: Array<[string, unknown]> = [
  ['unknown', 'NOPE'],
  ['lower case', 'home'],
  ['one letter', 'H'],
  ['empty', ''],
  ['a number', 42],
  ['null', null],
];

const BAD_IDS: Array<[string, unknown]> = [
  ['not a uuid', 'loan-1'],
  ['empty', ''],
  ['a number', 42],
  ['null', null],
  ['an object', { id: 'x' }],
  ['missing', REMOVE],
];

const cases = (
  procedures: TProcedureName[],
  field: string,
  values: Array<[string, unknown]>,
  errorField = field,
): Array<[string, ...TCase]> =>
  procedures.flatMap((procedure) =>
    values.map(([label, value]): [string, ...TCase] => [
      `${PROCEDURES[procedure].path} ${field} = ${label}`,
      procedure,
      field,
      value,
      errorField,
    ]),
  );

const withinLimits = (procedure: TProcedureName, field: string, value: unknown): [string, ...TCase] => [
  `${PROCEDURES[procedure].path} ${field} = ${JSON.stringify(value)} (outside the product limits)`,
  procedure,
  field,
  value,
  field,
];

const LOAN_TERMS: TProcedureName[] = ['quote', 'apply', 'openForCustomer'];

const CASES: Array<[string, ...TCase]> = [
  // Money.
  ...cases([...LOAN_TERMS, 'update'], 'amount', BAD_AMOUNTS),
  ...cases(['createProduct', 'updateProduct'], 'minAmount', BAD_AMOUNTS),
  ...cases(['createProduct', 'updateProduct'], 'maxAmount', BAD_AMOUNTS),
  ...cases(['createProduct', 'updateProduct'], 'annualRatePercent', BAD_RATES),
  // Terms.
  ...cases([...LOAN_TERMS, 'update'], 'termMonths', BAD_TERMS),
  ...cases(['createProduct', 'updateProduct'], 'minTermMonths', BAD_TERMS),
  ...cases(['createProduct', 'updateProduct'], 'maxTermMonths', BAD_TERMS),
  // The product's own limits (HOME: 10,000–2,000,000, 12–360 months).
  ...LOAN_TERMS.flatMap((procedure) => [
    withinLimits(procedure, 'amount', '9999.99'),
    withinLimits(procedure, 'amount', '2000000.01'),
    withinLimits(procedure, 'termMonths', 11),
    withinLimits(procedure, 'termMonths', 361),
  ]),
  withinLimits('update', 'termMonths', 361),
  withinLimits('update', 'amount', '2000000.01'),
  // Products.
  ...cases([...LOAN_TERMS, 'update'], 'productCode', BAD_PRODUCT_CODES),
  ...cases(
    ['createProduct'],
    'code',
    BAD_PRODUCT_CODES.filter(([label]) => label !== 'unknown'),
  ),
  ...cases(['createProduct'], 'code', [['too long', 'A'.repeat(21)]]),
  ...cases(['createProduct', 'updateProduct'], 'name', [
    ['empty', ''],
    ['blank', '   '],
    ['too long', 'n'.repeat(81)],
    ['a number', 7],
  ]),
  ...cases(['updateProduct'], 'active', [
    ['a string', 'yes'],
    ['a number', 0],
  ]),
  // Ids.
  ...cases(['update', 'forward', 'withdraw', 'approve', 'reject'], 'loanId', BAD_IDS),
  ...cases(['openForCustomer'], 'customerId', [
    ...BAD_IDS,
    ['a customer that does not exist', '00000000-0000-4000-8000-000000000000'],
    ['an agent, not a customer', 'AGENT_ID'],
  ]),
  // Versions.
  ...cases(['update'], 'expectedVersion', [
    ['zero', 0],
    ['negative', -1],
    ['fractional', 1.5],
    ['a string', '1'],
    ['null', null],
    ['missing', REMOVE],
  ]),
  // Reasons.
  ...cases(['reject'], 'reason', [
    ['missing', REMOVE],
    ['empty', ''],
    ['blank', '   '],
    ['too long', 'r'.repeat(501)],
    ['a number', 42],
  ]),
  // Fields nobody may send.
  ...cases(['apply'], 'status', [['an extra field', 'APPROVED']]),
  ...cases(['apply'], 'customerId', [['an extra field', '00000000-0000-4000-8000-000000000000']]),
  ...cases(['apply', 'quote'], 'annualRatePercent', [['an extra field', '0.01']]),
  ...cases(['update'], 'annualRatePercent', [['an extra field', '0.01']]),
  ...cases(['update'], 'version', [['an extra field', 7]]),
  ...cases(['forward'], 'agentId', [['an extra field', '00000000-0000-4000-8000-000000000000']]),
  ...cases(['withdraw'], 'force', [['an extra field', true]]),
  ...cases(['approve'], 'reason', [['an extra field', 'fine']]),
  ...cases(['reject'], 'decidedBy', [['an extra field', 'someone']]),
  ...cases(['createProduct'], 'active', [['an extra field', false]]),
  ...cases(['updateProduct'], 'version', [['an extra field', 9]]),
  // Missing required fields.
  ...cases(LOAN_TERMS, 'productCode', [['missing', REMOVE]]),
  ...cases(LOAN_TERMS, 'amount', [['missing', REMOVE]]),
  ...cases(LOAN_TERMS, 'termMonths', [['missing', REMOVE]]),
  ...cases(['createProduct'], 'maxAmount', [['missing', REMOVE]]),
  ...cases(['updateProduct'], 'code', [['missing', REMOVE]]),
];

function inputWith(procedure: TProcedureName, field: string, value: unknown) {
  const input: Record<string, unknown> = { ...PROCEDURES[procedure].valid() };
  if (value === REMOVE) {
    delete input[field];
  } else {
    input[field] = value === 'AGENT_ID' ? ids.agent : value;
  }
  return input;
}

async function expectRefusedUnchanged(response: Promise<TTrpcResponse>, status: number, field?: string) {
  const before = await databaseState();
  const { status: actual, error } = await response;
  expect(actual).toBe(status);
  if (field) {
    expect(error?.data.code).toBe('BAD_REQUEST');
    expect(Object.keys(error?.data.fieldErrors ?? {})).toContain(field);
    expect(error?.data.fieldErrors?.[field]?.every((message) => message.length > 0)).toBe(true);
  }
  expect(await databaseState()).toEqual(before);
}

describe('bad input is a 400 naming the field and changes nothing', () => {
  it.each(CASES)('%s', async (_label, procedure, field, value, errorField) => {
    const before = await databaseState();
    const response = await call(PROCEDURES[procedure], inputWith(procedure, field, value));
    expect(response.status, JSON.stringify(response.error)).toBe(400);
    expect(response.error?.data.code).toBe('BAD_REQUEST');
    expect(Object.keys(response.error?.data.fieldErrors ?? {})).toContain(errorField ?? field);
    expect(await databaseState()).toEqual(before);
  });

  it('refuses an edit that changes nothing, on the amount field', async () => {
    await expectRefusedUnchanged(
      server.mutate('loans.update', { loanId: ids.newLoan, expectedVersion: 1 }, tokens.agent),
      400,
      'amount',
    );
  });

  it.each([
    ['null', null],
    ['an array', [HOME]],
    ['a string', 'HOME 10000 12'],
    ['a number', 10000],
  ])('refuses an input that is %s', async (_label, input) => {
    await expectRefusedUnchanged(server.mutate('loans.create', input, tokens.customer), 400);
  });

  it('refuses product limits that cross (min > max) on create and on the merged update', async () => {
    const create = { ...PROCEDURES.createProduct.valid(), minAmount: '90000', maxAmount: '80000' };
    await expectRefusedUnchanged(
      server.mutate('loanProducts.create', create, tokens.admin),
      400,
      'maxAmount',
    );
    const terms = { ...PROCEDURES.createProduct.valid(), minTermMonths: 24, maxTermMonths: 12 };
    await expectRefusedUnchanged(
      server.mutate('loanProducts.create', terms, tokens.admin),
      400,
      'maxTermMonths',
    );
    // PERSONAL allows 500–50,000: a new minimum above the stored maximum crosses them.
    await expectRefusedUnchanged(
      server.mutate('loanProducts.update', { code: 'PERSONAL', minAmount: '50000.01' }, tokens.admin),
      400,
      'maxAmount',
    );
    await expectRefusedUnchanged(
      server.mutate('loanProducts.update', { code: 'PERSONAL', maxTermMonths: 5 }, tokens.admin),
      400,
      'maxTermMonths',
    );
  });
});

describe('every invalid field in one round', () => {
  // HOME lends 10,000–2,000,000 over 12–360 months: a term of 0 fails the schema, an amount of
  // 5,000,000 the product's limit. Both are reported together, so a form is fixed in one go.
  const bothWrong = { productCode: 'HOME', amount: '5000000', termMonths: 0 };

  it.each([
    ['loans.quote', 'customer'],
    ['loans.create', 'customer'],
  ] as const)('%s reports a bad term and an out-of-limit amount together', async (path, caller) => {
    const before = await databaseState();
    const response =
      path === 'loans.quote'
        ? await server.query(path, bothWrong)
        : await server.mutate(path, bothWrong, tokens[caller]);
    expect(response.status, JSON.stringify(response.error)).toBe(400);
    expect(Object.keys(response.error?.data.fieldErrors ?? {}).sort()).toEqual(['amount', 'termMonths']);
    expect(response.error?.data.fieldErrors?.amount?.[0]).toMatch(/between/);
    expect(await databaseState()).toEqual(before);
  });

  it('loans.openForCustomer reports an unknown customer with the terms outside the limits', async () => {
    const missing = '7b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    const before = await databaseState();
    const unknown = await server.mutate(
      'loans.openForCustomer',
      { ...bothWrong, termMonths: 12, customerId: missing },
      tokens.agent,
    );
    expect(unknown.status).toBe(400);
    expect(Object.keys(unknown.error?.data.fieldErrors ?? {}).sort()).toEqual(['amount', 'customerId']);
    const illFormed = await server.mutate(
      'loans.openForCustomer',
      { ...bothWrong, customerId: 'x' },
      tokens.agent,
    );
    expect(Object.keys(illFormed.error?.data.fieldErrors ?? {}).sort()).toEqual([
      'amount',
      'customerId',
      'termMonths',
    ]);
    expect(await databaseState()).toEqual(before);
  });

  it('over REST too, and an unknown product is still the one error of its field', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/loans`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.customer}` },
      body: JSON.stringify(bothWrong),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { fieldErrors: Record<string, string[]> };
    expect(Object.keys(body.fieldErrors).sort()).toEqual(['amount', 'termMonths']);
    const unknownProduct = await server.query('loans.quote', { ...bothWrong, productCode: 'NOSUCH' });
    expect(Object.keys(unknownProduct.error?.data.fieldErrors ?? {}).sort()).toEqual([
      'productCode',
      'termMonths',
    ]);
  });
});

describe('unknown ids', () => {
  const missing = '7b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

  it.each([
    ['loans.forward', { loanId: missing }, 'agent'],
    ['loans.update', { loanId: missing, expectedVersion: 1, amount: '11000' }, 'agent'],
    ['loans.withdraw', { loanId: missing }, 'customer'],
    ['loans.approve', { loanId: missing }, 'admin'],
    ['loans.reject', { loanId: missing, reason: 'no' }, 'admin'],
    ['loanProducts.update', { code: 'NOSUCH', name: 'Nothing' }, 'admin'],
  ] as const)('%s of something that does not exist is 404', async (path, input, caller) => {
    await expectRefusedUnchanged(server.mutate(path, input, tokens[caller]), 404);
  });

  it.each([
    ['loans.get', { loanId: missing }],
    ['loans.history', { loanId: missing }],
  ])('%s of a loan that does not exist is 404, of an ill-formed id 400', async (path, input) => {
    expect((await server.query(path, input, tokens.admin)).status).toBe(404);
    const bad = await server.query(path, { loanId: 'x' }, tokens.admin);
    expect(bad.status).toBe(400);
    expect(bad.error?.data.fieldErrors).toHaveProperty('loanId');
  });
});

describe('valid inputs', () => {
  // Proves every case above was refused for its one bad field: the unmodified inputs succeed.
  it.each(Object.keys(PROCEDURES) as TProcedureName[])('%s succeeds with its valid input', async (name) => {
    const procedure = PROCEDURES[name];
    if (name === 'forward' || name === 'withdraw' || name === 'update') {
      ids.newLoan = data<{ id: string }>(await server.mutate('loans.create', HOME, tokens.customer)).id;
    }
    if (name === 'approve' || name === 'reject') {
      const loan = data<{ id: string }>(await server.mutate('loans.create', HOME, tokens.customer));
      data(await server.mutate('loans.forward', { loanId: loan.id }, tokens.agent));
      ids.pendingLoan = loan.id;
    }
    const response = await call(procedure, procedure.valid());
    expect(response.status, JSON.stringify(response.error)).toBe(200);
  });
});
