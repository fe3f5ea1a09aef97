import { authRouter } from '../modules/auth/auth.router';
import { loansRouter } from '../modules/loans/loans.router';
import { portfolioRouter } from '../modules/portfolio/portfolio.router';
import { loanProductsRouter } from '../modules/products/loan-products.router';
import { agentsRouter } from '../modules/users/agents.router';
import { customersRouter } from '../modules/users/customers.router';
import { usersRouter } from '../modules/users/users.router';
import { createCallerFactory, router } from './init';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  customers: customersRouter,
  agents: agentsRouter,
  loanProducts: loanProductsRouter,
  loans: loansRouter,
  portfolio: portfolioRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
