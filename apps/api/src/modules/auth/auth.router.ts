import { ZChangePassword, ZLogin, ZLoginResult, ZOk, ZRegistration, ZUser } from '@loanbook/domain/accounts';
import { publicProcedure, router, signedInProcedure } from '../../trpc/init';
import { changePassword, getCurrentUser, login, register } from './auth.service';

/** Throttled (429) and refused for a taken username or email (409). */
const REGISTRATION_ERRORS = [400, 409, 429, 503] as const;

export const authRouter = router({
  registerCustomer: publicProcedure
    .meta({
      audit: { event: 'auth.registered.customer', logsUsername: true },
      rest: {
        method: 'POST',
        path: '/customers',
        successStatus: 201,
        summary: 'Sign up as a customer',
        tag: 'auth',
        example: { username: 'alice', password: 'correct horse battery', email: 'alice@example.com' },
        errorStatuses: REGISTRATION_ERRORS,
      },
    })
    .input(ZRegistration)
    .output(ZUser)
    // An admin entering customers (the book importer, apps/cli) is staff at work, not an anonymous
    // sign-up: the per-IP registration limit is not counted for them.
    .mutation(({ ctx, input }) =>
      register(ctx.em, 'customer', input, ctx.user?.role === 'admin' ? { throttle: null, ip: ctx.ip } : ctx),
    ),
  registerAgent: publicProcedure
    .meta({
      note: 'the agent starts PENDING and cannot sign in until approved',
      audit: { event: 'auth.registered.agent', logsUsername: true },
      rest: {
        method: 'POST',
        path: '/agents',
        successStatus: 201,
        summary: 'Apply as an agent (starts PENDING until an admin approves)',
        tag: 'auth',
        example: {
          username: 'bob.agent',
          password: 'correct horse battery',
          email: 'bob@example.com',
          phone: '+44 20 7946 0000',
        },
        errorStatuses: REGISTRATION_ERRORS,
      },
    })
    .input(ZRegistration)
    .output(ZUser)
    .mutation(({ ctx, input }) => register(ctx.em, 'agent', input, ctx)),
  login: publicProcedure
    .meta({
      note: 'pending, rejected and suspended agents are refused (403)',
      audit: {
        event: 'auth.login.succeeded',
        failed: 'auth.login.failed',
        logsUsername: true,
        actorFromResult: true,
      },
      rest: {
        method: 'POST',
        path: '/auth/login',
        summary: 'Sign in: returns a bearer token valid for one hour',
        tag: 'auth',
        example: { username: 'alice', password: 'correct horse battery' },
        errorStatuses: [400, 401, 403, 429, 503],
      },
    })
    .input(ZLogin)
    .output(ZLoginResult)
    .mutation(({ ctx, input }) => login(ctx.em, ctx.tokens, input, ctx)),
  me: signedInProcedure
    .meta({ rest: { method: 'GET', path: '/auth/me', summary: 'The signed-in account', tag: 'auth' } })
    .output(ZUser)
    .query(({ ctx }) => getCurrentUser(ctx.em, ctx.user.id)),
  changePassword: signedInProcedure
    .meta({
      note: 'ends every session issued before',
      audit: { event: 'auth.password.changed' },
      rest: {
        method: 'POST',
        path: '/auth/change-password',
        summary: 'Change your password (ends every session issued before)',
        tag: 'auth',
        example: { currentPassword: 'correct horse battery', newPassword: 'a new long passphrase' },
      },
    })
    .input(ZChangePassword)
    .output(ZOk)
    .mutation(({ ctx, input }) => changePassword(ctx.em, ctx.user.id, input, ctx)),
});
