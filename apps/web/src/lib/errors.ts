import {
  isApiErrorCode,
  isErrorReason,
  type TApiErrorCode,
  type TErrorReason,
} from '@loanbook/domain/errors';
import { TRPCClientError } from '@trpc/client';
import type { TSessionLostReason } from './session';

export type { TApiErrorCode, TErrorReason };

interface TErrorData {
  code?: unknown;
  httpStatus?: unknown;
  fieldErrors?: unknown;
  reason?: unknown;
}

function dataOf(error: unknown): TErrorData | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data: unknown = error.data;
  return typeof data === 'object' && data !== null ? (data as TErrorData) : null;
}

/** The API's error code (the domain's one table, `ERRORS`), or null for a network failure or a non-API error. */
export function errorCodeOf(error: unknown): TApiErrorCode | null {
  const code = dataOf(error)?.code;
  return isApiErrorCode(code) ? code : null;
}

/** Why the API refused, when one code covers several cases (`SESSION_ENDED`, `ACCOUNT_SUSPENDED`, …). */
export function errorReasonOf(error: unknown): TErrorReason | null {
  const reason = dataOf(error)?.reason;
  return isErrorReason(reason) ? reason : null;
}

export function httpStatusOf(error: unknown): number | null {
  const status = dataOf(error)?.httpStatus;
  return typeof status === 'number' ? status : null;
}

/** Server-side field errors (`{ amount: ['…'] }`), or an empty record. */
export function fieldErrorsOf(error: unknown): Record<string, string[]> {
  const fieldErrors = dataOf(error)?.fieldErrors;
  if (typeof fieldErrors !== 'object' || fieldErrors === null) return {};
  const result: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(fieldErrors)) {
    if (Array.isArray(messages)) result[field] = messages.filter((m): m is string => typeof m === 'string');
  }
  return result;
}

/** The first message per field, the shape forms want for `setErrors`. */
export function firstFieldErrors(error: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [field, messages] of Object.entries(fieldErrorsOf(error))) {
    const [first] = messages;
    if (first) result[field] = first;
  }
  return result;
}

/** Whether the error is a refusal of some fields' values (their messages belong on the fields). */
export const hasFieldErrors = (error: unknown): boolean =>
  errorCodeOf(error) === 'BAD_REQUEST' && Object.keys(fieldErrorsOf(error)).length > 0;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Whether this error means the signed-in session is over, and why: an ended session (expired, forged, or
 * a token version bumped by a password change) or a suspended account. Told apart by the API's code and
 * `reason`, never by its message text.
 */
export function sessionEndReasonOf(error: unknown): TSessionLostReason | null {
  const reason = errorReasonOf(error);
  if (reason === 'SESSION_ENDED' || errorCodeOf(error) === 'UNAUTHORIZED') return 'expired';
  if (reason === 'ACCOUNT_SUSPENDED') return 'suspended';
  return null;
}

/** What a refusal for a reason means to the person who met it. */
const REASON_TEXT: Record<TErrorReason, string> = {
  SESSION_ENDED: 'Your session has ended. Please sign in again.',
  ACCOUNT_PENDING: 'Your agent account is awaiting approval by an administrator.',
  ACCOUNT_REJECTED: 'Your agent application was rejected, so this account cannot sign in.',
  ACCOUNT_SUSPENDED: 'Your account is suspended. Please contact an administrator.',
  ROLE_NOT_ALLOWED: 'Your role does not allow this.',
};

/** A sentence a person understands, chosen by the error code and reason rather than by parsing messages. */
export function describeError(error: unknown): string {
  const reason = errorReasonOf(error);
  if (reason) return REASON_TEXT[reason];
  const code = errorCodeOf(error);
  switch (code) {
    case 'BAD_REQUEST':
      return hasFieldErrors(error) ? 'Some fields need your attention.' : messageOf(error);
    case 'UNAUTHORIZED':
      return REASON_TEXT.SESSION_ENDED;
    case 'FORBIDDEN':
      return messageOf(error) || 'You are not allowed to do this.';
    case 'NOT_FOUND':
      return 'Not found: it does not exist, or it is not yours to see.';
    case 'CONFLICT':
      return messageOf(error);
    case 'TOO_MANY_REQUESTS':
      return 'Too many attempts. Please wait a minute and try again.';
    case 'SERVICE_UNAVAILABLE':
      return 'The service is temporarily unavailable. Please try again shortly.';
    case 'INTERNAL_SERVER_ERROR':
      return 'Something went wrong on our side. Please try again.';
    case 'METHOD_NOT_SUPPORTED':
    case 'TIMEOUT':
    case 'PAYLOAD_TOO_LARGE':
    case 'UNSUPPORTED_MEDIA_TYPE':
    case 'REQUEST_HEADER_FIELDS_TOO_LARGE':
      return 'Loanbook could not handle this request. Please reload the page and try again.';
    case null:
      return error instanceof TRPCClientError
        ? 'Cannot reach Loanbook. Check your connection and try again.'
        : messageOf(error);
  }
}
