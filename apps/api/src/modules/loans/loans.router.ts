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
import { EXAMPLE_IDS } from '../../rest/route';
import {
  adminProcedure,
  agentProcedure,
  customerProcedure,
  publicProcedure,
  router,
  signedInProcedure,
} from '../../trpc/init';
import { servicingProcedures } from '../servicing/servicing.router';
import * as loans from './loan.service';
import { withTermsErrors } from './terms-errors.middleware';

const TERMS_EXAMPLE = { productCode: 'HOME', amount: '10000.00', termMonths: 12 };
const loanId = { loanId: EXAMPLE_IDS.loan };
const OWN_LOANS_ONLY = "customers: own loans only, others' are 404";

export const loansRouter = router({
  quote: publicProcedure
    .meta({
      rest: {
        method: 'GET',
        path: '/loans/quote',
        summary: 'Price terms without applying: installment, totals and schedule',
        tag: 'loans',
        example: TERMS_EXAMPLE,
      },
    })
    .use(withTermsErrors)
    .input(ZQuoteInput)
    .output(ZQuote)
    .query(({ ctx, input }) => loans.quote(ctx.em, input)),
  create: customerProcedure
    .meta({
      note: 'for themself (`loans.apply` is the earlier name, still served over /trpc)',
      rest: {
        method: 'POST',
        path: '/loans',
        successStatus: 201,
        summary: 'Apply for a loan as a customer (starts NEW)',
        tag: 'loans',
        example: TERMS_EXAMPLE,
      },
    })
    .use(withTermsErrors)
    .input(ZLoanApply)
    .output(ZLoan)
    .mutation(({ ctx, input }) => loans.applyForLoan(ctx.em, ctx.user, input)),
  openForCustomer: agentProcedure
    .meta({
      note: 'the loan starts PENDING with this agent as its agent',
      rest: {
        method: 'POST',
        path: '/customers/{customerId}/loans',
        successStatus: 201,
        summary: 'Open and forward a loan for a customer as an agent (starts PENDING)',
        tag: 'loans',
        example: { customerId: EXAMPLE_IDS.customer, productCode: 'CAR', amount: '20000.00', termMonths: 24 },
      },
    })
    .use(withTermsErrors)
    .input(ZOpenForCustomer)
    .output(ZLoan)
    .mutation(({ ctx, input }) => loans.openForCustomer(ctx.em, ctx.user, input)),
  forward: agentProcedure
    .meta({
      note: 'NEW loans only; records the agent',
      rest: {
        method: 'POST',
        path: '/loans/{loanId}/forward',
        summary: 'Forward a NEW loan to the admins as its agent',
        tag: 'loans',
        example: loanId,
      },
    })
    .input(ZLoanId)
    .output(ZLoan)
    .mutation(({ ctx, input }) => loans.forwardLoan(ctx.em, ctx.user, input.loanId)),
  update: agentProcedure
    .meta({
      note: 'NEW loans, or PENDING loans the agent forwarded',
      rest: {
        method: 'PATCH',
        path: '/loans/{loanId}',
        summary: 'Edit the terms of a loan (figures are re-priced); needs the version you read',
        tag: 'loans',
        example: { ...loanId, expectedVersion: 2, amount: '12000.00', termMonths: 18 },
      },
    })
    .input(ZLoanUpdate)
    .output(ZLoan)
    .mutation(({ ctx, input }) => loans.updateLoan(ctx.em, ctx.user, input)),
  withdraw: customerProcedure
    .meta({
      note: "the loan's own customer; others get 404",
      rest: {
        method: 'POST',
        path: '/loans/{loanId}/withdraw',
        summary: 'Withdraw your own loan application',
        tag: 'loans',
        example: loanId,
      },
    })
    .input(ZLoanId)
    .output(ZLoan)
    .mutation(({ ctx, input }) => loans.withdrawLoan(ctx.em, ctx.user, input.loanId)),
  approve: adminProcedure
    .meta({
      note: 'PENDING loans only',
      audit: { event: 'loan.approved', target: { type: 'loan', field: 'loanId' } },
      rest: {
        method: 'POST',
        path: '/loans/{loanId}/approve',
        summary: 'Approve a PENDING loan',
        tag: 'loans',
        example: loanId,
      },
    })
    .input(ZLoanId)
    .output(ZLoan)
    .mutation(({ ctx, input }) => loans.decideLoan(ctx.em, ctx.user, input.loanId, { approve: true })),
  reject: adminProcedure
    .meta({
      note: 'PENDING loans only',
      audit: { event: 'loan.rejected', target: { type: 'loan', field: 'loanId' } },
      rest: {
        method: 'POST',
        path: '/loans/{loanId}/reject',
        summary: 'Reject a PENDING loan with a reason',
        tag: 'loans',
        example: { ...loanId, reason: 'Income does not cover the installment' },
      },
    })
    .input(ZLoanReject)
    .output(ZLoan)
    .mutation(({ ctx, input }) =>
      loans.decideLoan(ctx.em, ctx.user, input.loanId, { approve: false, reason: input.reason }),
    ),
  get: signedInProcedure
    .meta({
      note: OWN_LOANS_ONLY,
      rest: {
        method: 'GET',
        path: '/loans/{loanId}',
        summary: 'One loan with its repayment schedule',
        tag: 'loans',
        example: loanId,
      },
    })
    .input(ZLoanId)
    .output(ZLoanDetail)
    .query(({ ctx, input }) => loans.getLoan(ctx.em, ctx.user, input.loanId)),
  history: signedInProcedure
    .meta({
      note: OWN_LOANS_ONLY,
      rest: {
        method: 'GET',
        path: '/loans/{loanId}/history',
        summary: 'Who changed what on a loan, oldest first',
        tag: 'loans',
        example: loanId,
      },
    })
    .input(ZLoanId)
    .output(z.array(ZHistoryEntry))
    .query(({ ctx, input }) => loans.getLoanHistory(ctx.em, ctx.user, input.loanId)),
  list: signedInProcedure
    .meta({
      note: 'customers: own loans only',
      rest: {
        method: 'GET',
        path: '/loans',
        summary: 'Loans you may see, filtered by status, product, people and dates',
        tag: 'loans',
        example: {
          status: ['NEW', 'PENDING'],
          dateField: 'createdAt',
          from: '2026-01-01',
          to: '2026-12-31',
          sort: 'desc',
          limit: 20,
        },
      },
    })
    .input(ZLoanListInput)
    .output(ZLoanPage)
    .query(({ ctx, input }) => loans.listVisibleLoans(ctx.em, ctx.user, input)),
  ...servicingProcedures,
});
