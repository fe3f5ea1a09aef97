import { DomainError } from '@loanbook/domain/errors';
import type { TLoan, TLoanListInput } from '@loanbook/domain/loans';
import { decodeCursor, encodeCursor } from '@loanbook/domain/pagination';
import type { TEntityManager } from '../../db/orm';
import { HistoryEntry } from '../history/history-entry.entity';
import { Loan } from './loan.entity';
import { queryView, viewRowToLoanDto } from './loan.read-model';
import { loanByIdQuery, loanListQuery, type TLoanViewRow } from './loan.read-sql';

/** Relations every loan DTO shows (product name, user names). */
export const LOAN_POPULATE = ['product', 'customer', 'agent', 'decidedBy'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The managed entity with its relations: what commands change and flush (history comes from the flush). */
export const findLoan = (em: TEntityManager, loanId: string) =>
  em.findOne(Loan, loanId, { populate: LOAN_POPULATE });

/**
 * One loan as its DTO, for reading only: the same lean path as `listLoans`, on the primary (a loan just
 * changed must read back changed).
 */
export async function findLoanView(em: TEntityManager, loanId: string): Promise<TLoan | null> {
  const [row] = await queryView<TLoanViewRow>(em, loanByIdQuery(loanId), { replica: false });
  return row ? viewRowToLoanDto(row) : null;
}

/**
 * Filtered, keyset-paginated loans on (dateField, id), as DTOs. A read-only path: one prepared SQL query
 * (see `loanListQuery` for the index use) mapped straight to the API shape, on the read replica when one
 * is configured. Loading and hydrating entities here cost several times the query itself
 * (docs/performance.md), and a list never changes what it reads.
 */
export async function listLoans(em: TEntityManager, input: TLoanListInput) {
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  // A tampered cursor must be a 400, not a database error on the uuid cast.
  if (after && !UUID.test(after.id)) {
    throw new DomainError('BAD_REQUEST', 'Invalid cursor', { cursor: ['Invalid cursor'] });
  }
  const rows = await queryView<TLoanViewRow>(em, loanListQuery({ ...input, after }), { replica: true });
  const items = rows.slice(0, input.limit).map(viewRowToLoanDto);
  const last = items.at(-1);
  const nextCursor =
    rows.length > input.limit && last ? encodeCursor({ at: last[input.dateField], id: last.id }) : null;
  return { items, nextCursor };
}

export const findLoanHistory = (em: TEntityManager, loanId: string) =>
  em.find(HistoryEntry, { entityType: 'loan', entityId: loanId }, { orderBy: { version: 'asc' } });
