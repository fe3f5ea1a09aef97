import type { TLoanListInput } from '@loanbook/domain/loans';
import { decodeCursor, encodeCursor } from '@loanbook/domain/pagination';
import type { FilterQuery } from '@mikro-orm/core';
import type { TEntityManager } from '../../db/orm';
import { HistoryEntry } from '../history/history-entry.entity';
import { type ILoan, Loan } from './loan.entity';

/** Relations every loan DTO shows (product name, user names). */
export const LOAN_POPULATE = ['product', 'customer', 'agent', 'decidedBy'] as const;

const DAY_MS = 24 * 60 * 60 * 1000;

export const findLoan = (em: TEntityManager, loanId: string) =>
  em.findOne(Loan, loanId, { populate: LOAN_POPULATE });

/**
 * Filtered, keyset-paginated loans on (dateField, id). The keyset predicate is written in its expanded
 * form `t <= $t AND (t < $t OR id < $id)`, which PostgreSQL turns into an index range scan on the
 * matching (filter, time, id) index.
 */
export async function listLoans(em: TEntityManager, input: TLoanListInput) {
  const time = input.dateField;
  const where: FilterQuery<ILoan>[] = [];
  if (input.status) where.push({ status: { $in: input.status } });
  if (input.productCode) where.push({ product: input.productCode });
  if (input.customerId) where.push({ customer: input.customerId });
  if (input.agentId) where.push({ agent: input.agentId });
  // Dates are UTC days, both inclusive: [from 00:00, to + 1 day 00:00).
  if (input.from) where.push({ [time]: { $gte: new Date(`${input.from}T00:00:00.000Z`) } });
  if (input.to) where.push({ [time]: { $lt: new Date(Date.parse(`${input.to}T00:00:00.000Z`) + DAY_MS) } });
  if (input.cursor) {
    const { at, id } = decodeCursor(input.cursor);
    const position = new Date(at);
    const [inclusive, strict, idOp] = input.sort === 'desc' ? ['$lte', '$lt', '$lt'] : ['$gte', '$gt', '$gt'];
    where.push({
      [time]: { [inclusive]: position },
      $or: [{ [time]: { [strict]: position } }, { id: { [idOp]: id } }],
    } as FilterQuery<ILoan>);
  }
  const rows = await em.find(Loan, where.length ? { $and: where } : {}, {
    populate: LOAN_POPULATE,
    orderBy: [{ [time]: input.sort }, { id: input.sort }],
    limit: input.limit + 1,
  });
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > input.limit && last ? encodeCursor({ at: last[time].toISOString(), id: last.id }) : null;
  return { items, nextCursor };
}

export const findLoanHistory = (em: TEntityManager, loanId: string) =>
  em.find(HistoryEntry, { entityType: 'loan', entityId: loanId }, { orderBy: { version: 'asc' } });
