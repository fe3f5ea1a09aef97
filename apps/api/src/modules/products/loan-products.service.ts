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
import { type ILoanProduct, LoanProduct } from './loan-product.entity';
import { findAllProducts, findProduct } from './loan-product.repository';

/** Products on offer; staff also see the ones withdrawn from sale (anonymous callers and customers don't). */
export async function listProducts(em: TEntityManager, viewer: TPrincipal | null) {
  const isStaff = viewer !== null && viewer.role !== 'customer' && isActiveStatus(viewer.status);
  const products = await findAllProducts(em);
  return (isStaff ? products : products.filter((product) => product.active)).map(toLoanProductDto);
}

/** What pricing needs of a product, as of one version: a plain snapshot, nothing for the ORM to track. */
export interface TPricingProduct {
  code: string;
  version: number;
  active: boolean;
  annualRatePercent: string;
  minAmount: string;
  maxAmount: string;
  minTermMonths: number;
  maxTermMonths: number;
  lateFee: string;
  lateFeeGraceDays: number;
}

const toPricingProduct = (product: ILoanProduct): TPricingProduct => ({
  code: product.code,
  version: product.version,
  active: product.active,
  annualRatePercent: product.annualRatePercent,
  minAmount: product.minAmount,
  maxAmount: product.maxAmount,
  minTermMonths: product.minTermMonths,
  maxTermMonths: product.maxTermMonths,
  lateFee: product.lateFee,
  lateFeeGraceDays: product.lateFeeGraceDays,
});

/**
 * How long a product read for pricing is trusted without reading it again. A change made through this
 * process (`updateProduct`) replaces its entry at once, with the new version; a change made by another
 * API process (several behind a load balancer, docs/scaling.md) reaches this one's quotes and new loans
 * within this bound. One read per product per second instead of one per quote (docs/performance.md).
 */
export const PRICING_CACHE_MAX_AGE_MS = 1000;

/** Per database (one ORM instance; tests open many in one process), per product code. */
const pricingCaches = new WeakMap<object, Map<string, { product: TPricingProduct | null; readAt: number }>>();
const pricingCacheOf = (em: TEntityManager) => {
  let cache = pricingCaches.get(em.config);
  if (!cache) {
    cache = new Map();
    pricingCaches.set(em.config, cache);
  }
  return cache;
};
/** After a change of a product in this process: its new version, or (unknown outcome) nothing. */
const rememberForPricing = (em: TEntityManager, code: string, product: ILoanProduct | null) => {
  if (product)
    pricingCacheOf(em).set(code, { product: toPricingProduct(product), readAt: performance.now() });
  else pricingCacheOf(em).delete(code);
};

/**
 * The product a loan is priced with: it must exist and be open for new business (400 otherwise). Read
 * from the pricing cache (see PRICING_CACHE_MAX_AGE_MS); the loan references the product by its code.
 */
export async function findProductForPricing(em: TEntityManager, code: string): Promise<TPricingProduct> {
  const cache = pricingCacheOf(em);
  let entry = cache.get(code);
  if (!entry || performance.now() - entry.readAt > PRICING_CACHE_MAX_AGE_MS) {
    const found = await findProduct(em, code);
    entry = { product: found ? toPricingProduct(found) : null, readAt: performance.now() };
    // Unknown codes are not kept: anyone may send any code, and the map would grow with them.
    if (found) cache.set(code, entry);
    else cache.delete(code);
  }
  const { product } = entry;
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
  rememberForPricing(em, product.code, product);
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
  try {
    await em.flush();
  } catch (error) {
    rememberForPricing(em, product.code, null);
    throw error;
  }
  rememberForPricing(em, product.code, product);
  return toLoanProductDto(product);
}
