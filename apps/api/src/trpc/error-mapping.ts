import { isDomainError, type TFieldErrors } from '@loanbook/domain/errors';
import {
  ConnectionException,
  OptimisticLockError,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import { TRPCError } from '@trpc/server';

/** Field errors from a schema validation failure (zod or any Standard Schema issue list). */
export function fieldErrorsFromIssues(
  issues: readonly { path?: readonly unknown[]; message: string; code?: string; keys?: readonly string[] }[],
) {
  const fieldErrors: TFieldErrors = {};
  const add = (key: string, message: string) => {
    fieldErrors[key] = [...(fieldErrors[key] ?? []), message];
  };
  for (const issue of issues) {
    const path = (issue.path ?? [])
      .map((part) => (typeof part === 'object' && part && 'key' in part ? String(part.key) : String(part)))
      .join('.');
    // An extra field is reported on the field itself, so clients see which key was not expected.
    if (issue.code === 'unrecognized_keys' && issue.keys?.length) {
      for (const key of issue.keys) add(path ? `${path}.${key}` : key, 'Unknown field');
    } else {
      add(path || '_root', issue.message);
    }
  }
  return fieldErrors;
}

const isConnectionFailure = (error: unknown): boolean =>
  error instanceof ConnectionException ||
  (error instanceof Error &&
    /ECONNREFUSED|ECONNRESET|Connection terminated|timeout exceeded when trying to connect|the database system is (shutting down|starting up)|Knex: Timeout acquiring a connection/i.test(
      error.message,
    ));

/**
 * The single place where failures become client-visible errors: domain errors keep their code, optimistic
 * lock and unique-constraint failures are conflicts, a lost database is 503, anything else stays 500
 * (and its message is hidden by the error formatter).
 */
export function toTRPCError(error: TRPCError): TRPCError {
  const cause = error.cause;
  if (isDomainError(cause)) return new TRPCError({ code: cause.code, message: cause.message, cause });
  if (cause instanceof OptimisticLockError) {
    return new TRPCError({
      code: 'CONFLICT',
      message: 'Someone else changed this record in the meantime: reload it and try again',
      cause,
    });
  }
  if (cause instanceof UniqueConstraintViolationException) {
    return new TRPCError({ code: 'CONFLICT', message: 'This record already exists', cause });
  }
  if (isConnectionFailure(cause)) {
    return new TRPCError({
      code: 'SERVICE_UNAVAILABLE',
      message: 'The database is unavailable; try again shortly',
      cause,
    });
  }
  return error;
}
