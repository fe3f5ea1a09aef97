import { inactiveAccountMessage, isActiveStatus } from '@loanbook/domain/accounts';
import { accessRuleFor, isAllowed } from '@loanbook/domain/authorization';
import { DomainError } from '@loanbook/domain/errors';
import { initTRPC, TRPCError } from '@trpc/server';
import { runAsActor } from '../modules/history/actor-context';
import { AUDITED_PROCEDURES, auditRecordFor } from '../security/audit';
import type { TContext } from './context';
import { clientErrorDetails, toTRPCError } from './error-mapping';

const t = initTRPC.context<TContext>().create({
  errorFormatter({ shape, error }) {
    const { message, fieldErrors } = clientErrorDetails(error);
    return {
      ...shape,
      message,
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, fieldErrors },
    };
  },
});

/**
 * Writes the audit record of every call of an audited procedure (sign-in, registration, agent status, loan
 * decision), success or failure, to the context's sink. Outermost, so it sees the code the client gets.
 */
const auditTrail = t.middleware(async ({ ctx, path, getRawInput, next }) => {
  if (!AUDITED_PROCEDURES[path]) return next();
  const result = await next();
  const input = await getRawInput().catch(() => undefined);
  const record = auditRecordFor(path, {
    input,
    outcome: result.ok ? { ok: true, result: result.data } : { ok: false, code: result.error.code },
    actor: ctx.user ? { id: ctx.user.id, username: ctx.user.username, role: ctx.user.role } : null,
    ip: ctx.ip,
    requestId: ctx.requestId,
  });
  if (record) ctx.audit(record);
  return result;
});

/** Maps domain, ORM and database failures to their API codes for every procedure. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error);
  return result;
});

/**
 * Applies the authorization matrix of `@loanbook/domain/authorization` by procedure path: 401 without a
 * valid session, 403 for an inactive account or a role the matrix does not list.
 */
const accessControl = t.middleware(async ({ ctx, path, next }) => {
  const rule = accessRuleFor(path);
  if (!rule) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: `No access rule for ${path}` });
  const { user } = ctx;
  if (rule.allow !== 'anyone') {
    if (ctx.authError) throw ctx.authError;
    if (!user) throw new DomainError('UNAUTHORIZED', 'Sign in to continue');
    if (!isActiveStatus(user.status)) throw new DomainError('FORBIDDEN', inactiveAccountMessage(user.status));
    if (!isAllowed(rule, user.role))
      throw new DomainError('FORBIDDEN', `This action is not available to the ${user.role} role`);
  }
  if (!user) return next();
  return runAsActor({ id: user.id, username: user.username, role: user.role }, () => next());
});

const requireUser = t.middleware(({ ctx, next }) => {
  if (!ctx.user) throw new DomainError('UNAUTHORIZED', 'Sign in to continue');
  return next({ ctx: { user: ctx.user } });
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
/** For procedures the matrix opens to anyone (a signed-in caller is still known as `ctx.user`). */
export const publicProcedure = t.procedure.use(auditTrail).use(mapErrors).use(accessControl);
/** For procedures the matrix limits to roles: `ctx.user` is the signed-in, active account. */
export const authedProcedure = publicProcedure.use(requireUser);
