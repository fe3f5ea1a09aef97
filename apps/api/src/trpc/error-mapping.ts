import { isDomainError, type TErrorReason, type TFieldErrors } from '@loanbook/domain/errors';
import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import { TRPCError } from '@trpc/server';
import { isDatabaseLost } from '../db/connection-failure';

/** Field errors from a schema validation failure (zod or any Standard Schema issue list). */
export function fieldErrorsFromIssues(
  issues: readonly { path?: readonly unknown[]; message: string; code?: string; keys?: readonly string[] }[],
) {
  // A Map, not an object: field names come from the client ("__proto__", "constructor"), and an object
  // would hand back its prototype's members for them (a crash, or a polluted prototype).
  const fieldErrors = new Map<string, string[]>();
  const add = (key: string, message: string) => {
    fieldErrors.set(key, [...(fieldErrors.get(key) ?? []), message]);
  };
  for (const issue of issues) {
    // One rule for arrays: an element's error is reported on the array field itself (`status`, not
    // `status.0`), so a client maps it to the field it sent (docs/rest.md "Errors").
    const path = (issue.path ?? [])
      .map((part) => (typeof part === 'object' && part && 'key' in part ? part.key : part))
      .filter((part) => typeof part !== 'number')
      .map(String)
      .join('.');
    // An extra field is reported on the field itself, so clients see which key was not expected.
    if (issue.code === 'unrecognized_keys' && issue.keys?.length) {
      for (const key of issue.keys) add(path ? `${path}.${key}` : key, 'Unknown field');
    } else {
      add(path || '_root', issue.message);
    }
  }
  // Object.fromEntries defines own properties, so even "__proto__" stays a plain key of the result.
  return Object.fromEntries(fieldErrors) as TFieldErrors;
}

/**
 * Two transactions that changed the same entity from the same version both write history row `version + 1`;
 * the unique history index refuses the second before its version check runs. To the caller this is the
 * same stale edit as an optimistic-lock failure, not a duplicate record.
 */
const isConcurrentHistoryWrite = (error: unknown): boolean =>
  error instanceof UniqueConstraintViolationException &&
  error.message.includes('history_entity_version_unique');

/**
 * The single place where failures become client-visible errors: domain errors keep their code, optimistic
 * lock and unique-constraint failures are conflicts, a lost database is 503, anything else stays 500
 * (and its message is hidden by the error formatter).
 */
export async function toTRPCError(
  error: TRPCError,
  isDatabaseReachable: () => Promise<boolean>,
): Promise<TRPCError> {
  const cause = error.cause;
  if (isDomainError(cause)) return new TRPCError({ code: cause.code, message: cause.message, cause });
  if (cause instanceof OptimisticLockError || isConcurrentHistoryWrite(cause)) {
    return new TRPCError({
      code: 'CONFLICT',
      message: 'Someone else changed this record in the meantime: reload it and try again',
      cause,
    });
  }
  if (cause instanceof UniqueConstraintViolationException) {
    return new TRPCError({ code: 'CONFLICT', message: 'This record already exists', cause });
  }
  if (error.code === 'INTERNAL_SERVER_ERROR' && (await isDatabaseLost(cause, isDatabaseReachable))) {
    return new TRPCError({
      code: 'SERVICE_UNAVAILABLE',
      message: 'The database is unavailable; try again shortly',
      cause,
    });
  }
  return error;
}

const hasIssues = (
  value: unknown,
): value is { issues: { path?: unknown[]; message: string; code?: string; keys?: string[] }[] } =>
  typeof value === 'object' && value !== null && Array.isArray((value as { issues?: unknown }).issues);

/**
 * What a client is told about a failed procedure, the same over tRPC and REST: internal failures never
 * reveal SQL, stack traces or library messages (the server log has them); an unreadable body is said
 * plainly instead of echoing the parser; schema failures and domain errors carry their field errors.
 */
export function clientErrorDetails(error: TRPCError): {
  message: string;
  fieldErrors?: TFieldErrors;
  reason?: TErrorReason;
} {
  const { cause } = error;
  const isInvalidInput = error.code === 'BAD_REQUEST' && hasIssues(cause);
  const isUnreadable =
    error.code === 'PARSE_ERROR' || (error.code === 'BAD_REQUEST' && cause instanceof SyntaxError);
  const fieldErrors = isDomainError(cause)
    ? cause.fieldErrors
    : isInvalidInput
      ? fieldErrorsFromIssues(cause.issues)
      : undefined;
  const message =
    error.code === 'INTERNAL_SERVER_ERROR'
      ? 'Internal error'
      : isUnreadable
        ? 'The input is not valid JSON'
        : isInvalidInput
          ? 'Invalid input'
          : error.message;
  const reason = isDomainError(cause) ? cause.reason : undefined;
  return { message, fieldErrors, reason };
}
