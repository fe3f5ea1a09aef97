/**
 * The one error type the domain and the services throw. Exactly one table (`ERROR_HTTP_STATUS`) maps its
 * codes to HTTP statuses; the API maps them to tRPC codes of the same names in one place.
 */
export const ERROR_HTTP_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type TErrorCode = keyof typeof ERROR_HTTP_STATUS;

/** Field name → messages, as returned to clients with BAD_REQUEST (and CONFLICT on duplicates). */
export type TFieldErrors = Record<string, string[]>;

export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: TErrorCode,
    message: string,
    readonly fieldErrors?: TFieldErrors,
  ) {
    super(message);
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
