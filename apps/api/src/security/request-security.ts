import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TAuditRecord, TAuditSink } from './audit';
import { retryAfterSecondsOf, type TThrottle } from './throttle';

/** What every transport (tRPC, REST) puts into the procedure context for one HTTP request. */
export interface TRequestSecurity {
  throttle: TThrottle | null;
  audit: TAuditSink;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Throttle and audit sink of this request, for `createContextInner({ ..., ...request.security })`. */
    security: TRequestSecurity;
  }
}

/** Audit records go to the request logger (so they carry `reqId` too) as one structured line each. */
const auditSinkFor =
  (request: FastifyRequest): TAuditSink =>
  (record: TAuditRecord) =>
    request.log.info({ audit: true, ...record }, record.event);

/**
 * Gives each request its throttle and audit sink, and turns a throttling refusal into a `Retry-After`
 * header whichever transport raised it (the hook runs before the transport's error handler sends).
 */
export function registerRequestSecurity(app: FastifyInstance, throttle: TThrottle | null): void {
  app.decorateRequest('security', {
    getter(this: FastifyRequest): TRequestSecurity {
      return { throttle, audit: auditSinkFor(this) };
    },
  });
  app.addHook('onError', async (_request, reply, error) => {
    const seconds = retryAfterSecondsOf(error);
    if (seconds !== null) reply.header('retry-after', String(seconds));
  });
}
