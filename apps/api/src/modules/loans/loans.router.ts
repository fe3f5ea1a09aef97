import {
  ZHistoryEntry,
  ZLoan,
  ZLoanApply,
  ZLoanDetail,
  ZLoanId,
  ZLoanListInput,
  ZLoanPage,
  ZLoanReject,
  ZLoanUpdate,
  ZOpenForCustomer,
  ZQuote,
  ZQuoteInput,
} from '@loanbook/domain/loans';
import { z } from 'zod';
import { authedProcedure, publicProcedure } from '../../trpc/init';
import * as loans from './loan.service';

/**
 * The loan procedures as a plain record, nested into the app router as `loans`. Not wrapped in
 * `router()`: tRPC refuses the key `apply` there (its client proxies treat `.apply()` as
 * Function.prototype.apply), but the public contract names the procedure `loans.apply`. Nested records
 * are not checked, and every client reaches it by a longer path (`loans.apply.mutate`,
 * `loans.apply.mutationOptions`, `POST /trpc/loans.apply`); only a server-side caller must write
 * `caller.loans.apply.call(null, input)`. See docs/decisions.md.
 */
export const loansRouter = {
  quote: publicProcedure
    .input(ZQuoteInput)
    .output(ZQuote)
    .query(({ ctx, input }) => loans.quote(ctx.em, input)),
  apply: authedProcedure
    .input(ZLoanApply)
    .output(ZLoan)
    .mutation(({ ctx, input }) => loans.applyForLoan(ctx.em, ctx.user, input)),
  openForCustomer: authedProcedure
    .input(ZOpenForCustomer)
    .output(ZLoan)
    .mutation(({ ctx, input }) => loans.openForCustomer(ctx.em, ctx.user, input)),
  forward: authedProcedure
    .input(ZLoanId)
    .output(ZLoan)
    .mutation(({ ctx, input }) => loans.forwardLoan(ctx.em, ctx.user, input.loanId)),
  update: authedProcedure
    .input(ZLoanUpdate)
    .output(ZLoan)
    .mutation(({ ctx, input }) => loans.updateLoan(ctx.em, ctx.user, input)),
  withdraw: authedProcedure
    .input(ZLoanId)
    .output(ZLoan)
    .mutation(({ ctx, input }) => loans.withdrawLoan(ctx.em, ctx.user, input.loanId)),
  approve: authedProcedure
    .input(ZLoanId)
    .output(ZLoan)
    .mutation(({ ctx, input }) => loans.decideLoan(ctx.em, ctx.user, input.loanId, { approve: true })),
  reject: authedProcedure
    .input(ZLoanReject)
    .output(ZLoan)
    .mutation(({ ctx, input }) =>
      loans.decideLoan(ctx.em, ctx.user, input.loanId, { approve: false, reason: input.reason }),
    ),
  get: authedProcedure
    .input(ZLoanId)
    .output(ZLoanDetail)
    .query(({ ctx, input }) => loans.getLoan(ctx.em, ctx.user, input.loanId)),
  history: authedProcedure
    .input(ZLoanId)
    .output(z.array(ZHistoryEntry))
    .query(({ ctx, input }) => loans.getLoanHistory(ctx.em, ctx.user, input.loanId)),
  list: authedProcedure
    .input(ZLoanListInput)
    .output(ZLoanPage)
    .query(({ ctx, input }) => loans.listVisibleLoans(ctx.em, ctx.user, input)),
};
