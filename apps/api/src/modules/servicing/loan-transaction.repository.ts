import type { TAllocation, TLedgerTransaction, TLoanTransaction } from '@loanbook/domain/servicing';
import type { TEntityManager } from '../../db/orm';

/**
 * The ledger table, read and appended with SQL: it is append-only (a trigger refuses UPDATE and DELETE),
 * so there is nothing for the unit of work to track, and the loan's own change (and its history row) goes
 * through the ORM in the same database transaction.
 */
interface TTransactionRow {
  id: string;
  loan_id: string;
  seq: string | number;
  type: TLoanTransaction['type'];
  amount: string;
  value_date: string;
  recorded_at: string;
  recorded_by_id: string | null;
  recorded_by_username: string;
  recorded_by_role: string;
  reference: string | null;
  reduce: 'TERM' | 'INSTALLMENT' | null;
  reverses: string | null;
  reversed_by: string | null;
  allocation: TAllocation | string;
  request_fingerprint: string;
  idempotency_key: string;
}

/** A stored transaction: what the API shows, what the ledger replays, and its idempotency fingerprint. */
export interface TStoredTransaction {
  dto: TLoanTransaction;
  ledger: TLedgerTransaction;
  idempotencyKey: string;
  fingerprint: string;
}

const SELECT = `select t.id, t.loan_id, t.seq, t.type, t.amount::text as amount,
  to_char(t.value_date, 'YYYY-MM-DD') as value_date,
  to_char(t.recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as recorded_at,
  t.recorded_by_id, t.recorded_by_username, t.recorded_by_role, t.reference, t.reduce, t.reverses,
  r.id as reversed_by, t.allocation, t.request_fingerprint, t.idempotency_key
from loan_transactions t
left join loan_transactions r on r.loan_id = t.loan_id and r.reverses = t.id`;

function toStored(row: TTransactionRow): TStoredTransaction {
  // node-postgres returns jsonb parsed; PGlite too, but be tolerant of text.
  const allocation: TAllocation =
    typeof row.allocation === 'string' ? JSON.parse(row.allocation) : row.allocation;
  const dto: TLoanTransaction = {
    id: row.id,
    loanId: row.loan_id,
    type: row.type,
    amount: row.amount,
    valueDate: row.value_date,
    recordedAt: row.recorded_at,
    recordedBy: {
      id: row.recorded_by_id ?? 'system',
      username: row.recorded_by_username,
      role: row.recorded_by_role,
    },
    reference: row.reference,
    reduce: row.reduce,
    allocation,
    reverses: row.reverses,
    reversedBy: row.reversed_by,
  };
  const ledger: TLedgerTransaction = {
    id: row.id,
    type: row.type,
    amount: row.amount,
    valueDate: row.value_date,
    seq: Number(row.seq),
    reduce: row.reduce,
    reverses: row.reverses,
  };
  return { dto, ledger, idempotencyKey: row.idempotency_key, fingerprint: row.request_fingerprint };
}

/** A loan's transactions in value-date order (same day: in the order recorded). */
export async function findLoanTransactions(
  em: TEntityManager,
  loanId: string,
): Promise<TStoredTransaction[]> {
  const rows = await em.execute<TTransactionRow[]>(
    `${SELECT}\nwhere t.loan_id = ?\norder by t.value_date, t.seq`,
    [loanId],
  );
  return rows.map(toStored);
}

export interface TNewTransaction {
  id: string;
  loanId: string;
  type: TLoanTransaction['type'];
  amount: string;
  valueDate: string;
  recordedBy: { id: string | null; username: string; role: string };
  reference: string | null;
  reduce: 'TERM' | 'INSTALLMENT' | null;
  reverses: string | null;
  reason: string | null;
  idempotencyKey: string;
  fingerprint: string;
  allocation: TAllocation;
}

/** Appends one transaction, in the caller's database transaction (the EntityManager's). */
export async function insertTransaction(em: TEntityManager, row: TNewTransaction): Promise<void> {
  await em.execute(
    `insert into loan_transactions (id, loan_id, type, amount, value_date, recorded_at, recorded_by_id,
      recorded_by_username, recorded_by_role, reference, reduce, reverses, reason, idempotency_key,
      request_fingerprint, allocation)
     values (?, ?, ?, ?, ?, now(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)`,
    [
      row.id,
      row.loanId,
      row.type,
      row.amount,
      row.valueDate,
      row.recordedBy.id,
      row.recordedBy.username,
      row.recordedBy.role,
      row.reference,
      row.reduce,
      row.reverses,
      row.reason,
      row.idempotencyKey,
      row.fingerprint,
      JSON.stringify(row.allocation),
    ],
  );
}
