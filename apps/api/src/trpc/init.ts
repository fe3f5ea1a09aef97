import type { TRole } from '@loanbook/domain/accounts';
import { inactiveAccountError, isActiveStatus } from '@loanbook/domain/accounts';
import type { TAccess } from '@loanbook/domain/authorization';
import { DomainError } from '@loanbook/domain/errors';
import { initTRPC } from '@trpc/server';
import type { TPrincipal } from '../modules/auth/principal';
import { runAsActor } from '../modules/history/actor-context';
import type { TRestRoute } from '../rest/route';
import { auditRecordFor, type TAuditRule } from '../security/audit';
import type { TContext } from './context';
import { clientErrorDetails, toTRPCError } from './error-mapping';

/**
 * Everything the API knows about one procedure, declared where the procedure is: who may call it (set by
 * the builder it starts from, never by hand), how REST reaches it, and what it writes to the audit trail.
 */
export interface TProcedureMeta {
  /** Set by `publicProcedure`, `customerProcedure`, …; `docs/authorization.md` is generated from it. */
  access?: TAccess;
  /** A rule on the resource itself that the service enforces (for the generated docs). */
  note?: string;
  /** The REST twin under `/api/v1` and its OpenAPI description; every procedure has one. */
  rest?: TRestRoute;
  /** Procedures that change who may do what, decide or move money, or sign in, write an audit record. */
  audit?: TAuditRule;
}

const t = initTRPC
  .context<TContext>()
  .meta<TProcedureMeta>()
  .create({
    errorFormatter({ shape, error }) {
      const { message, fieldErrors, reason } = clientErrorDetails(error);
      return {
        ...shape,
        message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          fieldErrors,
          reason,
        },
      };
    },
  });

/** Writes the audit record of every call of an audited procedure, success or failure. Outermost. */
const auditTrail = t.middleware(async ({ ctx, meta, getRawInput, next }) => {
  if (!meta?.audit) return next();
  const result = await next();
  const input = await getRawInput().catch(() => undefined);
  ctx.audit(
    auditRecordFor(meta.audit, {
      input,
      outcome: result.ok ? { ok: true, result: result.data } : { ok: false, code: result.error.code },
      actor: ctx.user ? { id: ctx.user.id, username: ctx.user.username, role: ctx.user.role } : null,
      ip: ctx.ip,
      requestId: ctx.requestId,
    }),
  );
  return result;
});

/** Maps domain, ORM and database failures to their API codes for every procedure. */
const mapErrors = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (!result.ok) throw await toTRPCError(result.error, () => ctx.em.getConnection().isConnected());
  return result;
});

/**
 * One unit of work per call. The calls of a tRPC batch run concurrently on one request context; sharing
 * its EntityManager let one call flush another's half-made changes (two creates of one product code both
 * answered 200) or fail on a sibling's failed insert.
 */
const ownUnitOfWork = t.middleware(({ ctx, next }) => next({ ctx: { em: ctx.em.fork() } }));

const baseProcedure = t.procedure.use(auditTrail).use(mapErrors).use(ownUnitOfWork);

const isOneOf = <R extends TRole>(user: TPrincipal, roles: readonly R[]): user is TPrincipal<R> =>
  (roles as readonly TRole[]).includes(user.role);

/**
 * A procedure for signed-in, active accounts of these roles: 401 without a valid session, 403 for an
 * inactive account (pending, rejected or suspended agent) or another role. `ctx.user` is narrowed to the
 * roles, and the history of whatever the procedure changes is written as this actor.
 */
function rolesProcedure<const R extends TRole>(roles: readonly R[]) {
  return baseProcedure.meta({ access: { allow: roles } }).use(({ ctx, next }) => {
    const { user } = ctx;
    if (ctx.authError) throw ctx.authError;
    if (!user) throw new DomainError('UNAUTHORIZED', 'Sign in to continue', undefined, 'SESSION_ENDED');
    if (!isActiveStatus(user.status)) throw inactiveAccountError(user.status);
    if (!isOneOf(user, roles)) {
      throw new DomainError(
        'FORBIDDEN',
        `This action is not available to the ${user.role} role`,
        undefined,
        'ROLE_NOT_ALLOWED',
      );
    }
    return runAsActor(user, () => next({ ctx: { user } }));
  });
}

export const router = t.router;
/** For a rule that must run around one procedure's input parsing (used before `.input()`). */
export const middleware = t.middleware;
export const createCallerFactory = t.createCallerFactory;

/** Open to anyone, anonymous included; a signed-in caller is still known as `ctx.user` (or null). */
export const publicProcedure = baseProcedure.meta({ access: { allow: 'anyone' } }).use(({ ctx, next }) => {
  const { user } = ctx;
  return user ? runAsActor(user, () => next()) : next();
});
/** Any signed-in, active account. */
export const signedInProcedure = rolesProcedure(['customer', 'agent', 'admin']);
export const customerProcedure = rolesProcedure(['customer']);
/** Agents an admin approved. */
export const agentProcedure = rolesProcedure(['agent']);
export const adminProcedure = rolesProcedure(['admin']);
/** The lender's staff: approved agents and admins. */
export const staffProcedure = rolesProcedure(['agent', 'admin']);
