import type { FastifyRequest } from 'fastify';
import type { TDatabase } from '../db/orm';
import { authenticate } from '../modules/auth/authenticate';
import type { TTokenService } from '../modules/auth/tokens';
import { createContextInner, type TContext } from '../trpc/context';

/**
 * The procedure context of one HTTP request, the same for tRPC and REST: one EntityManager fork, the
 * bearer token resolved against the database, and the request's throttle and audit sink.
 */
export async function createRequestContext(
  request: FastifyRequest,
  { db, tokens }: { db: TDatabase; tokens: TTokenService },
): Promise<TContext> {
  const em = db.fork();
  const { user, authError } = await authenticate(em, tokens, request.headers.authorization);
  return createContextInner({
    em,
    tokens,
    user,
    authError,
    requestId: request.id,
    ip: request.ip,
    ...request.security,
  });
}
