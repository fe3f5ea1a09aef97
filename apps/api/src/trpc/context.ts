import type { DomainError } from '@loanbook/domain/errors';
import type { TEntityManager } from '../db/orm';
import type { TPrincipal } from '../modules/auth/principal';
import type { TTokenService } from '../modules/auth/tokens';
import { NO_AUDIT, type TAuditSink } from '../security/audit';
import type { TThrottle } from '../security/throttle';

export interface TContext {
  em: TEntityManager;
  user: TPrincipal | null;
  /** Why a presented token was not accepted; raised only by procedures that need a signed-in user. */
  authError: DomainError | null;
  tokens: TTokenService;
  requestId: string;
  ip: string;
  /** Where audit records of this request go (the request logger over HTTP; nowhere by default). */
  audit: TAuditSink;
  /** Login/registration throttling; null where the caller is not a network client (server-side callers). */
  throttle: TThrottle | null;
}

/**
 * The transport-free half of the context: tests call procedures with
 * `createCaller(createContextInner({ em, user, tokens }))`, the HTTP adapter adds token handling.
 */
export function createContextInner(input: {
  em: TEntityManager;
  tokens: TTokenService;
  user?: TPrincipal | null;
  authError?: DomainError | null;
  requestId?: string;
  ip?: string;
  audit?: TAuditSink;
  throttle?: TThrottle | null;
}): TContext {
  return {
    em: input.em,
    tokens: input.tokens,
    user: input.user ?? null,
    authError: input.authError ?? null,
    requestId: input.requestId ?? 'internal',
    ip: input.ip ?? '127.0.0.1',
    audit: input.audit ?? NO_AUDIT,
    throttle: input.throttle ?? null,
  };
}
