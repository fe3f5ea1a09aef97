/**
 * The one error table of Loanbook. Every code a client can receive — over tRPC (`error.data.code`) or REST
 * (`{ code, message, fieldErrors? }`) — with its HTTP status, what it means, and the example the OpenAPI
 * document shows. The API derives its tRPC mapping, REST bodies, OpenAPI responses and framework-error
 * answers from this table; the web app switches on the same codes (and on `reason`, below).
 *
 * `raisedBy: 'domain'` codes are thrown by services as `DomainError`; `'transport'` codes come from the
 * HTTP layer itself (a bad method, a body too large) before any procedure runs.
 */
export const ERRORS = {
  BAD_REQUEST: {
    status: 400,
    raisedBy: 'domain',
    description: 'Invalid input: `fieldErrors` names each field with its messages',
    message: 'Invalid input',
    exampleFieldErrors: { amount: ['Amount must be greater than zero'] },
  },
  UNAUTHORIZED: {
    status: 401,
    raisedBy: 'domain',
    description: 'No, invalid or expired token; or wrong credentials',
    message: 'Sign in to continue',
  },
  FORBIDDEN: {
    status: 403,
    raisedBy: 'domain',
    description: 'Your role may not do this, or your account is pending, rejected or suspended',
    message: 'This action is not available to the customer role',
  },
  NOT_FOUND: {
    status: 404,
    raisedBy: 'domain',
    description: 'Absent, or not yours to see',
    message: 'Loan not found',
  },
  METHOD_NOT_SUPPORTED: {
    status: 405,
    raisedBy: 'transport',
    description: 'The path exists, but not with this method (the `Allow` header lists the ones it has)',
    message: 'This method is not supported here',
  },
  TIMEOUT: {
    status: 408,
    raisedBy: 'transport',
    description: 'The request took too long to arrive',
    message: 'The request took too long to arrive',
  },
  CONFLICT: {
    status: 409,
    raisedBy: 'domain',
    description: 'Stale version, a transition the current state does not allow, or a duplicate',
    message: 'Someone else changed this record in the meantime: reload it and try again',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    raisedBy: 'transport',
    description: 'The request body is too large',
    message: 'The request body is too large',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    raisedBy: 'transport',
    description: 'The request body is not JSON',
    message: 'Send the request body as application/json',
  },
  REQUEST_HEADER_FIELDS_TOO_LARGE: {
    status: 431,
    raisedBy: 'transport',
    description: 'The request line or headers are too large',
    message: 'The request line or headers are too large',
  },
  TOO_MANY_REQUESTS: {
    status: 429,
    raisedBy: 'domain',
    description: 'Too many attempts: wait (the `Retry-After` header says how long) and try again',
    message: 'Too many failed sign-in attempts: wait a while and try again',
  },
  INTERNAL_SERVER_ERROR: {
    status: 500,
    raisedBy: 'transport',
    description: 'An unexpected failure on the server (its log has the details, under the request id)',
    message: 'Internal error',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    raisedBy: 'domain',
    description: 'The database is unavailable: try again shortly',
    message: 'The database is unavailable; try again shortly',
  },
} as const satisfies Record<string, TErrorSpec>;

export interface TErrorSpec {
  status: number;
  raisedBy: 'domain' | 'transport';
  description: string;
  /** What a client is told when nothing more specific is known (and the OpenAPI example's message). */
  message: string;
  exampleFieldErrors?: Record<string, string[]>;
}

/** Every code a client may receive. */
export type TApiErrorCode = keyof typeof ERRORS;

/** The codes a service may throw. */
export type TErrorCode = {
  [K in TApiErrorCode]: (typeof ERRORS)[K]['raisedBy'] extends 'domain' ? K : never;
}[TApiErrorCode];

export const API_ERROR_CODES = Object.keys(ERRORS) as TApiErrorCode[];

export const isApiErrorCode = (code: unknown): code is TApiErrorCode =>
  typeof code === 'string' && Object.hasOwn(ERRORS, code);

/** The code of an HTTP status (any other 4xx is BAD_REQUEST, any other 5xx INTERNAL_SERVER_ERROR). */
export function errorCodeOfStatus(status: number): TApiErrorCode {
  const found = API_ERROR_CODES.find((code) => ERRORS[code].status === status);
  return found ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
}

/**
 * Why a request was refused, when a client must tell cases of one code apart (the web app ends a
 * session on `SESSION_ENDED`, explains `ACCOUNT_SUSPENDED`). Sent as `reason` beside the code; never
 * matched from message text.
 */
export const ERROR_REASONS = [
  'SESSION_ENDED',
  'ACCOUNT_PENDING',
  'ACCOUNT_REJECTED',
  'ACCOUNT_SUSPENDED',
  'ROLE_NOT_ALLOWED',
] as const;
export type TErrorReason = (typeof ERROR_REASONS)[number];

export const isErrorReason = (value: unknown): value is TErrorReason =>
  typeof value === 'string' && (ERROR_REASONS as readonly string[]).includes(value);

/** Field name → messages, as returned to clients with BAD_REQUEST (and CONFLICT on duplicates). */
export type TFieldErrors = Record<string, string[]>;

/** The one error type the domain and the services throw. */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: TErrorCode,
    message: string,
    readonly fieldErrors?: TFieldErrors,
    readonly reason?: TErrorReason,
  ) {
    super(message);
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
