import { Client } from 'pg';
import { openDatabase, type TDatabase } from '../../src/db/orm';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TTestDatabase extends TDatabase {
  /** Closes the connection and drops the per-file PostgreSQL database. */
  destroy(): Promise<void>;
  /** The connection string of the PostgreSQL tier's database, for a server process under test. */
  url: string | null;
}

async function withAdminClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL });
  try {
    await client.connect();
  } catch (error) {
    // Never skip silently: the PostgreSQL tier is required (.ci/run starts the server).
    throw new Error(
      `PostgreSQL tier: cannot connect to ${ADMIN_URL} (set TEST_DATABASE_URL): ${String(error)}`,
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export const testDatabaseKind = (): 'pglite' | 'postgres' =>
  process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';

/** A migrated, empty database for one test file: PGlite in memory, or a fresh PostgreSQL database. */
export async function createTestDatabase(): Promise<TTestDatabase> {
  if (testDatabaseKind() === 'pglite') {
    const db = await openDatabase({ kind: 'pglite', dataDir: null });
    await db.migrate();
    return { ...db, destroy: db.close, url: null };
  }
  const name = `loanbook_test_${process.pid}_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await withAdminClient((client) => client.query(`create database ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const db = await openDatabase({ kind: 'postgres', url: url.toString() });
  await db.migrate();
  return {
    ...db,
    url: url.toString(),
    destroy: async () => {
      await db.close();
      await withAdminClient((client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}
