import { isActiveStatus } from '@loanbook/domain/accounts';
import { DomainError } from '@loanbook/domain/errors';
import {
  assertValidLimits,
  type TLoanProductCreate,
  type TLoanProductUpdate,
} from '@loanbook/domain/products';
import type { TEntityManager } from '../../db/orm';
import type { TPrincipal } from '../auth/principal';
import { toLoanProductDto } from './loan-product.dto';
import { LoanProduct } from './loan-product.entity';
import { findAllProducts, findProduct } from './loan-product.repository';

/** Products on offer; staff also see the ones withdrawn from sale (anonymous callers and customers don't). */
export async function listProducts(em: TEntityManager, viewer: TPrincipal | null) {
  const isStaff = viewer !== null && viewer.role !== 'customer' && isActiveStatus(viewer.status);
  const products = await findAllProducts(em);
  return (isStaff ? products : products.filter((product) => product.active)).map(toLoanProductDto);
}

/** The product a loan is priced with: it must exist and be open for new business (400 otherwise). */
export async function findProductForPricing(em: TEntityManager, code: string) {
  const product = await findProduct(em, code);
  if (!product) throw new DomainError('BAD_REQUEST', 'Unknown product', { productCode: ['Unknown product'] });
  if (!product.active) {
    throw new DomainError('BAD_REQUEST', 'This product is not offered any more', {
      productCode: ['This product is not offered any more'],
    });
  }
  return product;
}

export async function createProduct(em: TEntityManager, input: TLoanProductCreate) {
  assertValidLimits(input);
  if (await findProduct(em, input.code)) {
    throw new DomainError('CONFLICT', 'A product with this code exists', {
      code: ['A product with this code exists'],
    });
  }
  const product = em.create(LoanProduct, { ...input, active: true });
  await em.flush();
  return toLoanProductDto(product);
}

/** Changes apply to loans priced from now on; existing loans keep their rate snapshot. */
export async function updateProduct(em: TEntityManager, input: TLoanProductUpdate) {
  const product = await findProduct(em, input.code);
  if (!product) throw new DomainError('NOT_FOUND', 'No such product');
  const { code: _code, ...changes } = input;
  const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  assertValidLimits({ ...toLoanProductDto(product), ...defined });
  em.assign(product, defined);
  await em.flush();
  return toLoanProductDto(product);
}
