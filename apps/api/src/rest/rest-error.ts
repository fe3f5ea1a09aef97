import {
  ERRORS,
  errorCodeOfStatus,
  isApiErrorCode,
  type TApiErrorCode,
  type TErrorReason,
  type TFieldErrors,
} from '@loanbook/domain/errors';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { clientErrorDetails } from '../trpc/error-mapping';

/** The one error body of the REST API, for every status. */
export interface TRestErrorBody {
  code: string;
  message: string;
  fieldErrors?: TFieldErrors;
  reason?: TErrorReason;
}

export class RestError extends Error {
  override readonly name = 'RestError';

  constructor(
    readonly status: number,
    readonly code: TApiErrorCode,
    message: string,
    readonly fieldErrors?: TFieldErrors,
  ) {
    super(message);
  }
}

const INTERNAL: { status: number; body: TRestErrorBody } = {
  status: 500,
  body: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal error' },
};

const statusOf = (error: unknown): number | undefined =>
  typeof error === 'object' && error !== null && 'statusCode' in error && typeof error.statusCode === 'number'
    ? error.statusCode
    : undefined;

/** A procedure failure as the tRPC error formatter shapes it: same code, message and field errors. */
function fromTRPCError(error: TRPCError): { status: number; body: TRestErrorBody } {
  const status = isApiErrorCode(error.code) ? ERRORS[error.code].status : getHTTPStatusCodeFromError(error);
  if (status >= 500 && error.code !== 'SERVICE_UNAVAILABLE') return INTERNAL;
  const { message, fieldErrors, reason } = clientErrorDetails(error);
  return {
    status,
    body: {
      code: error.code,
      message,
      ...(fieldErrors ? { fieldErrors } : {}),
      ...(reason ? { reason } : {}),
    },
  };
}

/**
 * Any failure of a REST request as `{ status, body }`. Internal failures are 500 "Internal error" with
 * no detail (the server log has it); Fastify's own client errors (body too large, unsupported media
 * type) keep their status with a code named for it.
 */
export function toRestError(error: unknown): { status: number; body: TRestErrorBody; isInternal: boolean } {
  if (error instanceof RestError) {
    const { status, code, message, fieldErrors } = error;
    return { status, body: { code, message, ...(fieldErrors ? { fieldErrors } : {}) }, isInternal: false };
  }
  if (error instanceof TRPCError) {
    const mapped = fromTRPCError(error);
    return { ...mapped, isInternal: mapped === INTERNAL };
  }
  const status = statusOf(error);
  if (status !== undefined && status >= 400 && status < 500 && error instanceof Error) {
    const code = errorCodeOfStatus(status);
    const message = ERRORS[code].raisedBy === 'transport' ? ERRORS[code].message : error.message;
    return { status, body: { code, message }, isInternal: false };
  }
  return { ...INTERNAL, isInternal: true };
}
