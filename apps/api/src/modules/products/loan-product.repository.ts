import type { TEntityManager } from '../../db/orm';
import { LoanProduct } from './loan-product.entity';

export const findAllProducts = (em: TEntityManager) => em.find(LoanProduct, {}, { orderBy: { code: 'asc' } });

export const findProduct = (em: TEntityManager, code: string) => em.findOne(LoanProduct, code);
