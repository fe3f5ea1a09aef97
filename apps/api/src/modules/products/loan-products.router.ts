import { ZLoanProduct, ZLoanProductCreate, ZLoanProductUpdate } from '@loanbook/domain/products';
import { z } from 'zod';
import { adminProcedure, publicProcedure, router } from '../../trpc/init';
import { createProduct, listProducts, updateProduct } from './loan-products.service';

/** The create route's request example (the OpenAPI document's response example is this product stored). */
export const NEW_PRODUCT_EXAMPLE = {
  code: 'GREEN_CAR',
  name: 'Green car loan',
  annualRatePercent: '4.90',
  minAmount: '1000.00',
  maxAmount: '80000.00',
  minTermMonths: 12,
  maxTermMonths: 84,
};

export const loanProductsRouter = router({
  list: publicProcedure
    .meta({
      rest: {
        method: 'GET',
        path: '/loan-products',
        summary: 'Loan products on offer (staff also see withdrawn ones), with rates and limits',
        tag: 'loan products',
      },
    })
    .output(z.array(ZLoanProduct))
    .query(({ ctx }) => listProducts(ctx.em, ctx.user)),
  create: adminProcedure
    .meta({
      rest: {
        method: 'POST',
        path: '/loan-products',
        successStatus: 201,
        summary: 'Create a loan product',
        tag: 'loan products',
        example: NEW_PRODUCT_EXAMPLE,
      },
    })
    .input(ZLoanProductCreate)
    .output(ZLoanProduct)
    .mutation(({ ctx, input }) => createProduct(ctx.em, input)),
  update: adminProcedure
    .meta({
      rest: {
        method: 'PATCH',
        path: '/loan-products/{code}',
        summary: 'Change a loan product (existing loans keep their rate)',
        tag: 'loan products',
        example: { code: 'HOME', annualRatePercent: '6.50' },
      },
    })
    .input(ZLoanProductUpdate)
    .output(ZLoanProduct)
    .mutation(({ ctx, input }) => updateProduct(ctx.em, input)),
});
