import { authRouter } from '../modules/auth/auth.router';
import { loansRouter } from '../modules/loans/loans.router';
import { loanProductsRouter } from '../modules/products/loan-products.router';
import { agentsRouter, customersRouter, usersRouter } from '../modules/users/users.router';
import { createCallerFactory, router } from './init';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  customers: customersRouter,
  agents: agentsRouter,
  loanProducts: loanProductsRouter,
  loans: loansRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);

/** Every procedure path of the router ("loans.approve", …), checked against the authorization matrix. */
export const procedurePaths = (): string[] => Object.keys(appRouter._def.procedures);
