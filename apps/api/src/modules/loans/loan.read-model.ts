import type { TLoan, TLoanStatus } from '@loanbook/domain/loans';
import { formatRatePercent } from '@loanbook/domain/products';
import type { TEntityManager } from '../../db/orm';
import type { TLoanViewRow, TSqlQuery } from './loan.read-sql';

/** A view row → the API's loan shape (the SQL already formatted the dates; the rate has one rule, the domain's). */
export const viewRowToLoanDto = (row: TLoanViewRow): TLoan => ({
  id: row.id,
  // The column's check constraint admits only loan statuses.
  status: row.status as TLoanStatus,
  productCode: row.product_code,
  productName: row.product_name,
  principal: row.principal,
  annualRatePercent: formatRatePercent(row.annual_rate_percent),
  termMonths: row.term_months,
  monthlyInstallment: row.monthly_installment,
  totalInterest: row.total_interest,
  totalPayable: row.total_payable,
  customer: { id: row.customer_id, username: row.customer_username },
  agent: row.agent_id ? { id: row.agent_id, username: row.agent_username ?? '' } : null,
  rejectionReason: row.rejection_reason,
  decidedBy: row.decided_by_id ? { id: row.decided_by_id, username: row.decided_by_username ?? '' } : null,
  decidedAt: row.decided_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: row.version,
  lateFee: row.late_fee,
  lateFeeGraceDays: row.late_fee_grace_days,
  disbursedOn: row.disbursed_on,
  closedOn: row.closed_on,
  principalOutstanding: row.principal_outstanding,
  nextDueOn: row.next_due_on,
  nextDueAmount: row.next_due_amount,
  totalPaid: row.total_paid,
  daysPastDue: row.days_past_due,
});

/** The two raw clients behind MikroORM's knex pool: node-postgres, and PGlite in the embedded mode. */
interface TPgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}
interface TPGliteClient {
  query(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}
interface TKnexClient {
  driverName: string;
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): unknown;
}

/** One prepared-statement name per distinct SQL text; node-postgres parses each once per connection. */
const statementNames = new Map<string, string>();
const statementName = (text: string) => {
  let name = statementNames.get(text);
  if (!name) {
    name = `loanbook_read_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name;
};

/**
 * Runs a read query on the ORM's own pool — the read replica's when one is configured, the primary's
 * otherwise — as a named prepared statement. MikroORM's `execute` inlines parameters into the text and
 * sends it over the simple protocol, so PostgreSQL plans every call afresh; preparing is worth about a
 * quarter on the list page (docs/performance.md). Inside a transaction the query joins the transaction
 * through the ORM instead, so it sees the transaction's own writes.
 */
export async function queryView<TRow>(
  em: TEntityManager,
  query: TSqlQuery,
  { replica }: { replica: boolean },
): Promise<TRow[]> {
  const transaction = em.getTransactionContext();
  if (transaction) {
    // `?` placeholders for the ORM; the builder numbers each parameter once and in order.
    const text = query.text.replace(/\$\d+/g, '?');
    return em.getConnection('write').execute<TRow[]>(text, query.values, 'all', transaction);
  }
  const connection = em.getConnection(replica ? 'read' : 'write');
  // Knex's client API is untyped (`any`); these are the three members used, as documented by knex.
  const client = connection.getKnex().client as unknown as TKnexClient;
  const raw = await client.acquireConnection();
  try {
    const result =
      client.driverName === 'pg'
        ? await (raw as TPgClient).query({ name: statementName(query.text), ...query })
        : await (raw as TPGliteClient).query(query.text, query.values);
    return result.rows as TRow[];
  } catch (error) {
    throw error instanceof Error ? em.getPlatform().getExceptionConverter().convertException(error) : error;
  } finally {
    client.releaseConnection(raw);
  }
}
