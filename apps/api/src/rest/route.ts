export type THttpMethod = 'GET' | 'POST' | 'PATCH';

/**
 * How one tRPC procedure is reached over REST under `/api/v1`, declared in the procedure's
 * `.meta({ rest })`. Paths are resources and methods are HTTP's: queries are GET with their input in the
 * path and query string; mutations are POST (actions, creations) or PATCH (partial updates) with a JSON
 * body. The server refuses to start when a procedure has none, or two share a method and path.
 */
export interface TRestRoute {
  /** GET for queries only: a state change is never reachable over GET. */
  method: THttpMethod;
  /** OpenAPI-style path; each `{name}` is a field of the procedure's input. */
  path: string;
  /** 201 for a creation; 200 otherwise. */
  successStatus?: 201;
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
  servicing: 'After approval: disbursement, repayments, payoff, arrears and the ledger',
  portfolio: 'Figures of the whole book, computed by the database',
} as const;
export type TRestTag = keyof typeof REST_TAGS;

/** Ids the route examples use, so the OpenAPI document shows one consistent story. */
export const EXAMPLE_IDS = {
  loan: '6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b',
  agent: '2d7e9f10-4a5b-4c6d-9e8f-1a2b3c4d5e6f',
  customer: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  transaction: '0b9e8d7c-6f5a-4b3c-9d2e-1f0a9b8c7d6e',
} as const;

/** Names of the `{param}` segments of a route path, in order. */
export const pathParamsOf = (path: string): string[] =>
  [...path.matchAll(/\{(\w+)\}/g)].flatMap((match) => (match[1] ? [match[1]] : []));

/** `/loans/{loanId}` → `/loans/:loanId` for Fastify's router. */
export const toFastifyPath = (path: string): string => path.replace(/\{(\w+)\}/g, ':$1');
