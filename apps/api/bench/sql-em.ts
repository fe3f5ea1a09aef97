import type { TEntityManager } from '../src/db/orm';

/**
 * Lets the benchmark run the very SQL text of a Loanbook function that takes an EntityManager but only
 * calls `em.execute(sql, params)` (the portfolio's queries, the ledger's repository): the baseline and
 * the EXPLAIN gate hand it this stand-in, so what they run and check is the code that ships, not a copy.
 */
export type TRawQuery = (text: string, values: unknown[]) => Promise<Record<string, unknown>[]>;

/** `?` placeholders (knex's) → `$1, $2, …` (node-postgres'), in order. */
export const toPositional = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/** An EntityManager whose only working method is `execute`, over a raw query function. */
export const executeOnlyEm = (query: TRawQuery): TEntityManager =>
  ({
    execute: (sql: string, params: unknown[] = []) => query(toPositional(sql), params),
  }) as unknown as TEntityManager;
