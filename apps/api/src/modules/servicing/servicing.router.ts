import { ZLoan } from '@loanbook/domain/loans';
import {
  ZDisburseInput,
  ZLoanTransaction,
  ZLoanTransactionsInput,
  ZPayoffInput,
  ZPayoffQuote,
  ZPayoffQuoteInput,
  ZPosition,
  ZPositionInput,
  ZPrepayInput,
  ZRepayInput,
  ZReverseInput,
  ZWriteOffInput,
} from '@loanbook/domain/servicing';
import { z } from 'zod';
import { EXAMPLE_IDS } from '../../rest/route';
import { adminProcedure, signedInProcedure, staffProcedure } from '../../trpc/init';
import * as servicing from './servicing.service';

const loanId = { loanId: EXAMPLE_IDS.loan };
const payment = { ...loanId, amount: '1049.42', paidOn: '2025-02-28', idempotencyKey: 'c1a7e0f2-repay-0001' };
const RECORDERS = "admins, and the loan's own agent (others: 403)";
const OWN_LOANS_ONLY = "customers: own loans only, others' are 404";
const audited = (event: string) => ({ event, target: { type: 'loan', field: 'loanId' } }) as const;

/**
 * The servicing procedures of a loan (docs/servicing.md), nested into the `loans` router: money out, money
 * back, the ledger and where the loan stands.
 */
export const servicingProcedures = {
  disburse: adminProcedure
    .meta({
      note: 'APPROVED loans only',
      audit: audited('loan.disbursed'),
      rest: {
        method: 'POST',
        path: '/loans/{loanId}/disburse',
        summary: 'Pay an approved loan out (starts ACTIVE; installments fall due from disbursedOn)',
        tag: 'servicing',
        example: { ...loanId, disbursedOn: '2025-01-31', reference: 'WIRE-2025-0131' },
      },
    })
    .input(ZDisburseInput)
    .output(ZLoan)
    .mutation(({ ctx, input }) => servicing.disburseLoan(ctx.em, ctx.user, input)),
  repay: staffProcedure
    .meta({
      note: RECORDERS,
      audit: audited('loan.repaid'),
      rest: {
        method: 'POST',
        path: '/loans/{loanId}/repayments',
        successStatus: 201,
        summary: 'Record a repayment (oldest installment first: fee, interest, principal)',
        tag: 'servicing',
        example: payment,
      },
    })
    .input(ZRepayInput)
    .output(ZLoanTransaction)
    .mutation(({ ctx, input }) => servicing.recordPayment(ctx.em, ctx.user, { ...input, type: 'REPAYMENT' })),
  prepay: staffProcedure
    .meta({
      note: RECORDERS,
      audit: audited('loan.prepaid'),
      rest: {
        method: 'POST',
        path: '/loans/{loanId}/prepayments',
        successStatus: 201,
        summary: 'Record a prepayment of principal (fewer installments, or smaller ones)',
        tag: 'servicing',
        example: { ...payment, amount: '2000.00', reduce: 'TERM', idempotencyKey: 'c1a7e0f2-prepay-0001' },
      },
    })
    .input(ZPrepayInput)
    .output(ZLoanTransaction)
    .mutation(({ ctx, input }) =>
      servicing.recordPayment(ctx.em, ctx.user, { ...input, type: 'PREPAYMENT' }),
    ),
  payoffQuote: signedInProcedure
    .meta({
      note: OWN_LOANS_ONLY,
      rest: {
        method: 'GET',
        path: '/loans/{loanId}/payoff-quote',
        summary: 'What closes the loan on a date',
        tag: 'servicing',
        example: { ...loanId, on: '2025-03-15' },
      },
    })
    .input(ZPayoffQuoteInput)
    .output(ZPayoffQuote)
    .query(({ ctx, input }) => servicing.getPayoffQuote(ctx.em, ctx.user, input.loanId, input.on)),
  payoff: staffProcedure
    .meta({
      note: RECORDERS,
      audit: audited('loan.paid_off'),
      rest: {
        method: 'POST',
        path: '/loans/{loanId}/payoff',
        successStatus: 201,
        summary: 'Pay the loan off with the exact quote for the date (another amount is a 409 naming it)',
        tag: 'servicing',
        example: { ...payment, amount: '11087.15', idempotencyKey: 'c1a7e0f2-payoff-0001' },
      },
    })
    .input(ZPayoffInput)
    .output(ZLoanTransaction)
    .mutation(({ ctx, input }) => servicing.recordPayment(ctx.em, ctx.user, { ...input, type: 'PAYOFF' })),
  reverseTransaction: adminProcedure
    .meta({
      note: 'repayments, prepayments and payoffs, once each',
      audit: audited('loan.transaction_reversed'),
      rest: {
        method: 'POST',
        path: '/loans/{loanId}/transactions/{transactionId}/reverse',
        successStatus: 201,
        summary: 'Reverse a mistaken repayment, prepayment or payoff (the loan is recomputed)',
        tag: 'servicing',
        example: { ...loanId, transactionId: EXAMPLE_IDS.transaction, reason: 'Cheque bounced' },
      },
    })
    .input(ZReverseInput)
    .output(ZLoanTransaction)
    .mutation(({ ctx, input }) => servicing.reverseTransaction(ctx.em, input)),
  writeOff: adminProcedure
    .meta({
      note: 'ACTIVE loans only',
      audit: audited('loan.written_off'),
      rest: {
        method: 'POST',
        path: '/loans/{loanId}/write-off',
        successStatus: 201,
        summary: 'Write an active loan off (records the unpaid fees, interest due and principal)',
        tag: 'servicing',
        example: { ...loanId, reason: 'Borrower untraceable for 180 days', writtenOffOn: '2025-09-30' },
      },
    })
    .input(ZWriteOffInput)
    .output(ZLoanTransaction)
    .mutation(({ ctx, input }) => servicing.writeOffLoan(ctx.em, ctx.user, input)),
  position: signedInProcedure
    .meta({
      note: OWN_LOANS_ONLY,
      rest: {
        method: 'GET',
        path: '/loans/{loanId}/position',
        summary: 'Where the loan stands on a date: arrears, overdue parts, next due, every installment',
        tag: 'servicing',
        example: { ...loanId, asOf: '2025-04-15' },
      },
    })
    .input(ZPositionInput)
    .output(ZPosition)
    .query(({ ctx, input }) => servicing.getPosition(ctx.em, ctx.user, input.loanId, input.asOf)),
  transactions: signedInProcedure
    .meta({
      note: OWN_LOANS_ONLY,
      rest: {
        method: 'GET',
        path: '/loans/{loanId}/transactions',
        summary: 'The ledger of a loan, in value-date order',
        tag: 'servicing',
        example: loanId,
      },
    })
    .input(ZLoanTransactionsInput)
    .output(z.array(ZLoanTransaction))
    .query(({ ctx, input }) => servicing.listTransactions(ctx.em, ctx.user, input.loanId)),
};
