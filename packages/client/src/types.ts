import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './router.js';

/** Every procedure's input: `RouterInputs['loans']['repay']`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** Every procedure's output as it arrives (JSON): `RouterOutputs['loans']['position']`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export type Loan = RouterOutputs['loans']['create'];
export type LoanStatus = Loan['status'];
/** A loan with its repayment schedule (`loans.get`). */
export type LoanDetail = RouterOutputs['loans']['get'];
export type LoanPage = RouterOutputs['loans']['list'];
export type LoanListInput = NonNullable<RouterInputs['loans']['list']>;
export type LoanTransaction = RouterOutputs['loans']['repay'];
export type LoanTransactionType = LoanTransaction['type'];
export type Position = RouterOutputs['loans']['position'];
export type PayoffQuote = RouterOutputs['loans']['payoffQuote'];
export type Quote = RouterOutputs['loans']['quote'];
export type HistoryEntry = RouterOutputs['loans']['history'][number];
export type LoanProduct = RouterOutputs['loanProducts']['list'][number];
export type User = RouterOutputs['auth']['me'];
export type UserRole = User['role'];
export type UserPage = RouterOutputs['customers']['list'];
export type LoginResult = RouterOutputs['auth']['login'];
export type PortfolioSummary = RouterOutputs['portfolio']['summary'];
