import type { TEntityManager } from './orm';

/** One SQL statement with `$n` placeholders and their values. */
export interface TPreparedQuery {
  text: string;
  values: readonly (string | number)[];
}

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
 * Runs a read query on the ORM's own pool — the read replica's when asked for and configured, the
 * primary's otherwise — as a named prepared statement, and returns the raw rows. MikroORM's `execute`
 * inlines parameters into the text and sends it over the simple protocol, so PostgreSQL plans every call
 * afresh; preparing is worth about a quarter on the list page, and the ORM's `findOne` with hydration
 * several times the query itself (docs/performance.md). Inside a transaction the query joins the
 * transaction through the ORM instead, so it sees the transaction's own writes. Errors come back
 * converted like the ORM's own (e.g. a lost connection as a ConnectionException).
 */
export async function queryPrepared<TRow>(
  em: TEntityManager,
  query: TPreparedQuery,
  { replica }: { replica: boolean },
): Promise<TRow[]> {
  const transaction = em.getTransactionContext();
  if (transaction) {
    // `?` placeholders for the ORM; the builder numbers each parameter once and in order.
    const text = query.text.replace(/\$\d+/g, '?');
    return em.getConnection('write').execute<TRow[]>(text, [...query.values], 'all', transaction);
  }
  const connection = em.getConnection(replica ? 'read' : 'write');
  // Knex's client API is untyped (`any`); these are the three members used, as documented by knex.
  const client = connection.getKnex().client as unknown as TKnexClient;
  const raw = await client.acquireConnection();
  try {
    const values = [...query.values];
    const result =
      client.driverName === 'pg'
        ? await (raw as TPgClient).query({ name: statementName(query.text), text: query.text, values })
        : await (raw as TPGliteClient).query(query.text, values);
    return result.rows as TRow[];
  } catch (error) {
    throw error instanceof Error ? em.getPlatform().getExceptionConverter().convertException(error) : error;
  } finally {
    client.releaseConnection(raw);
  }
}
