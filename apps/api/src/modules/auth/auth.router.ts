import { ZChangePassword, ZLogin, ZLoginResult, ZOk, ZRegistration, ZUser } from '@loanbook/domain/accounts';
import { DomainError } from '@loanbook/domain/errors';
import { authedProcedure, publicProcedure, router } from '../../trpc/init';
import { toUserDto } from '../users/user.dto';
import { User } from '../users/user.entity';
import { changePassword, login, register } from './auth.service';

export const authRouter = router({
  registerCustomer: publicProcedure
    .input(ZRegistration)
    .output(ZUser)
    .mutation(({ ctx, input }) => register(ctx.em, 'customer', input, ctx)),
  registerAgent: publicProcedure
    .input(ZRegistration)
    .output(ZUser)
    .mutation(({ ctx, input }) => register(ctx.em, 'agent', input, ctx)),
  login: publicProcedure
    .input(ZLogin)
    .output(ZLoginResult)
    .mutation(({ ctx, input }) => login(ctx.em, ctx.tokens, input, ctx)),
  me: authedProcedure.output(ZUser).query(async ({ ctx }) => {
    const user = await ctx.em.findOne(User, ctx.user.id);
    if (!user) throw new DomainError('UNAUTHORIZED', 'Sign in to continue');
    return toUserDto(user);
  }),
  changePassword: authedProcedure
    .input(ZChangePassword)
    .output(ZOk)
    .mutation(({ ctx, input }) => changePassword(ctx.em, ctx.user.id, input, ctx)),
});
