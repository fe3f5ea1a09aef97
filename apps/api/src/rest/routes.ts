import type { TProcedurePath } from '@loanbook/domain/authorization';

export type THttpMethod = 'GET' | 'POST' | 'PATCH';

/** How one tRPC procedure is reached over REST under `/api/v1`. */
export interface TRestRoute {
  /** GET for queries only: a state change is never reachable over GET. */
  method: THttpMethod;
  /** OpenAPI-style path; each `{name}` is a field of the procedure's input. */
  path: string;
  successStatus: 200 | 201;
  summary: string;
  tag: TRestTag;
  /** A valid input of the procedure; the OpenAPI document shows it split into path, query and body. */
  example?: Record<string, unknown>;
  /** Error statuses the operation documents, when the defaults derived from the route do not fit. */
  errorStatuses?: readonly number[];
}

export const REST_TAGS = {
  auth: 'Sign-up, sign-in and the current session',
  accounts: 'Customers, agents and the agent approval workflow (staff only)',
  'loan products': 'Loan types with their rates and limits',
  loans: 'Quotes, applications and the loan lifecycle',
} as const;
export type TRestTag = keyof typeof REST_TAGS;

const LOAN_ID = '6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
const AGENT_ID = '2d7e9f10-4a5b-4c6d-9e8f-1a2b3c4d5e6f';
const CUSTOMER_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

/**
 * The one REST route table: every procedure of the app router has exactly one entry, and the server
 * refuses to start otherwise (see `assertRoutesCoverRouter`). Paths are resources and methods are
 * HTTP's: queries are GET with their input in the path and query string; mutations are POST (actions,
 * creations) or PATCH (partial updates) with a JSON body. Keyed by `TProcedurePath`, so a procedure added
 * to the authorization matrix without a route does not compile either.
 */
