import { ZUserPage, ZUsersListInput } from '@loanbook/domain/accounts';
import { adminProcedure, router } from '../../trpc/init';
import { listUserPage } from './users.service';

export const usersRouter = router({
  list: adminProcedure
    .meta({
      rest: {
        method: 'GET',
        path: '/users',
        summary: 'All accounts, optionally of one role',
        tag: 'accounts',
        example: { role: 'agent', limit: 20 },
      },
    })
    .input(ZUsersListInput)
    .output(ZUserPage)
    .query(({ ctx, input }) => listUserPage(ctx.em, input)),
});
