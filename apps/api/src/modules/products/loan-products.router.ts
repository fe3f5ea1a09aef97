import { ZLoanProduct, ZLoanProductCreate, ZLoanProductUpdate } from '@loanbook/domain/products';
import { z } from 'zod';
import { authedProcedure, publicProcedure, router } from '../../trpc/init';
import { createProduct, listProducts, updateProduct } from './loan-products.service';

export const loanProductsRouter = router({
  list: publicProcedure.output(z.array(ZLoanProduct)).query(({ ctx }) => listProducts(ctx.em)),
  create: authedProcedure
    .input(ZLoanProductCreate)
    .output(ZLoanProduct)
    .mutation(({ ctx, input }) => createProduct(ctx.em, input)),
  update: authedProcedure
    .input(ZLoanProductUpdate)
    .output(ZLoanProduct)
    .mutation(({ ctx, input }) => updateProduct(ctx.em, input)),
});
