import { TRPCClientError } from '@trpc/client';
import type { AppRouter, ErrorShape } from './router.js';

/** A failed call: `error.data` is typed (`code`, `httpStatus`, `fieldErrors`, `reason`). */
export type LoanbookError = TRPCClientError<AppRouter>;

/** The API's error codes (docs/api-contract.md "errors"): `BAD_REQUEST`, `UNAUTHORIZED`, `CONFLICT`, … */
export type LoanbookErrorCode = ErrorShape['data']['code'];

/** Why a request was refused when one code covers several cases (`SESSION_ENDED`, `ACCOUNT_SUSPENDED`, …). */
export type LoanbookErrorReason = NonNullable<ErrorShape['data']['reason']>;

/** Field name → messages, e.g. `{ amount: ['Amount must be greater than zero'] }`. */
export type FieldErrors = Record<string, string[]>;

export const isLoanbookError = (error: unknown): error is LoanbookError => error instanceof TRPCClientError;

/** What went wrong, flattened for logs, reports and forms. */
export interface LoanbookErrorDetails {
  /** The API's code, or null when no answer came from the API (network failure, not a tRPC error). */
  code: LoanbookErrorCode | null;
  httpStatus: number | null;
  message: string;
  fieldErrors: FieldErrors;
  reason: LoanbookErrorReason | null;
}

export function errorDetails(error: unknown): LoanbookErrorDetails {
  const message = error instanceof Error ? error.message : String(error);
  const data = isLoanbookError(error) ? error.data : undefined;
  return {
    code: data?.code ?? null,
    httpStatus: data?.httpStatus ?? null,
    message,
    fieldErrors: data?.fieldErrors ?? {},
    reason: data?.reason ?? null,
  };
}
