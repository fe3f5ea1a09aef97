import { PRODUCT_CODE, UUID } from '@loanbook/domain/formats';
import { LATE_BUCKETS, type TLateBucket } from '@loanbook/domain/servicing/constants';

/**
 * The collections queue's filters as they live in the URL (`/collections?bucket=31-60&agentId=…`), parsed
 * without zod: the router runs this, and the router is part of the initial bundle.
 */
export interface TCollectionsFilters {
  /** One arrears bucket; none: every loan in arrears. */
  bucket?: TLateBucket;
  agentId?: string;
  productCode?: string;
}

const matching = (value: unknown, pattern: RegExp): string | undefined =>
  typeof value === 'string' && pattern.test(value) ? value : undefined;

export const isLateBucket = (value: unknown): value is TLateBucket =>
  typeof value === 'string' && (LATE_BUCKETS as readonly string[]).includes(value);

export function parseCollectionsFilters(search: Record<string, unknown>): TCollectionsFilters {
  const filters: TCollectionsFilters = {};
  if (isLateBucket(search.bucket)) filters.bucket = search.bucket;
  const agentId = matching(search.agentId, UUID);
  if (agentId) filters.agentId = agentId;
  const productCode = matching(search.productCode, PRODUCT_CODE);
  if (productCode) filters.productCode = productCode;
  return filters;
}

/** The `loans.list` filter of the queue: active loans in arrears, the longest overdue first. */
export function collectionsListInput(filters: TCollectionsFilters) {
  return {
    arrears: filters.bucket ?? 'ANY',
    sort: 'daysPastDue',
    dateField: 'createdAt',
    ...(filters.agentId ? { agentId: filters.agentId } : {}),
    ...(filters.productCode ? { productCode: filters.productCode } : {}),
  } as const;
}
