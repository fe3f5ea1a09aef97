import { ZPortfolioSummary, ZPortfolioSummaryInput } from '@loanbook/domain/servicing';
import { router, staffProcedure } from '../../trpc/init';
import { portfolioSummary } from './portfolio.service';

export const portfolioRouter = router({
  summary: staffProcedure
    .meta({
      rest: {
        method: 'GET',
        path: '/portfolio/summary',
        summary:
          'The book by status and product, principal outstanding, PAR 30/90, money in and out by month',
        tag: 'portfolio',
        example: { asOf: '2026-11-30' },
      },
    })
    .input(ZPortfolioSummaryInput)
    .output(ZPortfolioSummary)
    .query(({ ctx, input }) => portfolioSummary(ctx.em, input.asOf)),
});