export const REST_ROUTES = {
  'auth.registerCustomer': {
    method: 'POST',
    path: '/customers',
    successStatus: 201,
    summary: 'Sign up as a customer',
    tag: 'auth',
    example: { username: 'alice', password: 'correct horse battery', email: 'alice@example.com' },
    errorStatuses: [400, 409, 429, 503],
  },
  'auth.registerAgent': {
    method: 'POST',
    path: '/agents',
    successStatus: 201,
    summary: 'Apply as an agent (starts PENDING until an admin approves)',
    tag: 'auth',
    example: {
      username: 'bob.agent',
      password: 'correct horse battery',
      email: 'bob@example.com',
      phone: '+44 20 7946 0000',
    },
    errorStatuses: [400, 409, 429, 503],
  },
  'auth.login': {
    method: 'POST',
    path: '/auth/login',
    successStatus: 200,
    summary: 'Sign in: returns a bearer token valid for one hour',
    tag: 'auth',
    example: { username: 'alice', password: 'correct horse battery' },
    errorStatuses: [400, 401, 403, 429, 503],
  },
  'auth.me': {
    method: 'GET',
    path: '/auth/me',
    successStatus: 200,
    summary: 'The signed-in account',
    tag: 'auth',
  },
  'auth.changePassword': {
    method: 'POST',
    path: '/auth/change-password',
    successStatus: 200,
    summary: 'Change your password (ends every session issued before)',
    tag: 'auth',
    example: { currentPassword: 'correct horse battery', newPassword: 'a new long passphrase' },
  },
  'users.list': {
    method: 'GET',
    path: '/users',
    successStatus: 200,
    summary: 'All accounts, optionally of one role',
    tag: 'accounts',
    example: { role: 'agent', limit: 20 },
  },
  'customers.list': {
    method: 'GET',
    path: '/customers',
    successStatus: 200,
    summary: 'Customers, optionally matching a search',
    tag: 'accounts',
    example: { search: 'ali', limit: 20 },
  },
  'agents.list': {
    method: 'GET',
    path: '/agents',
    successStatus: 200,
    summary: 'Agents, optionally in one status (PENDING: the applications)',
    tag: 'accounts',
    example: { status: 'PENDING' },
  },
  'agents.approve': {
    method: 'POST',
    path: '/agents/{agentId}/approve',
    successStatus: 200,
    summary: 'Approve an agent application',
    tag: 'accounts',
    example: { agentId: AGENT_ID },
  },
  'agents.reject': {
    method: 'POST',
    path: '/agents/{agentId}/reject',
    successStatus: 200,
    summary: 'Reject an agent application',
    tag: 'accounts',
    example: { agentId: AGENT_ID, reason: 'Could not verify the licence number' },
  },
  'agents.suspend': {
    method: 'POST',
    path: '/agents/{agentId}/suspend',
    successStatus: 200,
    summary: 'Suspend an agent (their sessions end at once)',
    tag: 'accounts',
    example: { agentId: AGENT_ID, reason: 'Under review' },
  },
  'agents.reinstate': {
    method: 'POST',
    path: '/agents/{agentId}/reinstate',
    successStatus: 200,
    summary: 'Reinstate a suspended agent',
    tag: 'accounts',
    example: { agentId: AGENT_ID },
  },
  'loanProducts.list': {
    method: 'GET',
    path: '/loan-products',
    successStatus: 200,
    summary: 'Loan products with their rates and limits',
    tag: 'loan products',
  },
  'loanProducts.create': {
    method: 'POST',
    path: '/loan-products',
    successStatus: 201,
    summary: 'Create a loan product',
    tag: 'loan products',
    example: {
      code: 'GREEN_CAR',
      name: 'Green car loan',
      annualRatePercent: '4.90',
      minAmount: '1000.00',
      maxAmount: '80000.00',
      minTermMonths: 12,
      maxTermMonths: 84,
    },
  },
  'loanProducts.update': {
    method: 'PATCH',
    path: '/loan-products/{code}',
    successStatus: 200,
    summary: 'Change a loan product (existing loans keep their rate)',
    tag: 'loan products',
    example: { code: 'HOME', annualRatePercent: '6.50' },
  },
  'loans.quote': {
    method: 'GET',
    path: '/loans/quote',
    successStatus: 200,
    summary: 'Price terms without applying: installment, totals and schedule',
    tag: 'loans',
    example: { productCode: 'HOME', amount: '10000.00', termMonths: 12 },
  },
  'loans.apply': {
    method: 'POST',
    path: '/loans',
    successStatus: 201,
    summary: 'Apply for a loan as a customer (starts NEW)',
    tag: 'loans',
    example: { productCode: 'HOME', amount: '10000.00', termMonths: 12 },
  },
  'loans.openForCustomer': {
    method: 'POST',
    path: '/customers/{customerId}/loans',
    successStatus: 201,
    summary: 'Open and forward a loan for a customer as an agent (starts PENDING)',
    tag: 'loans',
    example: { customerId: CUSTOMER_ID, productCode: 'CAR', amount: '20000.00', termMonths: 24 },
  },
  'loans.forward': {
    method: 'POST',
    path: '/loans/{loanId}/forward',
    successStatus: 200,
    summary: 'Forward a NEW loan to the admins as its agent',
    tag: 'loans',
    example: { loanId: LOAN_ID },
  },
  'loans.update': {
    method: 'PATCH',
    path: '/loans/{loanId}',
    successStatus: 200,
    summary: 'Edit the terms of a loan (figures are re-priced); needs the version you read',
    tag: 'loans',
    example: { loanId: LOAN_ID, expectedVersion: 2, amount: '12000.00', termMonths: 18 },
  },
  'loans.withdraw': {
    method: 'POST',
    path: '/loans/{loanId}/withdraw',
    successStatus: 200,
    summary: 'Withdraw your own loan application',
    tag: 'loans',
    example: { loanId: LOAN_ID },
  },
  'loans.approve': {
    method: 'POST',
    path: '/loans/{loanId}/approve',
    successStatus: 200,
    summary: 'Approve a PENDING loan',
    tag: 'loans',
    example: { loanId: LOAN_ID },
  },
  'loans.reject': {
    method: 'POST',
    path: '/loans/{loanId}/reject',
    successStatus: 200,
    summary: 'Reject a PENDING loan with a reason',
    tag: 'loans',
    example: { loanId: LOAN_ID, reason: 'Income does not cover the installment' },
  },
  'loans.get': {
    method: 'GET',
    path: '/loans/{loanId}',
    successStatus: 200,
    summary: 'One loan with its repayment schedule',
    tag: 'loans',
    example: { loanId: LOAN_ID },
  },
  'loans.history': {
    method: 'GET',
    path: '/loans/{loanId}/history',
    successStatus: 200,
    summary: 'Who changed what on a loan, oldest first',
    tag: 'loans',
    example: { loanId: LOAN_ID },
  },
  'loans.list': {
    method: 'GET',
    path: '/loans',
    successStatus: 200,
    summary: 'Loans you may see, filtered by status, product, people and dates',
    tag: 'loans',
    example: {
      status: ['NEW', 'PENDING'],
      dateField: 'createdAt',
      from: '2026-01-01',
      to: '2026-12-31',
      sort: 'desc',
      limit: 20,
    },
  },
} as const satisfies Record<TProcedurePath, TRestRoute>;

/** The route of a procedure path, or undefined for a procedure the table does not know. */
export const restRouteFor = (procedurePath: string): TRestRoute | undefined =>
  (REST_ROUTES as Record<string, TRestRoute>)[procedurePath];

/** Names of the `{param}` segments of a route path, in order. */
export const pathParamsOf = (path: string): string[] =>
  [...path.matchAll(/\{(\w+)\}/g)].flatMap((match) => (match[1] ? [match[1]] : []));

/** `/loans/{loanId}` → `/loans/:loanId` for Fastify's router. */
export const toFastifyPath = (path: string): string => path.replace(/\{(\w+)\}/g, ':$1');
