import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver, type SqlEntityManager } from '@mikro-orm/postgresql';
import { PGliteDriver } from 'mikro-orm-pglite';
import { HistorySubscriber } from '../modules/history/history.subscriber';
import { HistoryEntry } from '../modules/history/history-entry.entity';
import { Loan } from '../modules/loans/loan.entity';
import { LoanProduct } from '../modules/products/loan-product.entity';
import { User } from '../modules/users/user.entity';
import { Migration20261126000000_initial } from './migrations/Migration20261126000000_initial';

/** PostgreSQL by URL, or the embedded PGlite in a directory (`null`: in memory, for tests). */
export type TDatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | null };

export type TEntityManager = SqlEntityManager;

export interface TDatabase {
  orm: MikroORM;
  /** A fresh fork for one unit of work (one per request). */
  fork(): TEntityManager;
  isReachable(): Promise<boolean>;
  migrate(): Promise<void>;
  close(): Promise<void>;
  target: TDatabaseTarget;
}

const baseOptions = {
  entities: [User, LoanProduct, Loan, HistoryEntry],
  extensions: [Migrator],
  subscribers: [new HistorySubscriber()],
  migrations: {
    // Listed explicitly (not globbed) so the same list works from TypeScript source and from a bundle.
    migrationsList: [{ name: 'Migration20261126000000_initial', class: Migration20261126000000_initial }],
    transactional: true,
    allOrNothing: true,
    snapshot: false,
    silent: true,
  },
  forceUtcTimezone: true,
  // Every request must use its own fork; the global EM is a bug waiting to share state between users.
  allowGlobalContext: false,
  ignoreUndefinedInQuery: true,
} satisfies Partial<Options>;

export async function openDatabase(target: TDatabaseTarget): Promise<TDatabase> {
  let pglite: PGlite | null = null;
  let orm: MikroORM;
  if (target.kind === 'postgres') {
    orm = await MikroORM.init({
      ...baseOptions,
      driver: PostgreSqlDriver,
      clientUrl: target.url,
      pool: { min: 0, max: 10, acquireTimeoutMillis: 5000 },
      driverOptions: { connection: { connectionTimeoutMillis: 3000 } },
    });
  } else {
    if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
    const instance = target.dataDir ? new PGlite(target.dataDir) : new PGlite();
    pglite = instance;
    orm = await MikroORM.init({
      ...baseOptions,
      driver: PGliteDriver,
      dbName: 'postgres',
      driverOptions: { connection: { pglite: () => instance } },
    });
  }
  return {
    orm,
    target,
    fork: () => orm.em.fork() as TEntityManager,
    isReachable: () => orm.isConnected(),
    migrate: async () => {
      await orm.getMigrator().up();
    },
    close: async () => {
      await orm.close(true);
      await pglite?.close();
    },
  };
}
