import { ZCustomersListInput, ZUserPage } from '@loanbook/domain/accounts';
import { router, staffProcedure } from '../../trpc/init';
import { listUserPage } from './users.service';

export const customersRouter = router({
  list: staffProcedure
    .meta({
      rest: {
        method: 'GET',
        path: '/customers',
        summary: 'Customers, optionally matching a search',
        tag: 'accounts',
        example: { search: 'ali', limit: 20 },
      },
    })
    .input(ZCustomersListInput)
    .output(ZUserPage)
    .query(({ ctx, input }) => listUserPage(ctx.em, { ...input, role: 'customer' })),
});
