import { TRPCClientError } from '@trpc/client';
import type { TSessionEndReason } from './session';

/** The error codes the API answers with (api-contract.md "errors"). */
export type TApiErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

interface TErrorData {
  code?: string;
  httpStatus?: number;
  fieldErrors?: Record<string, string[]>;
}

function dataOf(error: unknown): TErrorData | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data: unknown = error.data;
  return typeof data === 'object' && data !== null ? (data as TErrorData) : null;
}

/** The API's error code, or null for a network failure or a non-API error. */
export function errorCodeOf(error: unknown): TApiErrorCode | null {
  const code = dataOf(error)?.code;
  return typeof code === 'string' ? (code as TApiErrorCode) : null;
}

export function httpStatusOf(error: unknown): number | null {
  return dataOf(error)?.httpStatus ?? null;
}

/** Server-side field errors (`{ amount: ['…'] }`), or an empty record. */
export function fieldErrorsOf(error: unknown): Record<string, string[]> {
  return dataOf(error)?.fieldErrors ?? {};
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

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Whether this error means the signed-in session is over: any 401 (expired, forged, or a token version
 * bumped by a password change or suspension), or a 403 for a suspended account.
 */
export function sessionEndReasonOf(error: unknown): Exclude<TSessionEndReason, 'signed-out'> | null {
  const code = errorCodeOf(error);
  if (code === 'UNAUTHORIZED') return 'expired';
  if (code === 'FORBIDDEN' && /suspended/i.test(messageOf(error))) return 'suspended';
  return null;
}

/** A sentence a person understands, chosen by the error code rather than by parsing messages. */
export function describeError(error: unknown): string {
  const code = errorCodeOf(error);
  switch (code) {
    case 'BAD_REQUEST': {
      const fields = Object.keys(fieldErrorsOf(error));
      return fields.length > 0 ? 'Some fields need your attention.' : messageOf(error);
    }
    case 'UNAUTHORIZED':
      return 'Your session has ended. Please sign in again.';
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
    case null:
      return error instanceof TRPCClientError
        ? 'Cannot reach Loanbook. Check your connection and try again.'
        : messageOf(error);
    default:
      return messageOf(error);
  }
}
