import { ISO_DATE, isBusinessDate, PRODUCT_CODE, UUID } from '@loanbook/domain/formats';
import { LOAN_STATUSES, type TLoanStatus } from '@loanbook/domain/loans/state-machine';

/**
 * Loan list filters as they live in the URL (`/loans?status=…&from=…`), so a filtered list can be
 * bookmarked, shared and navigated back to. Parsed without zod (this runs in the router, which is part of
 * the initial bundle), with the domain's own statuses and formats (`@loanbook/domain/formats`).
 */
export const LOAN_STATUS_OPTIONS = LOAN_STATUSES;
export type TLoanStatusOption = TLoanStatus;

export interface TLoanFilters {
  status?: TLoanStatusOption[];
  productCode?: string;
  customerId?: string;
  agentId?: string;
  dateField?: 'createdAt' | 'updatedAt';
  from?: string;
  to?: string;
  sort?: 'asc' | 'desc';
}

export const isLoanStatus = (value: unknown): value is TLoanStatus =>
  typeof value === 'string' && (LOAN_STATUSES as readonly string[]).includes(value);

const matching = (value: unknown, pattern: RegExp): string | undefined =>
  typeof value === 'string' && pattern.test(value) ? value : undefined;

/** Whether `text` is a date the API accepts in a filter: a real calendar day (`2026-02-30` is not). */
export const isFilterDate: (text: string) => boolean = isBusinessDate;

/** URL search → filters; anything malformed is dropped rather than sent to the API. */
export function parseLoanFilters(search: Record<string, unknown>): TLoanFilters {
  const rawStatus = Array.isArray(search.status) ? search.status : search.status ? [search.status] : [];
  const status = LOAN_STATUS_OPTIONS.filter((option) => rawStatus.filter(isLoanStatus).includes(option));
  const from = matching(search.from, ISO_DATE);
  const to = matching(search.to, ISO_DATE);
  const filters: TLoanFilters = {
    status: status.length > 0 ? status : undefined,
    productCode: matching(search.productCode, PRODUCT_CODE),
    customerId: matching(search.customerId, UUID),
    agentId: matching(search.agentId, UUID),
    dateField: search.dateField === 'updatedAt' ? 'updatedAt' : undefined,
    from: from && isFilterDate(from) ? from : undefined,
    to: to && isFilterDate(to) ? to : undefined,
    sort: search.sort === 'asc' ? 'asc' : undefined,
  };
  return compactFilters(filters);
}

/** Drops empty and default values, so URLs stay short and equal filters compare equal. */
export function compactFilters(filters: TLoanFilters): TLoanFilters {
  const result: TLoanFilters = {};
  const status = LOAN_STATUS_OPTIONS.filter((option) => filters.status?.includes(option));
  if (status.length > 0) result.status = status;
  if (filters.productCode) result.productCode = filters.productCode;
  if (filters.customerId) result.customerId = filters.customerId;
  if (filters.agentId) result.agentId = filters.agentId;
  if (filters.dateField === 'updatedAt') result.dateField = 'updatedAt';
  if (filters.from) result.from = filters.from;
  if (filters.to) result.to = filters.to;
  if (filters.sort === 'asc') result.sort = 'asc';
  return result;
}

/** The message for a date range the API would refuse, or null. */
export function dateRangeError(filters: Pick<TLoanFilters, 'from' | 'to'>): string | null {
  if (filters.from && filters.to && filters.from > filters.to)
    return 'The end date must not be before the start date';
  return null;
}

/** The `loans.list` input for these filters (without paging). */
export function toListInput(filters: TLoanFilters) {
  const compact = compactFilters(filters);
  return {
    ...compact,
    dateField: compact.dateField ?? 'createdAt',
    sort: compact.sort ?? 'desc',
  } as const;
}

export const hasActiveFilters = (filters: TLoanFilters): boolean =>
  Object.keys(compactFilters(filters)).length > 0;
