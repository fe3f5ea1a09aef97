import {
  ZAgentId,
  ZAgentReject,
  ZAgentSuspend,
  ZAgentsListInput,
  ZCustomersListInput,
  ZUser,
  ZUserPage,
  ZUsersListInput,
} from '@loanbook/domain/accounts';
import { authedProcedure, router } from '../../trpc/init';
import { changeAgentStatus } from './agents.service';
import { toUserDto } from './user.dto';
import { listUsers, type TUserFilter } from './user.repository';

const listPage = async (ctx: { em: Parameters<typeof listUsers>[0] }, filter: TUserFilter) => {
  const page = await listUsers(ctx.em, filter);
  return { items: page.items.map(toUserDto), nextCursor: page.nextCursor };
};

export const usersRouter = router({
  list: authedProcedure
    .input(ZUsersListInput)
    .output(ZUserPage)
    .query(({ ctx, input }) => listPage(ctx, input)),
});

export const customersRouter = router({
  list: authedProcedure
    .input(ZCustomersListInput)
    .output(ZUserPage)
    .query(({ ctx, input }) => listPage(ctx, { ...input, role: 'customer' })),
});

export const agentsRouter = router({
  list: authedProcedure
    .input(ZAgentsListInput)
    .output(ZUserPage)
    .query(({ ctx, input }) => listPage(ctx, { ...input, role: 'agent' })),
  approve: authedProcedure
    .input(ZAgentId)
    .output(ZUser)
    .mutation(({ ctx, input }) => changeAgentStatus(ctx.em, input.agentId, 'APPROVE')),
  reject: authedProcedure
    .input(ZAgentReject)
    .output(ZUser)
    .mutation(({ ctx, input }) => changeAgentStatus(ctx.em, input.agentId, 'REJECT', input.reason)),
  suspend: authedProcedure
    .input(ZAgentSuspend)
    .output(ZUser)
    .mutation(({ ctx, input }) => changeAgentStatus(ctx.em, input.agentId, 'SUSPEND', input.reason ?? null)),
  reinstate: authedProcedure
    .input(ZAgentId)
    .output(ZUser)
    .mutation(({ ctx, input }) => changeAgentStatus(ctx.em, input.agentId, 'REINSTATE')),
});
