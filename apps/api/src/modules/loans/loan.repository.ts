import type { TLoan, TLoanListInput } from '@loanbook/domain/loans';
import { decodeCursor, encodeCursor } from '@loanbook/domain/pagination';
import type { TEntityManager } from '../../db/orm';
import { queryPrepared } from '../../db/prepared-query';
import { HistoryEntry } from '../history/history-entry.entity';
import { Loan } from './loan.entity';
import { viewRowToLoanDto } from './loan.read-model';
import { loanByIdQuery, loanListQuery, type TLoanViewRow } from './loan.read-sql';

/**
 * The managed entity, relations as references (their ids are all a command needs): what commands change
 * and flush (history comes from the flush). Answers come from `findLoanView`.
 */
export const findLoan = (em: TEntityManager, loanId: string) => em.findOne(Loan, loanId);

/**
 * One loan in the API's shape: the one read model of every procedure that returns a `Loan`, the same
 * lean path as `listLoans`, on the primary (a loan just changed must read back changed).
 */
export async function findLoanView(em: TEntityManager, loanId: string): Promise<TLoan | null> {
  const [row] = await queryPrepared<TLoanViewRow>(em, loanByIdQuery(loanId), { replica: false });
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
  const rows = await queryPrepared<TLoanViewRow>(em, loanListQuery({ ...input, after }), { replica: true });
  const items = rows.slice(0, input.limit).map(viewRowToLoanDto);
  const last = items.at(-1);
  const at = input.sort === 'daysPastDue' ? `${last?.nextDueOn}T00:00:00.000Z` : last?.[input.dateField];
  const nextCursor = rows.length > input.limit && last && at ? encodeCursor({ at, id: last.id }) : null;
  return { items, nextCursor };
}

export const findLoanHistory = (em: TEntityManager, loanId: string) =>
  em.find(HistoryEntry, { entityType: 'loan', entityId: loanId }, { orderBy: { version: 'asc' } });
