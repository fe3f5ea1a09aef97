import {
  ZAgentId,
  ZAgentReject,
  ZAgentSuspend,
  ZAgentsListInput,
  ZUser,
  ZUserPage,
} from '@loanbook/domain/accounts';
import { EXAMPLE_IDS } from '../../rest/route';
import { adminProcedure, router } from '../../trpc/init';
import { changeAgentStatus } from './agents.service';
import { listUserPage } from './users.service';

const agentId = { agentId: EXAMPLE_IDS.agent };
const audited = (event: string) => ({ event, target: { type: 'user', field: 'agentId' } }) as const;

export const agentsRouter = router({
  list: adminProcedure
    .meta({
      rest: {
        method: 'GET',
        path: '/agents',
        summary: 'Agents, optionally in one status (PENDING: the applications)',
        tag: 'accounts',
        example: { status: 'PENDING' },
      },
    })
    .input(ZAgentsListInput)
    .output(ZUserPage)
    .query(({ ctx, input }) => listUserPage(ctx.em, { ...input, role: 'agent' })),
  approve: adminProcedure
    .meta({
      audit: audited('agent.approved'),
      rest: {
        method: 'POST',
        path: '/agents/{agentId}/approve',
        summary: 'Approve an agent application',
        tag: 'accounts',
        example: agentId,
      },
    })
    .input(ZAgentId)
    .output(ZUser)
    .mutation(({ ctx, input }) => changeAgentStatus(ctx.em, input.agentId, 'APPROVE')),
  reject: adminProcedure
    .meta({
      audit: audited('agent.rejected'),
      rest: {
        method: 'POST',
        path: '/agents/{agentId}/reject',
        summary: 'Reject an agent application',
        tag: 'accounts',
        example: { ...agentId, reason: 'Could not verify the licence number' },
      },
    })
    .input(ZAgentReject)
    .output(ZUser)
    .mutation(({ ctx, input }) => changeAgentStatus(ctx.em, input.agentId, 'REJECT', input.reason)),
  suspend: adminProcedure
    .meta({
      audit: audited('agent.suspended'),
      rest: {
        method: 'POST',
        path: '/agents/{agentId}/suspend',
        summary: 'Suspend an agent (their sessions end at once)',
        tag: 'accounts',
        example: { ...agentId, reason: 'Under review' },
      },
    })
    .input(ZAgentSuspend)
    .output(ZUser)
    .mutation(({ ctx, input }) => changeAgentStatus(ctx.em, input.agentId, 'SUSPEND', input.reason ?? null)),
  reinstate: adminProcedure
    .meta({
      audit: audited('agent.reinstated'),
      rest: {
        method: 'POST',
        path: '/agents/{agentId}/reinstate',
        summary: 'Reinstate a suspended agent',
        tag: 'accounts',
        example: agentId,
      },
    })
    .input(ZAgentId)
    .output(ZUser)
    .mutation(({ ctx, input }) => changeAgentStatus(ctx.em, input.agentId, 'REINSTATE')),
});
